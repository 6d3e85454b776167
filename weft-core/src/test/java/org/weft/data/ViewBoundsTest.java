package org.weft.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gets a clear error (DESIGN.md §1): every factory and accessor rejects out-of-bounds or malformed
 * arguments with {@link IndexOutOfBoundsException} (bounds) or {@link IllegalArgumentException} (shape), and
 * the message names the problem. Edge tiles are cut, not rejected.
 */
class ViewBoundsTest {

    /** Asserts that {@code call} throws {@code type} with a message containing each of {@code parts}. */
    static <T extends Throwable> T assertRejects(Class<T> type, Executable call, String... parts) {
        T t = assertThrows(type, call);
        assertNotNull(t.getMessage(), "exception without a message");
        for (String part : parts)
            assertTrue(t.getMessage().contains(part), () -> "message \"" + t.getMessage() + "\" does not mention \"" + part + "\"");
        return t;
    }

    /** Slices of arrays of every element type, each array of length 10. */
    interface SliceMaker {
        View range(int from, int to);

        View strided(int from, int to, int stride);

        View all();
    }

    static Stream<Named<SliceMaker>> arrayTypes() {
        return Stream.of(
                Named.of("double[10]", new SliceMaker() {
                    final double[] a = new double[10];
                    public View range(int f, int t) { return Views.range(a, f, t); }
                    public View strided(int f, int t, int st) { return Views.strided(a, f, t, st); }
                    public View all() { return Views.of(a); }
                }),
                Named.of("float[10]", new SliceMaker() {
                    final float[] a = new float[10];
                    public View range(int f, int t) { return Views.range(a, f, t); }
                    public View strided(int f, int t, int st) { return Views.strided(a, f, t, st); }
                    public View all() { return Views.of(a); }
                }),
                Named.of("long[10]", new SliceMaker() {
                    final long[] a = new long[10];
                    public View range(int f, int t) { return Views.range(a, f, t); }
                    public View strided(int f, int t, int st) { return Views.strided(a, f, t, st); }
                    public View all() { return Views.of(a); }
                }),
                Named.of("int[10]", new SliceMaker() {
                    final int[] a = new int[10];
                    public View range(int f, int t) { return Views.range(a, f, t); }
                    public View strided(int f, int t, int st) { return Views.strided(a, f, t, st); }
                    public View all() { return Views.of(a); }
                }),
                Named.of("byte[10]", new SliceMaker() {
                    final byte[] a = new byte[10];
                    public View range(int f, int t) { return Views.range(a, f, t); }
                    public View strided(int f, int t, int st) { return Views.strided(a, f, t, st); }
                    public View all() { return Views.of(a); }
                }));
    }

    // --------------------------------------------------------------------------------------------
    // Slices of arrays

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrayTypes")
    void rangesOutsideTheArrayAreRejected(SliceMaker s) {
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.range(-1, 3), "[10], -1, 3): the start -1 is negative"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.range(5, 11), "[10], 5, 11): the end 11 is past the end of the array (length 10)"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.range(10, 11), "past the end of the array (length 10)"),
                () -> assertDoesNotThrow(() -> s.range(0, 10)),
                () -> assertDoesNotThrow(() -> s.range(9, 10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrayTypes")
    void endsBeforeStartsAreRejectedAndEmptySlicesHaveNoSpan(SliceMaker s) {
        assertAll(
                () -> assertRejects(IllegalArgumentException.class, () -> s.range(5, 3), "Views.range(", "[10], 5, 3): the end 3 is before the start 5"),
                () -> assertRejects(IllegalArgumentException.class, () -> s.strided(4, 2, 2), "Views.strided(", "[10], 4, 2, 2): the end 2 is before the start 4"),
                () -> assertEquals(0, s.range(3, 3).spanCount()),
                () -> assertEquals(0, s.range(10, 10).spanCount()),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.range(11, 11), "the end 11 is past the end"),
                () -> assertEquals(0, s.strided(4, 4, 2).spanCount()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrayTypes")
    void stridesBelowOneAreRejected(SliceMaker s) {
        assertAll(
                () -> assertRejects(IllegalArgumentException.class, () -> s.strided(0, 3, 0), "the stride 0 must be at least 1"),
                () -> assertRejects(IllegalArgumentException.class, () -> s.strided(5, 8, -2), "the stride -2 must be at least 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrayTypes")
    void stridedSlicesTakeTheElementsBelowTheEnd(SliceMaker s) {
        assertAll(
                () -> assertEquals(4, s.strided(0, 10, 3).spanCount()),                 // 0, 3, 6, 9
                () -> assertEquals(3, s.strided(1, 10, 3).spanCount()),                 // 1, 4, 7
                () -> assertEquals(3, s.strided(0, 9, 3).spanCount()),                  // 0, 3, 6
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.strided(0, 11, 3), "the end 11 is past the end of the array (length 10)"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.strided(-3, 2, 3), "the start -3 is negative"),
                () -> assertEquals(1, s.strided(9, 10, 1000).spanCount()));             // one element: the stride does not matter
    }

    @Test
    void anEmptyArrayHasAnEmptySlice() {
        assertAll(
                () -> assertEquals(0, Views.of(new double[0]).spanCount()),
                () -> assertEquals(0, Views.of(new byte[0]).byteSize()));
    }

    @Test
    void arraySliceElementAccessOutsideTheSliceThrows() {
        double[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        DoubleSlice s = ByCount.strided(a, 1, 3, 2);                  // elements 1, 3, 5
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.get(-1), "element -1"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.get(3), "element 3"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.set(3, 99), "element 3"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.set(-1, 99), "element -1"));
        // element 3 would be a[7] and element -1 would be a[-1]: in the array but not in the slice
        assertEquals(7.0, a[7], "a rejected set must not write");
    }

    @Test
    void subSlicesMustLieInsideTheSlice() {
        IntSlice s = Views.range(new int[10], 2, 8);                // 6 elements
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.sub(-1, 2), "element -1"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.sub(2, 7), "sub(2, 7)"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.sub(3, 2), "sub(3, 2)"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.sub(6, 6), "element 6"),
                () -> assertEquals(0, s.sub(2, 2).spanCount()),
                () -> assertDoesNotThrow(() -> s.sub(0, 6)));
    }

    // --------------------------------------------------------------------------------------------
    // Slices of memory segments

    final MemorySegment seg40 = MemorySegment.ofArray(new byte[40]);

    @Test
    void byteRangesOutsideTheSegmentAreRejected() {
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> Views.range(seg40, -1, 4), "Views.range(segment of 40 bytes, -1, 4): the start -1 is negative"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> Views.range(seg40, 0, 41), "Views.range(segment of 40 bytes, 0, 41): the end 41 is past the end of the segment"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> Views.range(seg40.asSlice(8), 0, 33), "segment of 32 bytes"),
                () -> assertDoesNotThrow(() -> Views.range(seg40, 0, 40)));
    }

    @Test
    void negativeCountsAreRejectedAndEmptySlicesHaveNoSpan() {
        assertAll(
                () -> assertEquals(0, Views.range(seg40, 5, 5).spanCount()),
                () -> assertEquals(0, Views.range(seg40, 40, 40).spanCount()),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> Views.range(seg40, 41, 41), "the end 41 is past the end of the segment"),
                () -> assertRejects(IllegalArgumentException.class, () -> Views.range(seg40, 10, 5),
                        "Views.range(segment of 40 bytes, 10, 5): the end 5 is before the start 10"),
                () -> assertEquals(0, ByCount.strided(seg40, 0, 0, 8, 8).spanCount()),
                () -> assertEquals(0, Views.of(MemorySegment.ofArray(new byte[0])).spanCount()));
    }

    @Test
    void elementSizeAndStrideAreChecked() {
        assertAll(
                () -> assertRejects(IllegalArgumentException.class, () -> ByCount.strided(seg40, 0, 2, 8, 0), "element size 0"),
                () -> assertRejects(IllegalArgumentException.class, () -> ByCount.strided(seg40, 0, 2, 8, -4), "element size -4"),
                () -> assertRejects(IllegalArgumentException.class, () -> ByCount.strided(seg40, 0, 3, 4, 8), "stride 4 is smaller than the element size 8"),
                () -> assertRejects(IllegalArgumentException.class, () -> ByCount.strided(seg40, 0, 3, -8, 8), "the stride -8 must be at least 1"),
                () -> assertDoesNotThrow(() -> ByCount.strided(seg40, 0, 1, 1, 8)));   // one element: any stride of at least 1
    }

    @Test
    void stridedSlicesMustEndInsideTheSegment() {
        assertAll(
                () -> assertDoesNotThrow(() -> ByCount.strided(seg40, 0, 5, 8, 8)),     // [32, 40) is the last element
                () -> assertRejects(IndexOutOfBoundsException.class, () -> Views.strided(seg40, 8, 48, 8, 8), "8, 48, 8, 8): the end 48 is past the end"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> Views.strided(seg40, 0, 42, 17, 8), "0, 42, 17, 8): the end 42 is past the end"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> Views.strided(seg40, -2, 0, 8, 2), "the start -2 is negative"),
                () -> assertEquals(2, Views.strided(seg40, 0, 39, 17, 8).spanCount()));     // [0, 8) and [17, 25); [34, 42) is past the end
    }

    @Test
    void nativeSegmentsAreBoundedByTheirSize() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(64, 8);
            assertAll(
                    () -> assertRejects(IndexOutOfBoundsException.class, () -> Views.range(seg, 60, 65), "segment of 64 bytes"),
                    () -> assertRejects(IndexOutOfBoundsException.class, () -> ByCount.strided(seg.asSlice(32), 0, 5, 8, 8), "segment of 32 bytes"),
                    () -> assertDoesNotThrow(() -> ByCount.strided(seg.asSlice(32), 0, 4, 8, 8)));
        }
    }

    @Test
    void segmentSliceElementAccessOutsideTheSliceThrows() {
        SegmentSlice s = ByCount.strided(seg40, 4, 3, 12, 4);
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.byteOffset(3), "element 3"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.byteOffset(-1), "element -1"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.getInt(3), "element 3"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.setFloat(-1, 1f), "element -1"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> s.getDouble(3), "element 3"));
    }

    // --------------------------------------------------------------------------------------------
    // Matrices: wrap, blocks, tiles, rows, columns, elements

    final double[] bData = new double[38];
    final Matrix b = Matrix.wrap(bData, 6, 5, 8);                    // 6 x 5, ld 8

    @Test
    void wrapRejectsNegativeShapesAndEmptyOnesHaveNoSpan() {
        assertAll(
                () -> assertEquals(0, Matrix.wrap(bData, 0, 5, 8).spanCount()),
                () -> assertEquals(0, Matrix.wrap(bData, 6, 0, 8).spanCount()),
                () -> assertEquals(0, Matrix.wrap(new double[0], 0, 0).spanCount()),
                () -> assertRejects(IllegalArgumentException.class, () -> Matrix.wrap(bData, -1, 5, 8), "-1 x 5", "negative"),
                () -> assertRejects(IllegalArgumentException.class, () -> Matrix.wrap(bData, 6, -2, 8), "6 x -2", "negative"),
                () -> assertRejects(IllegalArgumentException.class, () -> Matrix.wrap(bData, 0, 3, 0), "leading dimension 0"),
                () -> assertRejects(IllegalArgumentException.class, () -> b.tile(0, 0, 0), "tile size 0 must be at least 1"),
                () -> assertEquals(0, b.block(6, 5, 0, 0).spanCount()));
    }

    @Test
    void wrapRejectsALeadingDimensionBelowTheRowCount() {
        assertAll(
                () -> assertRejects(IllegalArgumentException.class, () -> Matrix.wrap(bData, 6, 5, 5), "leading dimension 5 is smaller than the row count 6"),
                () -> assertRejects(IllegalArgumentException.class, () -> Matrix.wrap(MemorySegment.ofArray(bData), 6, 5, 0), "leading dimension 0"),
                () -> assertDoesNotThrow(() -> Matrix.wrap(bData, 6, 5, 6)));
    }

    @Test
    void wrapRejectsStorageTooSmall() {
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> Matrix.wrap(new double[37], 6, 5, 8), "needs 38 elements; storage has 37"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> Matrix.wrap(new double[29], 6, 5), "needs 30 elements; storage has 29"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> Matrix.wrap(MemorySegment.ofArray(new byte[38 * 8 - 1]), 6, 5, 8),
                        "needs 38 elements; storage has 37"),
                () -> assertDoesNotThrow(() -> Matrix.wrap(new double[38], 6, 5, 8)),      // the padding after the last column is not needed
                () -> assertDoesNotThrow(() -> Matrix.wrap(MemorySegment.ofArray(new byte[38 * 8]), 6, 5, 8)));
    }

    @ParameterizedTest(name = "block({0}, {1}) of {2} x {3}")
    @CsvSource({
            "-1, 0, 1, 1", "0, -1, 1, 1", "0, 0, -1, 2", "0, 0, 1, -1", "7, 0, 0, 1",
            "5, 0, 2, 1", "0, 4, 1, 2", "6, 0, 1, 1", "0, 5, 1, 1", "0, 0, 7, 5", "0, 0, 6, 6"})
    void blocksOutsideTheMatrixAreRejected(int i0, int j0, int m, int n) {
        assertRejects(IndexOutOfBoundsException.class, () -> b.block(i0, j0, m, n),
                "block (" + i0 + ", " + j0 + ") of " + m + " x " + n, "outside a 6 x 5 matrix");
    }

    @Test
    void blocksAreBoundedByTheirParentBlockNotTheStorage() {
        Matrix inner = b.block(1, 1, 3, 2);
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> inner.block(0, 0, 4, 1), "outside a 3 x 2 matrix"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> inner.col(2), "outside a 3 x 2 matrix"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> inner.get(3, 0), "(3, 0) outside a 3 x 2 matrix"),
                () -> assertDoesNotThrow(() -> inner.block(2, 1, 1, 1)));
    }

    @ParameterizedTest(name = "tile({0}, {1}) of size {2}")
    @CsvSource({"2, 0, 3", "0, 2, 3", "-1, 0, 2", "0, -1, 2", "6, 0, 1", "0, 5, 1", "1, 0, 6"})
    void tilesOutsideTheGridAreRejected(int ti, int tj, int size) {
        assertRejects(IndexOutOfBoundsException.class, () -> b.tile(ti, tj, size),
                "tile (" + ti + ", " + tj + ") of size " + size, "outside a 6 x 5 matrix");
    }

    @ParameterizedTest(name = "tile({0}, {1}) of size {2} is {3} x {4}")
    @CsvSource({
            "0, 0, 4, 4, 4", "1, 0, 4, 2, 4", "0, 1, 4, 4, 1", "1, 1, 4, 2, 1",   // 4 divides neither 6 nor 5
            "0, 0, 7, 6, 5", "0, 1, 3, 3, 2", "1, 1, 3, 3, 2", "5, 4, 1, 1, 1", "2, 2, 2, 2, 1"})
    void edgeTilesAreCutNotRejected(int ti, int tj, int size, int rows, int cols) {
        Matrix t = b.tile(ti, tj, size);
        assertEquals(rows, t.rows(), "rows");
        assertEquals(cols, t.cols(), "cols");
        assertEquals(ti * size + 8L * tj * size, t.offset(), "offset of the top-left element");
        assertNull(Views.violation(t));
    }

    @Test
    void rowAndColumnRangesOutsideTheMatrixAreRejected() {
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> b.rows(3, 2), "outside a 6 x 5 matrix"),
                () -> assertEquals(0, b.rows(2, 2).spanCount(), "no rows: an empty block"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> b.rows(0, 7), "outside a 6 x 5 matrix"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> b.rows(-1, 2), "outside a 6 x 5 matrix"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> b.cols(0, 6), "outside a 6 x 5 matrix"),
                () -> assertEquals(0, b.cols(4, 4).spanCount(), "no columns: an empty block"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> b.row(6), "outside a 6 x 5 matrix"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> b.row(-1), "outside a 6 x 5 matrix"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> b.col(5), "outside a 6 x 5 matrix"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> b.col(-1), "outside a 6 x 5 matrix"));
    }

    @Test
    void elementAccessOutsideTheMatrixThrows() {
        Matrix onSegment = Matrix.wrap(MemorySegment.ofArray(bData), 6, 5, 8);
        for (Matrix m : new Matrix[]{b, onSegment}) {
            assertAll(
                    () -> assertRejects(IndexOutOfBoundsException.class, () -> m.index(6, 0), "(6, 0) outside a 6 x 5 matrix"),
                    () -> assertRejects(IndexOutOfBoundsException.class, () -> m.index(0, 5), "(0, 5) outside"),
                    () -> assertRejects(IndexOutOfBoundsException.class, () -> m.index(-1, 0), "(-1, 0) outside"),
                    () -> assertRejects(IndexOutOfBoundsException.class, () -> m.get(0, -1), "(0, -1) outside"),
                    () -> assertRejects(IndexOutOfBoundsException.class, () -> m.get(7, 0), "(7, 0) outside"),   // padding: in the storage, not the matrix
                    () -> assertRejects(IndexOutOfBoundsException.class, () -> m.set(6, 1, 1.0), "(6, 1) outside"));
        }
        assertEquals(0.0, bData[8 + 6], "a rejected set must not write into the padding");
    }

    // --------------------------------------------------------------------------------------------
    // Triangles and diagonals

    final double[] aData = new double[36];
    final Matrix a = Matrix.wrap(aData, 6, 6);

    @Test
    void emptyTrianglesHaveNoSpan() {
        Matrix oneRow = Matrix.wrap(new double[4], 1, 4);
        Matrix oneCol = Matrix.wrap(new double[4], 4, 1);
        Matrix one = Matrix.wrap(new double[1], 1, 1);
        assertAll(
                () -> assertEquals(0, oneRow.lower(false).spanCount()),
                () -> assertEquals(0, oneCol.upper(false).spanCount()),
                () -> assertEquals(0, one.lower(false).spanCount()),
                () -> assertEquals(0, one.upper(false).spanCount()),
                () -> assertEquals(0, a.block(2, 3, 1, 1).lower(false).spanCount()),
                () -> assertEquals(0, a.block(2, 3, 0, 2).upper(true).spanCount()));
    }

    @Test
    void thinTrianglesThatAreNotEmptyAreAccepted() {
        assertAll(
                () -> assertEquals(8, Matrix.wrap(new double[1], 1, 1).lower(true).byteSize()),
                () -> assertEquals(8, Matrix.wrap(new double[1], 1, 1).upper(true).byteSize()),
                () -> assertEquals(8, Matrix.wrap(new double[4], 1, 4).lower(true).byteSize()),
                () -> assertEquals(3 * 8, Matrix.wrap(new double[4], 1, 4).upper(false).byteSize()),
                () -> assertEquals(3 * 8, Matrix.wrap(new double[4], 4, 1).lower(false).byteSize()),
                () -> assertEquals(8, Matrix.wrap(new double[4], 4, 1).upper(true).byteSize()));
    }

    @Test
    void triangleAccessOutsideTheTriangleThrowsAndDoesNotWrite() {
        Triangle strictLower = a.lower(false);
        Triangle upper = a.upper(true);
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> strictLower.get(2, 2), "(2, 2) is outside the strict lower triangle"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> strictLower.get(1, 4), "(1, 4) is outside"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> strictLower.set(0, 5, 7.0), "(0, 5) is outside"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> strictLower.get(6, 0), "(6, 0) is outside"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> upper.get(3, 2), "(3, 2) is outside the upper triangle"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> upper.set(5, 0, 7.0), "(5, 0) is outside"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> upper.get(-1, 3), "(-1, 3) is outside"));
        assertEquals(0.0, aData[0 + 5 * 6], "rejected set of (0, 5) must not write");
        assertEquals(0.0, aData[5 + 0 * 6], "rejected set of (5, 0) must not write");
    }

    @Test
    void containsIsFalseOutsideTheMatrix() {
        Triangle lower = a.lower(true);
        assertAll(
                () -> assertTrue(lower.contains(5, 0)),
                () -> assertEquals(false, lower.contains(6, 0)),
                () -> assertEquals(false, lower.contains(-1, -1)),
                () -> assertEquals(false, lower.contains(7, 6)),
                () -> assertEquals(false, a.upper(true).contains(0, 6)));
    }

    @Test
    void diagonalAccessOutsideTheDiagonalThrows() {
        Diagonal wide = Matrix.wrap(new double[38], 6, 5, 8).diagonal();     // 5 elements
        Diagonal tall = Matrix.wrap(new double[21], 7, 3).diagonal();        // 3 elements
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> wide.get(5), "(5, 5) outside a 6 x 5 matrix"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> wide.set(-1, 1.0), "(-1, -1) outside"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> tall.get(3), "(3, 3) outside a 7 x 3 matrix"),
                () -> assertDoesNotThrow(() -> tall.get(2)));
    }

    // --------------------------------------------------------------------------------------------
    // Custom views and Views.violation

    final double[] ten = new double[10];                               // 80 bytes

    @Test
    void unsortedSpansAreRejected() {
        assertRejects(IllegalArgumentException.class, () -> Views.custom(ten, new long[]{16, 0}, new long[]{8, 8}),
                "custom view", "span 1 at byte 0 is not after the previous span ending at 24");
    }

    @Test
    void overlappingSpansAreRejected() {
        assertRejects(IllegalArgumentException.class, () -> Views.custom(ten, new long[]{0, 4}, new long[]{8, 8}),
                "span 1 at byte 4 is not after the previous span ending at 8");
        assertRejects(IllegalArgumentException.class, () -> Views.custom(ten, new long[]{8, 8}, new long[]{8, 8}),
                "span 1 at byte 8 is not after");
    }

    @Test
    void touchingSpansAreAccepted() {
        View v = Views.custom(ten, new long[]{0, 8, 16}, new long[]{8, 8, 64});
        assertEquals(80, v.byteSize());
    }

    @Test
    void zeroAndNegativeLengthsAreRejected() {
        assertAll(
                () -> assertRejects(IllegalArgumentException.class, () -> Views.custom(ten, new long[]{0, 16}, new long[]{8, 0}), "span 1 has length 0"),
                () -> assertRejects(IllegalArgumentException.class, () -> Views.custom(ten, new long[]{8}, new long[]{-8}), "span 0 has length -8"));
    }

    @Test
    void spansOutsideTheBaseAreRejected() {
        assertAll(
                () -> assertRejects(IllegalArgumentException.class, () -> Views.custom(ten, new long[]{72}, new long[]{16}),
                        "span 0 [72, 88) exceeds the base of 80 bytes"),
                () -> assertRejects(IllegalArgumentException.class, () -> Views.custom(ten, new long[]{0, 80}, new long[]{8, 1}),
                        "span 1 [80, 81) exceeds the base of 80 bytes"),
                () -> assertRejects(IllegalArgumentException.class, () -> Views.custom(ten, new long[]{-8}, new long[]{16}),
                        "span 0 starts at negative byte -8"),
                () -> assertRejects(IllegalArgumentException.class, () -> Views.custom(new int[3], new long[]{0}, new long[]{13}),
                        "exceeds the base of 12 bytes"),
                () -> assertRejects(IllegalArgumentException.class, () -> Views.custom(new Object(), new long[]{0}, new long[]{2}),
                        "exceeds the base of 1 bytes"),
                () -> assertDoesNotThrow(() -> Views.custom(ten, new long[]{72}, new long[]{8})),
                () -> assertDoesNotThrow(() -> Views.custom(new Object(), new long[]{0}, new long[]{1})));
    }

    @Test
    void malformedArgumentsAreRejected() {
        assertAll(
                () -> assertEquals(0, Views.custom(ten, new long[0], new long[0]).spanCount(), "an empty custom view"),
                () -> assertRejects(IllegalArgumentException.class, () -> Views.custom(ten, new long[]{0, 8}, new long[]{8}), "2 starts but 1 lengths"),
                () -> assertRejects(NullPointerException.class, () -> Views.custom(null, new long[]{0}, new long[]{8}), "base"),
                () -> assertRejects(NullPointerException.class, () -> Views.whole(null), "object"));
    }

    /** {@link Views#violation} on views the runtime did not create (it checks them at spawn). */
    @Test
    void violationDescribesTheFirstBrokenRule() {
        record Raw(Object base, long[] s, long[] l) implements View {
            public int spanCount() { return s.length; }
            public long spanStart(int i) { return s[i]; }
            public long spanLength(int i) { return l[i]; }
        }
        assertAll(
                () -> assertNull(Views.violation(new Raw(ten, new long[]{0, 8}, new long[]{8, 72}))),
                () -> assertNull(Views.violation(new Raw(ten, new long[0], new long[0])), "an empty view is valid"),
                () -> assertEquals("span 1 has length 0", Views.violation(new Raw(ten, new long[]{0, 8}, new long[]{8, 0}))),
                () -> assertEquals("span 1 at byte 0 is not after the previous span ending at 16",
                        Views.violation(new Raw(ten, new long[]{8, 0}, new long[]{8, 8}))),
                () -> assertEquals("span 0 starts at negative byte -1", Views.violation(new Raw(ten, new long[]{-1}, new long[]{2}))),
                () -> assertEquals("span 0 [0, 81) exceeds the base of 80 bytes", Views.violation(new Raw(ten, new long[]{0}, new long[]{81}))),
                () -> assertNull(Views.violation(new Raw(NativeMemory.BASE, new long[]{1 << 20}, new long[]{1 << 30})), "native memory is unbounded"),
                () -> assertEquals("its base() is null", Views.violation(new Raw(null, new long[]{0}, new long[]{1}))));
    }
}
