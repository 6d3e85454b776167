package org.weft.data;

import java.lang.foreign.MemorySegment;

/**
 * Strided slices given by a start, an element count and a stride, as these tests' recipes and oracles describe
 * them, made through {@link Views#strided}'s end form. A count that is not positive gives an end at or before
 * the start; an end past what a long (or an array index) holds is clamped, so it is rejected as past the end.
 */
final class ByCount {
    private ByCount() {
    }

    static long end(long start, long count, long stride, long elementSize) {
        if (count <= 0) return start + count;
        long hi = Math.multiplyHigh(count - 1, stride), span = (count - 1) * stride;
        if (hi != 0 || span < 0 || span > Long.MAX_VALUE - elementSize - Math.max(start, 0)) return Long.MAX_VALUE;
        return start + span + elementSize;
    }

    private static int intEnd(int start, int count, int stride) {
        return (int) Math.min(Integer.MAX_VALUE, end(start, count, stride, 1));
    }

    static DoubleSlice strided(double[] a, int start, int count, int stride) { return Views.strided(a, start, intEnd(start, count, stride), stride); }
    static FloatSlice strided(float[] a, int start, int count, int stride) { return Views.strided(a, start, intEnd(start, count, stride), stride); }
    static LongSlice strided(long[] a, int start, int count, int stride) { return Views.strided(a, start, intEnd(start, count, stride), stride); }
    static IntSlice strided(int[] a, int start, int count, int stride) { return Views.strided(a, start, intEnd(start, count, stride), stride); }
    static ByteSlice strided(byte[] a, int start, int count, int stride) { return Views.strided(a, start, intEnd(start, count, stride), stride); }

    static SegmentSlice strided(MemorySegment s, long start, long count, long stride, int elementSize) {
        return Views.strided(s, start, end(start, count, stride, elementSize), stride, elementSize);
    }
}
