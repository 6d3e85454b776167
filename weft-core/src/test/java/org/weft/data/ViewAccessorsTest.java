package org.weft.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Element access through the views: every slice type, segment slices, and matrices over arrays, heap
 * segments and native segments read and write exactly the storage element their index names.
 */
class ViewAccessorsTest {

    private static double[] iota(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /** Asserts the spans of {@code v}, as {start, length} pairs in bytes. */
    private static void assertSpans(View v, long... startLength) {
        assertEquals(startLength.length / 2, v.spanCount(), () -> "span count of " + v);
        for (int i = 0; i < v.spanCount(); i++) {
            int k = i;
            assertEquals(startLength[2 * i], v.spanStart(i), () -> "start of span " + k + " of " + v);
            assertEquals(startLength[2 * i + 1], v.spanLength(i), () -> "length of span " + k + " of " + v);
        }
    }

    // --------------------------------------------------------------------------------------------
    // Array slices

    @Test
    void doubleRangeReadsAndWritesTheArray() {
        double[] a = iota(10);
        DoubleSlice s = Views.range(a, 3, 7);
        assertAll(
                () -> assertSame(a, s.array()),
                () -> assertSame(a, s.base()),
                () -> assertEquals(3, s.offset()),
                () -> assertEquals(4, s.length()),
                () -> assertEquals(1, s.stride()),
                () -> assertEquals(5, s.index(2)),
                () -> assertEquals(3.0, s.get(0)),
                () -> assertEquals(6.0, s.get(3)),
                () -> assertArrayEquals(new double[]{3, 4, 5, 6}, s.toArray()),
                () -> assertSpans(s, 24, 32));
        s.set(2, -5);
        assertArrayEquals(new double[]{0, 1, 2, 3, 4, -5, 6, 7, 8, 9}, a);
    }

    @Test
    void doubleStridedSliceReadsAndWritesEveryStrideThElement() {
        double[] a = iota(10);
        DoubleSlice s = ByCount.strided(a, 1, 3, 4);                    // 1, 5, 9
        assertAll(
                () -> assertEquals(4, s.stride()),
                () -> assertEquals(9, s.index(2)),
                () -> assertArrayEquals(new double[]{1, 5, 9}, s.toArray()),
                () -> assertEquals(5.0, s.get(1)),
                () -> assertSpans(s, 8, 8, 40, 8, 72, 8));
        s.set(0, 10);
        s.set(2, 90);
        assertArrayEquals(new double[]{0, 10, 2, 3, 4, 5, 6, 7, 8, 90}, a);
    }

    @Test
    void subOfAStridedSliceKeepsTheStride() {
        double[] a = iota(12);
        DoubleSlice s = ByCount.strided(a, 2, 5, 2);                    // 2, 4, 6, 8, 10
        DoubleSlice sub = s.sub(1, 4);                                 // 4, 6, 8
        assertAll(
                () -> assertSame(a, sub.array()),
                () -> assertEquals(4, sub.offset()),
                () -> assertEquals(3, sub.length()),
                () -> assertEquals(2, sub.stride()),
                () -> assertArrayEquals(new double[]{4, 6, 8}, sub.toArray()),
                () -> assertEquals(s.get(3), sub.get(2)),
                () -> assertEquals(3 * 8, Views.overlapBytes(s, sub)));
        sub.set(1, -6);
        assertEquals(-6.0, s.get(2), "the sub-slice writes the same storage as its parent");
        assertEquals(-6.0, a[6]);
    }

    @Test
    void aOneElementStridedSliceIsOneContiguousSpan() {
        DoubleSlice s = ByCount.strided(new double[10], 7, 1, 5);
        assertAll(
                () -> assertEquals(1, s.stride(), "the stride of one element is normalised to 1"),
                () -> assertSpans(s, 56, 8));
    }

    @Test
    void floatSliceReadsAndWritesTheArray() {
        float[] a = {0, 1, 2, 3, 4, 5, 6, 7};
        FloatSlice s = ByCount.strided(a, 1, 3, 3);                     // 1, 4, 7
        s.set(1, 40f);
        assertAll(
                () -> assertSame(a, s.array()),
                () -> assertEquals(40f, a[4]),
                () -> assertEquals(7f, s.get(2)),
                () -> assertArrayEquals(new float[]{1, 40, 7}, s.toArray()),
                () -> assertArrayEquals(new float[]{40, 7}, s.sub(1, 3).toArray()),
                () -> assertSpans(s, 4, 4, 16, 4, 28, 4),
                () -> assertSpans(Views.range(a, 2, 5), 8, 12));
    }

    @Test
    void longSliceReadsAndWritesTheArray() {
        long[] a = {0, 1, 2, 3, 4, 5, 6, 7};
        LongSlice s = Views.range(a, 5, 8);
        s.set(0, -5L);
        assertAll(
                () -> assertSame(a, s.array()),
                () -> assertEquals(-5L, a[5]),
                () -> assertEquals(7L, s.get(2)),
                () -> assertArrayEquals(new long[]{-5, 6, 7}, s.toArray()),
                () -> assertArrayEquals(new long[]{6}, s.sub(1, 2).toArray()),
                () -> assertSpans(s, 40, 24),
                () -> assertSpans(ByCount.strided(a, 0, 2, 7), 0, 8, 56, 8));
    }

    @Test
    void intSliceReadsAndWritesTheArray() {
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7};
        IntSlice s = ByCount.strided(a, 0, 4, 2);                       // 0, 2, 4, 6
        s.set(3, 60);
        assertAll(
                () -> assertSame(a, s.array()),
                () -> assertEquals(60, a[6]),
                () -> assertEquals(4, s.get(2)),
                () -> assertArrayEquals(new int[]{0, 2, 4, 60}, s.toArray()),
                () -> assertArrayEquals(new int[]{2, 4}, s.sub(1, 3).toArray()),
                () -> assertSpans(s, 0, 4, 8, 4, 16, 4, 24, 4),
                () -> assertSpans(Views.of(a), 0, 32));
    }

    @Test
    void byteSliceReadsAndWritesTheArray() {
        byte[] a = {0, 1, 2, 3, 4, 5, 6, 7};
        ByteSlice s = Views.range(a, 2, 6);
        s.set(3, (byte) 50);
        assertAll(
                () -> assertSame(a, s.array()),
                () -> assertEquals((byte) 50, a[5]),
                () -> assertEquals((byte) 3, s.get(1)),
                () -> assertArrayEquals(new byte[]{2, 3, 4, 50}, s.toArray()),
                () -> assertArrayEquals(new byte[]{3, 4}, s.sub(1, 3).toArray()),
                () -> assertSpans(s, 2, 4),
                () -> assertSpans(ByCount.strided(a, 1, 2, 5), 1, 1, 6, 1));
    }

    @Test
    void wholeArraySlicesCoverTheArray() {
        assertAll(
                () -> assertSpans(Views.of(new double[3]), 0, 24),
                () -> assertSpans(Views.of(new float[3]), 0, 12),
                () -> assertSpans(Views.of(new long[3]), 0, 24),
                () -> assertSpans(Views.of(new int[3]), 0, 12),
                () -> assertSpans(Views.of(new byte[3]), 0, 3));
    }

    // --------------------------------------------------------------------------------------------
    // Segment slices

    @Test
    void heapSegmentSliceWritesTheArrayItWraps() {
        double[] a = new double[8];
        MemorySegment seg = MemorySegment.ofArray(a);
        SegmentSlice s = ByCount.strided(seg, 8, 3, 16, 8);             // doubles 1, 3, 5
        s.setDouble(0, 1.5);
        s.setDouble(2, 5.5);
        assertAll(
                () -> assertSame(a, s.base()),
                () -> assertSame(seg, s.segment()),
                () -> assertEquals(1.5, a[1]),
                () -> assertEquals(5.5, a[5]),
                () -> assertEquals(0.0, a[3]),
                () -> assertEquals(5.5, s.getDouble(2)),
                () -> assertEquals(3, s.count()),
                () -> assertEquals(16, s.strideBytes()),
                () -> assertEquals(8, s.elementBytes()),
                () -> assertEquals(40, s.byteOffset(2)),
                () -> assertEquals(40, s.extent().byteSize(), "from the first byte of element 0 to the last of element 2"),
                () -> assertSpans(s, 8, 8, 24, 8, 40, 8));
    }

    @Test
    void segmentSliceAccessorsOfEveryWidth() {
        MemorySegment seg = MemorySegment.ofArray(new byte[64]);
        SegmentSlice bytes = ByCount.strided(seg, 0, 64, 1, 1);
        SegmentSlice ints = ByCount.strided(seg, 0, 16, 4, 4);
        SegmentSlice longs = ByCount.strided(seg, 0, 8, 8, 8);
        SegmentSlice floats = ByCount.strided(seg, 32, 8, 4, 4);
        longs.setLong(1, 0x0102030405060708L);
        ints.setInt(4, 0x11223344);
        floats.setFloat(6, 2.25f);                                  // bytes 56..59; byte 63 is written below
        bytes.setByte(63, (byte) 9);
        assertAll(
                () -> assertEquals(0x0102030405060708L, longs.getLong(1)),
                () -> assertEquals(0x0102030405060708L, seg.get(ValueLayout.JAVA_LONG_UNALIGNED, 8)),
                () -> assertEquals(0x11223344, seg.get(ValueLayout.JAVA_INT_UNALIGNED, 16)),
                () -> assertEquals(0x11223344, ints.getInt(4)),
                () -> assertEquals(2.25f, seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED, 56)),
                () -> assertEquals(2.25f, floats.getFloat(6)),
                () -> assertEquals((byte) 9, bytes.getByte(63)),
                () -> assertEquals((byte) 9, seg.get(ValueLayout.JAVA_BYTE, 63)),
                () -> assertSpans(ints, 0, 64),                       // stride == element size: one span
                () -> assertSpans(floats, 32, 32));
    }

    @Test
    void slicedHeapSegmentsAreOffsetIntoTheArray() {
        double[] a = iota(10);
        MemorySegment tail = MemorySegment.ofArray(a).asSlice(24);    // from a[3]
        SegmentSlice s = Views.range(tail, 8, 24);                     // a[4], a[5]
        assertAll(
                () -> assertSame(a, s.base()),
                () -> assertEquals(4.0, s.getDouble(0)),
                () -> assertEquals(8, s.byteOffset(0), "byte offsets are relative to the segment"),
                () -> assertSpans(s, 32, 16));                         // spans are relative to the array
    }

    @Test
    void nativeSegmentSlicesUseAbsoluteAddresses() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(64, 8);
            SegmentSlice s = ByCount.strided(seg.asSlice(16), 4, 2, 20, 4);
            s.setInt(1, 77);
            assertAll(
                    () -> assertSame(NativeMemory.BASE, s.base()),
                    () -> assertEquals(77, seg.get(ValueLayout.JAVA_INT, 40)),
                    () -> assertEquals(77, s.getInt(1)),
                    () -> assertSpans(s, seg.address() + 20, 4, seg.address() + 40, 4),
                    () -> assertSpans(Views.of(seg), seg.address(), 64));
        }
    }

    // --------------------------------------------------------------------------------------------
    // Matrices

    @Test
    void arrayMatrixIsColumnMajorWithLeadingDimension() {
        double[] data = new double[38];
        Matrix m = Matrix.wrap(data, 6, 5, 8);
        m.set(2, 3, 23.0);
        assertAll(
                () -> assertEquals(23.0, data[2 + 3 * 8]),
                () -> assertEquals(23.0, m.get(2, 3)),
                () -> assertEquals(2 + 3 * 8, m.index(2, 3)),
                () -> assertEquals(6, m.rows()),
                () -> assertEquals(5, m.cols()),
                () -> assertEquals(8, m.ld()),
                () -> assertEquals(0, m.offset()),
                () -> assertSame(data, m.array()),
                () -> assertNull(m.segment()),
                () -> assertSame(data, m.base()));
        data[5 + 4 * 8] = 54.0;
        assertEquals(54.0, m.get(5, 4));
    }

    @Test
    void matrixWithoutLdUsesTheRowCount() {
        double[] data = iota(12);
        Matrix m = Matrix.wrap(data, 4, 3);
        assertAll(
                () -> assertEquals(4, m.ld()),
                () -> assertEquals(9.0, m.get(1, 2)),
                () -> assertSpans(m, 0, 96));
    }

    @Test
    void heapSegmentMatrixWritesTheArrayItWraps() {
        double[] data = new double[40];
        MemorySegment seg = MemorySegment.ofArray(data).asSlice(16);  // the matrix starts at data[2]
        Matrix m = Matrix.wrap(seg, 3, 4, 5);
        m.set(1, 2, 12.0);
        assertAll(
                () -> assertEquals(12.0, data[2 + 1 + 2 * 5]),
                () -> assertEquals(12.0, m.get(1, 2)),
                () -> assertEquals(1 + 2 * 5, m.index(1, 2), "index is relative to the segment"),
                () -> assertNull(m.array()),
                () -> assertSame(seg, m.segment()),
                () -> assertSame(data, m.base()),
                () -> assertSpans(m, 16, 24, 56, 24, 96, 24, 136, 24));
    }

    @Test
    void nativeSegmentMatrixReadsAndWritesTheSegment() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(8 * 20, 8);
            Matrix m = Matrix.wrap(seg, 4, 5, 4);
            m.set(3, 4, 34.0);
            seg.setAtIndex(ValueLayout.JAVA_DOUBLE, 1 + 2 * 4, 12.0);
            assertAll(
                    () -> assertEquals(34.0, seg.getAtIndex(ValueLayout.JAVA_DOUBLE, 3 + 4 * 4)),
                    () -> assertEquals(12.0, m.get(1, 2)),
                    () -> assertEquals(12.0, m.block(1, 1, 2, 2).get(0, 1)),
                    () -> assertSame(NativeMemory.BASE, m.base()),
                    () -> assertSpans(m, seg.address(), 160),
                    () -> assertSpans(m.block(1, 1, 2, 2), seg.address() + 40, 16, seg.address() + 72, 16));
        }
    }

    @Test
    void blockReadsAndWritesItsParent() {
        double[] data = iota(38);
        Matrix m = Matrix.wrap(data, 6, 5, 8);
        Matrix b = m.block(2, 1, 3, 3);
        Matrix bb = b.block(1, 1, 2, 2);                               // (3, 2) of m
        assertAll(
                () -> assertEquals(2 + 8, b.offset()),
                () -> assertEquals(8, b.ld()),
                () -> assertEquals(m.get(2 + 2, 1 + 1), b.get(2, 1)),
                () -> assertEquals(m.index(4, 3), b.index(2, 2)),
                () -> assertEquals(3 + 2 * 8, bb.offset()),
                () -> assertEquals(m.get(4, 3), bb.get(1, 1)),
                () -> assertSpans(b, 80, 24, 144, 24, 208, 24));
        bb.set(0, 0, -1.0);
        assertEquals(-1.0, m.get(3, 2));
        assertEquals(-1.0, data[3 + 2 * 8]);
    }

    @Test
    void rowsColsRowAndColHaveTheirShapes() {
        double[] data = iota(38);
        Matrix m = Matrix.wrap(data, 6, 5, 8);
        Matrix rows = m.rows(1, 4), cols = m.cols(2, 4), row = m.row(5), col = m.col(3);
        assertAll(
                () -> assertEquals(3, rows.rows()), () -> assertEquals(5, rows.cols()), () -> assertEquals(1, rows.offset()),
                () -> assertEquals(6, cols.rows()), () -> assertEquals(2, cols.cols()), () -> assertEquals(16, cols.offset()),
                () -> assertEquals(1, row.rows()), () -> assertEquals(5, row.cols()), () -> assertEquals(5, row.offset()),
                () -> assertEquals(6, col.rows()), () -> assertEquals(1, col.cols()), () -> assertEquals(24, col.offset()),
                () -> assertEquals(m.get(5, 4), row.get(0, 4)),
                () -> assertEquals(m.get(4, 3), col.get(4, 0)),
                () -> assertSpans(row, 40, 8, 104, 8, 168, 8, 232, 8, 296, 8),   // one span per column
                () -> assertSpans(col, 192, 48),                                   // one span
                () -> assertSpans(cols, 128, 48, 192, 48));
    }

    @Test
    void contiguousColumnsAreOneSpan() {
        Matrix m = Matrix.wrap(new double[36], 6, 6);                  // rows == ld
        assertAll(
                () -> assertSpans(m, 0, 288),
                () -> assertSpans(m.cols(2, 4), 96, 96),
                () -> assertSpans(m.rows(0, 6), 0, 288),
                () -> assertSpans(m.rows(0, 5), 0, 40, 48, 40, 96, 40, 144, 40, 192, 40, 240, 40),
                () -> assertSpans(Matrix.wrap(new double[4], 1, 4, 1), 0, 32));   // a 1 x n row with ld 1
    }

    @ParameterizedTest(name = "6x5 tile({0}, {1}) of size {2} starts at ({3}, {4}) and is {5} x {6}")
    @CsvSource({
            "0, 0, 4, 0, 0, 4, 4", "1, 0, 4, 4, 0, 2, 4", "0, 1, 4, 0, 4, 4, 1", "1, 1, 4, 4, 4, 2, 1",
            "0, 0, 10, 0, 0, 6, 5", "2, 1, 2, 4, 2, 2, 2", "2, 2, 2, 4, 4, 2, 1", "1, 0, 5, 5, 0, 1, 5"})
    void tilesReadTheirPartOfTheMatrix(int ti, int tj, int size, int i0, int j0, int rows, int cols) {
        double[] data = iota(38);
        Matrix m = Matrix.wrap(data, 6, 5, 8);
        Matrix t = m.tile(ti, tj, size);
        assertEquals(rows, t.rows());
        assertEquals(cols, t.cols());
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) assertEquals(m.get(i0 + i, j0 + j), t.get(i, j), "(" + i + ", " + j + ")");
    }

    // --------------------------------------------------------------------------------------------
    // Triangles and diagonals

    @Test
    void triangleReadsAndWritesInsideItself() {
        double[] data = iota(36);
        Matrix m = Matrix.wrap(data, 6, 6);
        Triangle lower = m.lower(false), upper = m.upper(true);
        lower.set(4, 1, -41.0);
        upper.set(2, 2, -22.0);
        assertAll(
                () -> assertSame(m, lower.matrix()),
                () -> assertTrue(lower.isLower()),
                () -> assertFalse(lower.includesDiagonal()),
                () -> assertFalse(upper.isLower()),
                () -> assertTrue(upper.includesDiagonal()),
                () -> assertEquals(-41.0, data[4 + 6]),
                () -> assertEquals(-22.0, data[2 + 12]),
                () -> assertEquals(-41.0, lower.get(4, 1)),
                () -> assertEquals(m.get(0, 5), upper.get(0, 5)),
                () -> assertSame(data, lower.base()));
    }

    @ParameterizedTest(name = "({0}, {1}): lower {2}, strict lower {3}, upper {4}, strict upper {5}")
    @CsvSource({
            "0, 0, true, false, true, false", "3, 1, true, true, false, false", "1, 3, false, false, true, true",
            "3, 3, true, false, true, false", "3, 6, false, false, true, true", "0, 6, false, false, true, true",
            "3, 0, true, true, false, false", "4, 0, false, false, false, false", "-1, 0, false, false, false, false"})
    void triangleContainsOnAWideMatrix(int i, int j, boolean lower, boolean strictLower, boolean upper, boolean strictUpper) {
        Matrix m = Matrix.wrap(new double[34], 4, 7, 5);
        assertAll(
                () -> assertEquals(lower, m.lower(true).contains(i, j), "lower"),
                () -> assertEquals(strictLower, m.lower(false).contains(i, j), "strict lower"),
                () -> assertEquals(upper, m.upper(true).contains(i, j), "upper"),
                () -> assertEquals(strictUpper, m.upper(false).contains(i, j), "strict upper"));
    }

    @Test
    void triangleOfABlockIsRelativeToTheBlock() {
        double[] data = iota(36);
        Matrix m = Matrix.wrap(data, 6, 6);
        Triangle t = m.block(2, 1, 3, 3).lower(true);                 // block (0,0) is m (2,1)
        assertAll(
                () -> assertEquals(m.get(2, 1), t.get(0, 0)),
                () -> assertEquals(m.get(4, 3), t.get(2, 2)),
                () -> assertEquals(m.get(4, 1), t.get(2, 0)),
                () -> assertSpans(t, 8 * (2 + 6), 24, 8 * (3 + 12), 16, 8 * (4 + 18), 8));
    }

    @Test
    void diagonalReadsAndWritesTheMainDiagonal() {
        double[] data = iota(38);
        Matrix m = Matrix.wrap(data, 6, 5, 8);
        Diagonal d = m.diagonal();
        d.set(4, -44.0);
        assertAll(
                () -> assertEquals(5, d.length()),
                () -> assertSame(m, d.matrix()),
                () -> assertEquals(-44.0, data[4 + 4 * 8]),
                () -> assertEquals(m.get(3, 3), d.get(3)),
                () -> assertEquals(3, Matrix.wrap(new double[21], 7, 3).diagonal().length()),
                () -> assertSpans(m.block(1, 2, 2, 3).diagonal(), 8 * (1 + 16), 8, 8 * (2 + 24), 8));
    }

    // --------------------------------------------------------------------------------------------
    // Whole objects and custom views

    @Test
    void wholeObjectsCoverTheirBytesByIdentity() {
        double[] a = new double[5];
        Object o = new Object();
        assertAll(
                () -> assertSame(a, Views.whole(a).base()),
                () -> assertSpans(Views.whole(a), 0, 40),
                () -> assertSpans(Views.whole(new int[3]), 0, 12),
                () -> assertSpans(Views.whole(o), 0, 1),
                () -> assertSpans(Views.whole(new double[0]), 0, 1), // an empty array is still a datum
                () -> assertSame(o, Views.whole(o).base()));
    }

    @Test
    void customViewsCopyTheirSpanArrays() {
        double[] a = new double[10];
        long[] starts = {0, 24}, lengths = {8, 16};
        View v = Views.custom(a, starts, lengths);
        starts[1] = 72;
        lengths[0] = 80;
        assertAll(
                () -> assertSame(a, v.base()),
                () -> assertSpans(v, 0, 8, 24, 16),
                () -> assertEquals(24, v.byteSize()));
    }
}
