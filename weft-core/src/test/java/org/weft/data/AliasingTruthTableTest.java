package org.weft.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Exact aliasing (DESIGN.md §1) as truth tables: for pairs of views, the exact number of elements (or bytes)
 * they share. The expected numbers in the tables are worked out by hand from the matrix layout in the
 * comments; {@link #everyPairOfKinds} then checks every pair of view kinds on four matrices against covers
 * enumerated cell by cell.
 */
class AliasingTruthTableTest {

    // A: 6 x 6, ld 6. Element (i, j) is A_DATA[i + 6j]; columns are contiguous and touch each other.
    static final double[] A_DATA = new double[36];
    static final Matrix A = Matrix.wrap(A_DATA, 6, 6, 6);

    // B: 6 x 5, ld 8. Element (i, j) is B_DATA[i + 8j]; elements 6, 7 of every column are padding.
    static final double[] B_DATA = new double[38];
    static final Matrix B = Matrix.wrap(B_DATA, 6, 5, 8);
    static final Matrix B_ON_HEAP_SEGMENT = Matrix.wrap(MemorySegment.ofArray(B_DATA), 6, 5, 8);

    // C: 4 x 7, ld 5 (wide). Element (i, j) is C_DATA[i + 5j]; the diagonal stops at (3, 3).
    static final double[] C_DATA = new double[34];
    static final Matrix C = Matrix.wrap(C_DATA, 4, 7, 5);

    // N: the layout of A in native memory.
    static final Arena ARENA = Arena.ofAuto();
    static final MemorySegment N_MEM = ARENA.allocate(36 * 8, 8);
    static final Matrix N = Matrix.wrap(N_MEM, 6, 6, 6);
    static final MemorySegment OTHER_NATIVE = ARENA.allocate(36 * 8, 8);

    // Small arrays of every element type, and heap segments over them.
    static final double[] H = new double[10];
    static final MemorySegment HS = MemorySegment.ofArray(H);
    static final double[] H2 = new double[10];
    static final int[] I = new int[10];
    static final float[] F = new float[10];
    static final long[] L = new long[10];
    static final byte[] Y = new byte[32];

    static final Object OBJ = new Object();
    static final Object OBJ2 = new Object();

    private static Arguments row(String a, View va, String b, View vb, long expected) {
        return Arguments.of(Named.of(a, va), Named.of(b, vb), expected);
    }

    static Stream<Arguments> overlapsInDoubles() {
        return Stream.of(
                // --- A: 6 x 6, ld 6 -------------------------------------------------------------
                row("A strict lower", A.lower(false), "A strict upper", A.upper(false), 0),
                row("A lower+diag", A.lower(true), "A upper+diag", A.upper(true), 6),
                row("A lower+diag", A.lower(true), "A strict upper", A.upper(false), 0),
                row("A strict lower", A.lower(false), "A upper+diag", A.upper(true), 0),
                row("A lower+diag", A.lower(true), "A strict lower", A.lower(false), 15),
                row("A upper+diag", A.upper(true), "A strict upper", A.upper(false), 15),
                row("A lower+diag", A.lower(true), "A lower+diag", A.lower(true), 21),
                row("A strict lower", A.lower(false), "A", A, 15),
                row("A diagonal", A.diagonal(), "A strict lower", A.lower(false), 0),
                row("A diagonal", A.diagonal(), "A strict upper", A.upper(false), 0),
                row("A diagonal", A.diagonal(), "A lower+diag", A.lower(true), 6),
                row("A diagonal", A.diagonal(), "A upper+diag", A.upper(true), 6),
                row("A diagonal", A.diagonal(), "A", A, 6),
                row("A row 2", A.row(2), "A col 4", A.col(4), 1),
                row("A row 3", A.row(3), "A col 3", A.col(3), 1),
                row("A row 1", A.row(1), "A row 3", A.row(3), 0),
                row("A row 4", A.row(4), "A row 5", A.row(5), 0),
                row("A col 0", A.col(0), "A col 1", A.col(1), 0),          // contiguous columns touch
                row("A col 2", A.col(2), "A col 2", A.col(2), 6),
                row("A diagonal", A.diagonal(), "A row 3", A.row(3), 1),
                row("A diagonal", A.diagonal(), "A col 5", A.col(5), 1),
                row("A row 0", A.row(0), "A strict lower", A.lower(false), 0),
                row("A row 5", A.row(5), "A strict lower", A.lower(false), 5),
                row("A row 3", A.row(3), "A strict lower", A.lower(false), 3),   // (3,0..2)
                row("A row 3", A.row(3), "A strict upper", A.upper(false), 2),   // (3,4..5)
                row("A col 0", A.col(0), "A strict upper", A.upper(false), 0),
                row("A col 5", A.col(5), "A strict upper", A.upper(false), 5),
                row("A col 2", A.col(2), "A lower+diag", A.lower(true), 4),      // (2..5,2)
                row("A tile(0,0,3)", A.tile(0, 0, 3), "A tile(0,1,3)", A.tile(0, 1, 3), 0),
                row("A tile(0,0,3)", A.tile(0, 0, 3), "A tile(1,0,3)", A.tile(1, 0, 3), 0),
                row("A tile(0,0,3)", A.tile(0, 0, 3), "A tile(1,1,3)", A.tile(1, 1, 3), 0),
                row("A tile(1,1,3)", A.tile(1, 1, 3), "A tile(1,1,3)", A.tile(1, 1, 3), 9),
                row("A block(1,1 3x3)", A.block(1, 1, 3, 3), "A block(2,2 3x3)", A.block(2, 2, 3, 3), 4),  // 2 rows x 2 cols
                row("A block(0,0 4x5)", A.block(0, 0, 4, 5), "A block(2,1 4x2)", A.block(2, 1, 4, 2), 4),  // rows 2-3 x cols 1-2
                row("A block(0,1 2x4)", A.block(0, 1, 2, 4), "A block(1,0 4x2)", A.block(1, 0, 4, 2), 1),  // (1,1)
                row("A rows(1,3)", A.rows(1, 3), "A cols(2,5)", A.cols(2, 5), 6),
                row("A rows(0,3)", A.rows(0, 3), "A rows(3,6)", A.rows(3, 6), 0),
                row("A cols(0,3)", A.cols(0, 3), "A cols(3,6)", A.cols(3, 6), 0),
                row("A tile(0,0,4)", A.tile(0, 0, 4), "A strict lower", A.lower(false), 6),   // i > j inside 4x4
                row("A tile(0,0,4)", A.tile(0, 0, 4), "A upper+diag", A.upper(true), 10),
                row("A tile(1,0,4) 2x4 edge", A.tile(1, 0, 4), "A strict lower", A.lower(false), 8),
                row("A tile(1,0,4) 2x4 edge", A.tile(1, 0, 4), "A upper+diag", A.upper(true), 0),
                row("A tile(0,1,4) 4x2 edge", A.tile(0, 1, 4), "A strict upper", A.upper(false), 8),
                row("A tile(0,1,4) 4x2 edge", A.tile(0, 1, 4), "A row 3", A.row(3), 2),
                row("A tile(1,1,4) 2x2 corner", A.tile(1, 1, 4), "A diagonal", A.diagonal(), 2),
                row("A tile(1,1,4) 2x2 corner", A.tile(1, 1, 4), "A lower+diag", A.lower(true), 3),
                row("A data [0,6)", Views.range(A_DATA, 0, 6), "A col 0", A.col(0), 6),
                row("A data [5,7)", Views.range(A_DATA, 5, 7), "A col 0", A.col(0), 1),
                row("A data [5,7)", Views.range(A_DATA, 5, 7), "A row 0", A.row(0), 1),
                row("A data [5,7)", Views.range(A_DATA, 5, 7), "A diagonal", A.diagonal(), 0),
                row("A data [0,36)", Views.range(A_DATA, 0, 36), "A strict upper", A.upper(false), 15),
                row("A data 0 +7 x6", ByCount.strided(A_DATA, 0, 6, 7), "A diagonal", A.diagonal(), 6),
                row("A data 0 +7 x6", ByCount.strided(A_DATA, 0, 6, 7), "A strict lower", A.lower(false), 0),
                row("A data 2 +6 x6", ByCount.strided(A_DATA, 2, 6, 6), "A row 2", A.row(2), 6),
                row("A data 2 +6 x6", ByCount.strided(A_DATA, 2, 6, 6), "A col 3", A.col(3), 1),
                row("A data 1 +2 x18 (odd)", ByCount.strided(A_DATA, 1, 18, 2), "A col 0", A.col(0), 3),
                row("A data 1 +2 x18 (odd)", ByCount.strided(A_DATA, 1, 18, 2), "A data 0 +2 x18 (even)", ByCount.strided(A_DATA, 0, 18, 2), 0),
                row("whole A data", Views.whole(A_DATA), "A strict lower", A.lower(false), 15),
                row("whole A data", Views.whole(A_DATA), "A", A, 36),
                // elements 7 = (1,1), 8 = (2,1), 20 = (2,3)
                row("A custom {7,8} {20}", Views.custom(A_DATA, new long[]{56, 160}, new long[]{16, 8}), "A diagonal", A.diagonal(), 1),
                row("A custom {7,8} {20}", Views.custom(A_DATA, new long[]{56, 160}, new long[]{16, 8}), "A strict lower", A.lower(false), 1),
                row("A custom {7,8} {20}", Views.custom(A_DATA, new long[]{56, 160}, new long[]{16, 8}), "A strict upper", A.upper(false), 1),
                row("A custom {7,8} {20}", Views.custom(A_DATA, new long[]{56, 160}, new long[]{16, 8}), "A row 2", A.row(2), 2),

                // --- B: 6 x 5, ld 8 (padding rows 6, 7) ------------------------------------------
                row("B", B, "B data [0,38)", Views.range(B_DATA, 0, 38), 30),
                row("B", B, "B padding [6,8)", Views.range(B_DATA, 6, 8), 0),
                row("B", B, "B data [4,10)", Views.range(B_DATA, 4, 10), 4),          // (4,0) (5,0) (0,1) (1,1)
                row("B col 0", B.col(0), "B data [4,10)", Views.range(B_DATA, 4, 10), 2),
                row("B strict lower", B.lower(false), "B strict upper", B.upper(false), 0),
                row("B lower+diag", B.lower(true), "B upper+diag", B.upper(true), 5),
                row("B lower+diag", B.lower(true), "B", B, 20),                      // 6+5+4+3+2
                row("B strict lower", B.lower(false), "B", B, 15),                   // 5+4+3+2+1
                row("B upper+diag", B.upper(true), "B", B, 15),                      // 1+2+3+4+5
                row("B strict upper", B.upper(false), "B", B, 10),                   // 0+1+2+3+4
                row("B diagonal", B.diagonal(), "B row 5", B.row(5), 0),             // the diagonal stops at (4,4)
                row("B diagonal", B.diagonal(), "B row 4", B.row(4), 1),
                row("B row 5", B.row(5), "B strict lower", B.lower(false), 5),
                row("B row 5", B.row(5), "B upper+diag", B.upper(true), 0),
                row("B col 4", B.col(4), "B strict upper", B.upper(false), 4),
                row("B col 4", B.col(4), "B lower+diag", B.lower(true), 2),
                row("B tile(1,1,4) 2x1 corner", B.tile(1, 1, 4), "B diagonal", B.diagonal(), 1),
                row("B tile(1,1,4) 2x1 corner", B.tile(1, 1, 4), "B strict lower", B.lower(false), 1),
                row("B tile(1,0,4)", B.tile(1, 0, 4), "B tile(1,1,4)", B.tile(1, 1, 4), 0),
                row("B tile(0,0,4)", B.tile(0, 0, 4), "B block(2,2 4x3)", B.block(2, 2, 4, 3), 4),
                row("B row 3", B.row(3), "B data 3 +8 x5", ByCount.strided(B_DATA, 3, 5, 8), 5),
                row("B row 3", B.row(3), "B col 2", B.col(2), 1),
                row("B rows(2,4)", B.rows(2, 4), "B cols(1,3)", B.cols(1, 3), 4),
                row("B", B, "B over a heap segment", B_ON_HEAP_SEGMENT, 30),
                row("B strict lower", B.lower(false), "B over a heap segment: upper+diag", B_ON_HEAP_SEGMENT.upper(true), 0),
                row("B lower+diag", B.lower(true), "B over a heap segment: upper+diag", B_ON_HEAP_SEGMENT.upper(true), 5),
                row("B col 3", B.col(3), "B over a heap segment: row 2", B_ON_HEAP_SEGMENT.row(2), 1),

                // --- C: 4 x 7, ld 5 (wide) -------------------------------------------------------
                row("C lower+diag", C.lower(true), "C upper+diag", C.upper(true), 4),
                row("C strict lower", C.lower(false), "C strict upper", C.upper(false), 0),
                row("C lower+diag", C.lower(true), "C", C, 10),                      // 4+3+2+1
                row("C strict lower", C.lower(false), "C", C, 6),                    // 3+2+1
                row("C upper+diag", C.upper(true), "C", C, 22),                      // 1+2+3+4+4+4+4
                row("C strict upper", C.upper(false), "C", C, 18),                   // 0+1+2+3+4+4+4
                row("C diagonal", C.diagonal(), "C col 6", C.col(6), 0),
                row("C diagonal", C.diagonal(), "C col 3", C.col(3), 1),
                row("C row 3", C.row(3), "C strict upper", C.upper(false), 3),
                row("C row 3", C.row(3), "C lower+diag", C.lower(true), 4),
                row("C tile(0,1,3)", C.tile(0, 1, 3), "C strict upper", C.upper(false), 9),
                row("C tile(0,1,3)", C.tile(0, 1, 3), "C lower+diag", C.lower(true), 0),
                row("C tile(1,2,3) 1x1 corner", C.tile(1, 2, 3), "C strict upper", C.upper(false), 1),
                row("C tile(1,2,3) 1x1 corner", C.tile(1, 2, 3), "C row 3", C.row(3), 1),
                row("C tile(1,1,3) 1x3 edge", C.tile(1, 1, 3), "C diagonal", C.diagonal(), 1),

                // --- different arrays never alias --------------------------------------------------
                row("A", A, "B", B, 0),
                row("whole A data", Views.whole(A_DATA), "whole B data", Views.whole(B_DATA), 0),
                row("A lower+diag", A.lower(true), "native A lower+diag", N.lower(true), 0));
    }

    @ParameterizedTest(name = "{0}  vs  {1}  ->  {2} doubles")
    @MethodSource
    void overlapsInDoubles(View a, View b, long doubles) {
        assertOverlap(a, b, doubles * Double.BYTES);
    }

    @SuppressWarnings("restricted")                                   // reinterpret: the wrapper of an address we own
    static Stream<Arguments> overlapsInBytes() {
        MemorySegment hsOfOther = MemorySegment.ofArray(H2);
        return Stream.of(
                // --- native memory: spans are absolute addresses -----------------------------------
                row("native A row 2", N.row(2), "strided(seg, 16, 6, 48, 8) = row 2", ByCount.strided(N_MEM, 16, 6, 48, 8), 48),
                row("native A col 3", N.col(3), "strided(seg, 16, 6, 48, 8) = row 2", ByCount.strided(N_MEM, 16, 6, 48, 8), 8),
                row("native A diagonal", N.diagonal(), "strided(seg, 0, 6, 56, 8) = diagonal", ByCount.strided(N_MEM, 0, 6, 56, 8), 48),
                row("native A strict lower", N.lower(false), "strided(seg, 0, 6, 56, 8) = diagonal", ByCount.strided(N_MEM, 0, 6, 56, 8), 0),
                row("native A strict upper", N.upper(false), "strided(seg, 2, 6, 48, 4): low halves of row 0 + 2 bytes",
                        ByCount.strided(N_MEM, 2, 6, 48, 4), 20),                      // columns 1..5 of row 0, 4 bytes each
                row("native slice [0,100)", Views.of(N_MEM.asSlice(0, 100)), "native slice [96,196)", Views.of(N_MEM.asSlice(96, 100)), 4),
                row("native slice [0,96)", Views.of(N_MEM.asSlice(0, 96)), "native slice [96,192)", Views.of(N_MEM.asSlice(96, 96)), 0),
                row("6x5 matrix over the slice from byte 48", Matrix.wrap(N_MEM.asSlice(48), 6, 5, 6), "native A col 1", N.col(1), 48),
                row("6x5 matrix over the slice from byte 48: col 0", Matrix.wrap(N_MEM.asSlice(48), 6, 5, 6).col(0),
                        "native A diagonal", N.diagonal(), 8),                       // (1,1)
                row("ofAddress wrapper of A's memory", Views.of(MemorySegment.ofAddress(N_MEM.address()).reinterpret(36 * 8)),
                        "native A strict upper", N.upper(false), 15 * 8),
                row("native A", N, "another native allocation", Views.of(OTHER_NATIVE), 0),
                row("native A", N, "A over an array", A, 0),

                // --- heap segments alias the array they wrap, byte for byte ------------------------
                row("H [2,5)", Views.range(H, 2, 5), "heap segment of H, bytes [16,40)", Views.range(HS, 16, 40), 24),
                row("H [3,4)", Views.range(H, 3, 4), "heap segment of H sliced at 24, bytes [0,8)", Views.range(HS.asSlice(24), 0, 8), 8),
                row("H [0,2)", Views.range(H, 0, 2), "heap segment of H, bytes [4,12)", Views.range(HS, 4, 12), 8),
                row("H [1,2)", Views.range(H, 1, 2), "heap segment of H, bytes [4,12)", Views.range(HS, 4, 12), 4),
                row("H even", ByCount.strided(H, 0, 5, 2), "heap segment of H: odd doubles", ByCount.strided(HS, 8, 5, 16, 8), 0),
                row("H even", ByCount.strided(H, 0, 5, 2), "heap segment of H: even doubles", ByCount.strided(HS, 0, 5, 16, 8), 40),
                row("all of H", Views.of(H), "all of its heap segment", Views.of(HS), 80),
                row("all of H", Views.of(H), "heap segment of another double[10]", Views.of(hsOfOther), 0),
                row("heap segment of H", Views.of(HS), "native memory", Views.of(N_MEM), 0),
                row("int[] [1,3)", Views.range(I, 1, 3), "its heap segment, bytes [4,12)", Views.range(MemorySegment.ofArray(I), 4, 12), 8),
                row("float[] [1,3)", Views.range(F, 1, 3), "its heap segment: floats 2, 3", ByCount.strided(MemorySegment.ofArray(F), 8, 2, 4, 4), 4),
                row("long[] [0,4)", Views.range(L, 0, 4), "its heap segment: longs 1, 3", ByCount.strided(MemorySegment.ofArray(L), 8, 2, 16, 8), 16),
                row("byte[] [3,9)", Views.range(Y, 3, 9), "its heap segment, bytes [5,20)", Views.range(MemorySegment.ofArray(Y), 5, 20), 4),
                row("byte[] 1 +3 x10", ByCount.strided(Y, 1, 10, 3), "byte[] [0,10)", Views.range(Y, 0, 10), 3),   // 1, 4, 7
                row("double[] H", Views.of(H), "long[] L of the same length", Views.of(L), 0),
                row("int[] I", Views.of(I), "another int[10]", Views.of(new int[10]), 0),

                // --- whole objects: identity, one byte ----------------------------------------------
                row("whole(obj)", Views.whole(OBJ), "whole(obj)", Views.whole(OBJ), 1),
                row("whole(obj)", Views.whole(OBJ), "whole(another obj)", Views.whole(OBJ2), 0),
                row("whole(\"x\")", Views.whole(new String("x")), "whole(an equal, distinct \"x\")", Views.whole(new String("x")), 0),
                row("whole(H)", Views.whole(H), "H [2,5)", Views.range(H, 2, 5), 24),
                row("whole(H)", Views.whole(H), "heap segment of H, bytes [4,12)", Views.range(HS, 4, 12), 8),
                row("whole(H)", Views.whole(H), "whole(H2)", Views.whole(H2), 0),
                row("whole(obj)", Views.whole(OBJ), "H", Views.of(H), 0),
                row("whole(empty array)", Views.whole(EMPTY), "whole(the same empty array)", Views.whole(EMPTY), 1));
    }

    static final double[] EMPTY = new double[0];

    @ParameterizedTest(name = "{0}  vs  {1}  ->  {2} bytes")
    @MethodSource
    void overlapsInBytes(View a, View b, long bytes) {
        assertOverlap(a, b, bytes);
    }

    private static void assertOverlap(View a, View b, long bytes) {
        assertAll(
                () -> assertNull(Views.violation(a), "violation of " + a),
                () -> assertNull(Views.violation(b), "violation of " + b),
                () -> assertEquals(bytes, Views.overlapBytes(a, b), "overlapBytes(a, b)"),
                () -> assertEquals(bytes, Views.overlapBytes(b, a), "overlapBytes(b, a)"),
                () -> assertEquals(bytes > 0, Views.aliases(a, b), "aliases(a, b)"),
                () -> assertEquals(bytes > 0, Views.aliases(b, a), "aliases(b, a)"));
    }

    // ------------------------------------------------------------------------------------------------
    // Every pair of kinds, on four matrices, against covers enumerated cell by cell.

    private record Shape(String name, View view, Cover cover) {
    }

    private interface CellSet {
        boolean contains(int i, int j);
    }

    /** The shapes of every kind over a fresh {@code rows x cols} matrix with leading dimension {@code ld}. */
    private static List<Shape> shapesOf(int rows, int cols, int ld) {
        int len = (cols - 1) * ld + rows;
        double[] data = new double[len];
        Matrix m = Matrix.wrap(data, rows, cols, ld);
        MemorySegment seg = MemorySegment.ofArray(data);
        Matrix onSeg = Matrix.wrap(seg, rows, cols, ld);
        Matrix onSegFromCol1 = Matrix.wrap(seg.asSlice(8L * ld), rows, cols - 1, ld);
        int ti = (rows - 1) / 4, tj = (cols - 1) / 4, d = Math.min(rows, cols);

        List<Shape> s = new ArrayList<>();
        Function<CellSet, Cover> cells = in -> {
            Cover c = Cover.of(data);
            for (int j = 0; j < cols; j++)
                for (int i = 0; i < rows; i++)
                    if (in.contains(i, j)) c.addElement(i + (long) j * ld, 8);
            return c;
        };
        s.add(new Shape("matrix", m, cells.apply((i, j) -> true)));
        s.add(new Shape("block(1,1)", m.block(1, 1, rows - 2, cols - 2), cells.apply((i, j) -> i >= 1 && i < rows - 1 && j >= 1 && j < cols - 1)));
        s.add(new Shape("block(0,c/2)", m.block(0, cols / 2, rows / 2 + 1, cols - cols / 2), cells.apply((i, j) -> i <= rows / 2 && j >= cols / 2)));
        s.add(new Shape("tile(0,0,4)", m.tile(0, 0, 4), cells.apply((i, j) -> i < 4 && j < 4)));
        s.add(new Shape("corner tile(" + ti + "," + tj + ",4)", m.tile(ti, tj, 4), cells.apply((i, j) -> i >= 4 * ti && j >= 4 * tj)));
        s.add(new Shape("rows(1,3)", m.rows(1, 3), cells.apply((i, j) -> i == 1 || i == 2)));
        s.add(new Shape("cols(1,3)", m.cols(1, 3), cells.apply((i, j) -> j == 1 || j == 2)));
        for (int r : new int[]{0, 2, rows - 1}) s.add(new Shape("row " + r, m.row(r), cells.apply((i, j) -> i == r)));
        for (int c : new int[]{0, 2, cols - 1}) s.add(new Shape("col " + c, m.col(c), cells.apply((i, j) -> j == c)));
        s.add(new Shape("lower+diag", m.lower(true), cells.apply((i, j) -> i >= j)));
        s.add(new Shape("strict lower", m.lower(false), cells.apply((i, j) -> i > j)));
        s.add(new Shape("upper+diag", m.upper(true), cells.apply((i, j) -> i <= j)));
        s.add(new Shape("strict upper", m.upper(false), cells.apply((i, j) -> i < j)));
        s.add(new Shape("diagonal", m.diagonal(), cells.apply((i, j) -> i == j)));
        s.add(new Shape("strict lower of block(1,1)", m.block(1, 1, rows - 2, cols - 2).lower(false),
                cells.apply((i, j) -> i >= 1 && i < rows - 1 && j >= 1 && j < cols - 1 && i > j)));
        s.add(new Shape("diagonal of cols(1,c)", m.cols(1, cols).diagonal(), cells.apply((i, j) -> j == i + 1)));
        s.add(new Shape("data [ld-1, ld+2)", Views.range(data, ld - 1, ld + 2), Cover.of(data).addBytes(8L * (ld - 1), 24)));
        s.add(new Shape("strided row 1", ByCount.strided(data, 1, cols, ld), cells.apply((i, j) -> i == 1)));
        s.add(new Shape("strided diagonal", ByCount.strided(data, 0, d, ld + 1), cells.apply((i, j) -> i == j)));
        Cover every3rd = Cover.of(data);
        for (int k = 0; k < len; k += 3) every3rd.addElement(k, 8);
        s.add(new Shape("every 3rd element", ByCount.strided(data, 0, (len + 2) / 3, 3), every3rd));
        s.add(new Shape("custom [4,20) [8ld+8, 8ld+24)", Views.custom(data, new long[]{4, 8L * ld + 8}, new long[]{16, 16}),
                Cover.of(data).addBytes(4, 16).addBytes(8L * ld + 8, 16)));
        s.add(new Shape("whole data", Views.whole(data), Cover.of(data).addBytes(0, 8L * len)));
        s.add(new Shape("heap segment bytes [19,61)", Views.range(seg, 19, 61), Cover.of(data).addBytes(19, 42)));
        s.add(new Shape("matrix on heap segment", onSeg, cells.apply((i, j) -> true)));
        s.add(new Shape("strict upper on heap segment", onSeg.upper(false), cells.apply((i, j) -> i < j)));
        s.add(new Shape("row 2 as strided heap segment", ByCount.strided(seg, 16, cols, 8L * ld, 8), cells.apply((i, j) -> i == 2)));
        s.add(new Shape("matrix on heap segment from col 1", onSegFromCol1, cells.apply((i, j) -> j >= 1)));
        s.add(new Shape("lower+diag on heap segment from col 1", onSegFromCol1.lower(true), cells.apply((i, j) -> j >= 1 && i >= j - 1)));
        return s;
    }

    private static final int[][] MATRICES = {{6, 6, 6}, {6, 5, 8}, {4, 7, 5}, {7, 3, 9}};

    @TestFactory
    Stream<DynamicTest> everyPairOfKinds() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int[] dims : MATRICES) {
            String matrix = dims[0] + "x" + dims[1] + " ld " + dims[2] + ": ";
            List<Shape> shapes = shapesOf(dims[0], dims[1], dims[2]);
            for (Shape a : shapes) {
                tests.add(DynamicTest.dynamicTest(matrix + a.name() + " vs every kind", () -> {
                    List<Executable> checks = new ArrayList<>();
                    checks.add(() -> assertNull(Views.violation(a.view()), "violation"));
                    checks.add(() -> assertEquals(a.cover().size(), a.view().byteSize(), "byteSize"));
                    checks.add(() -> a.cover().assertCoveredExactlyBy(a.view()));
                    for (Shape b : shapes)
                        checks.add(() -> assertEquals(a.cover().overlap(b.cover()), Views.overlapBytes(a.view(), b.view()),
                                () -> a.name() + " vs " + b.name()));
                    assertAll(checks);
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("views of different matrices never alias", () -> {
            List<List<Shape>> all = new ArrayList<>();
            for (int[] dims : MATRICES) all.add(shapesOf(dims[0], dims[1], dims[2]));
            List<Executable> checks = new ArrayList<>();
            for (int x = 0; x < all.size(); x++)
                for (int y = 0; y < all.size(); y++)
                    if (x != y)
                        for (Shape a : all.get(x))
                            for (Shape b : all.get(y))
                                checks.add(() -> assertEquals(0, Views.overlapBytes(a.view(), b.view()), a.name() + " vs " + b.name()));
            assertAll(checks);
        }));
        return tests.stream();
    }
}
