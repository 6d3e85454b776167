package org.weft.data;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.weft.data.ViewBoundsTest.assertRejects;

/**
 * Bad input at the edges of arithmetic: sizes and offsets whose products or sums overflow, and read-only heap
 * segments, whose array cannot be seen. Each was once accepted silently (or rejected with an unhelpful error).
 */
class ViewOverflowTest {

    /**
     * {@code Views.violation} computes {@code s + len} without overflow check: a span whose end passes
     * {@code Long.MAX_VALUE} wraps negative and passes the bounds test, so a custom view far outside a
     * 10-element array is accepted (and the runtime's spawn-time check, which uses violation, lets it through).
     */
    @Test
    void customSpanWhoseEndOverflowsIsRejected() {
        double[] a = new double[10];
        assertAll(
                () -> assertRejects(IllegalArgumentException.class,
                        () -> Views.custom(a, new long[]{Long.MAX_VALUE - 4}, new long[]{16}), "span 0"),
                () -> assertRejects(IllegalArgumentException.class,
                        () -> Views.custom(a, new long[]{0, 100}, new long[]{8, Long.MAX_VALUE}), "span 1"),
                () -> assertRejects(IllegalArgumentException.class,
                        () -> Views.custom(NativeMemory.BASE, new long[]{Long.MAX_VALUE - 4}, new long[]{16}), "span 0"));
    }

    /** {@code Matrix.block} tests {@code i0 + m > rows} in int arithmetic; {@code 1 + Integer.MAX_VALUE} wraps. */
    @Test
    void blockWhoseSizeOverflowsIntIsRejected() {
        Matrix m = Matrix.wrap(new double[36], 6, 6);
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> m.block(1, 0, Integer.MAX_VALUE, 1), "outside a 6 x 6 matrix"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> m.block(0, 1, 1, Integer.MAX_VALUE), "outside a 6 x 6 matrix"));
    }

    /** {@code Matrix.tile} computes {@code ti * size} in int: tile (4, 0) of size 2^30 wraps to tile (0, 0). */
    @Test
    void tileWhoseStartOverflowsIntIsRejected() {
        Matrix m = Matrix.wrap(new double[36], 6, 6);
        assertRejects(IndexOutOfBoundsException.class, () -> m.tile(4, 0, 1 << 30), "outside a 6 x 6 matrix");
    }

    /**
     * {@code SegmentSlice} computes its last byte as {@code start + (count - 1) * stride + elementBytes} without
     * overflow check: a huge count wraps and is accepted, giving a view with a zero-length span (or a span count
     * that does not fit an int).
     */
    @Test
    void segmentSliceWhoseEndOverflowsIsRejected() {
        MemorySegment seg = MemorySegment.ofArray(new byte[40]);
        assertAll(
                () -> assertRejects(IndexOutOfBoundsException.class, () -> ByCount.strided(seg, 0, 1L << 61, 8, 8), "past the end"),
                () -> assertRejects(IndexOutOfBoundsException.class, () -> ByCount.strided(seg, 8, 1L << 62, 4, 1), "past the end"));
    }

    /**
     * {@code MemorySegment.heapBase()} is empty for a read-only heap segment, and SegmentSlice and Matrix call
     * {@code orElseThrow()} on it: the user gets {@code NoSuchElementException: No value present}, which names
     * neither the segment nor the problem. (The runtime turns a bare MemorySegment datum into
     * {@code Views.of(segment)}, so an IN access on a read-only segment fails the same way.)
     */
    @Test
    void readOnlyHeapSegmentGetsAClearError() {
        MemorySegment ro = MemorySegment.ofArray(new double[8]).asReadOnly();
        assertAll(
                () -> assertRejects(IllegalArgumentException.class, () -> Views.of(ro), "read-only"),
                () -> assertRejects(IllegalArgumentException.class, () -> Matrix.wrap(ro, 2, 2, 2), "read-only"));
    }
}
