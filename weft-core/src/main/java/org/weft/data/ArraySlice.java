package org.weft.data;

/**
 * A range or strided slice of a primitive array: {@code length} elements starting at {@code offset},
 * {@code stride} elements apart. A slice with stride 1 is one span; a strided slice is one span per element;
 * an empty slice (length 0) has no span and aliases nothing.
 *
 * <p>Kernels that want raw speed read {@link #offset()}, {@link #stride()} and {@link #length()} and work on
 * the backing array directly (each subclass exposes it as {@code array()}); element {@code i} of the slice is
 * {@code array()[index(i)]}. Slices are immutable value-like objects; the data they cover is not.
 */
public abstract sealed class ArraySlice implements View permits DoubleSlice, FloatSlice, LongSlice, IntSlice, ByteSlice {
    private final Object array;
    private final int offset, length, stride, shift;

    ArraySlice(Object array, int arrayLength, int shift, int offset, int length, int stride) {
        Views.checkRange(getClass().getSimpleName(), offset, length, stride, arrayLength);
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.stride = length <= 1 ? 1 : stride;
        this.shift = shift;
    }

    /** Index in the backing array of element {@code i} of this slice. */
    public final int index(int i) {
        return offset + i * stride;
    }

    /** Index in the backing array of the first element. */
    public final int offset() {
        return offset;
    }

    /** Number of elements. */
    public final int length() {
        return length;
    }

    /** Distance in elements between consecutive elements; 1 for a contiguous range. */
    public final int stride() {
        return stride;
    }

    /** log2 of the element size in bytes. */
    final int elementShift() {
        return shift;
    }

    @Override
    public final Object base() {
        return array;
    }

    @Override
    public final int spanCount() {
        return length == 0 ? 0 : stride == 1 ? 1 : length;
    }

    @Override
    public final long spanStart(int i) {
        return (offset + (long) i * stride) << shift;
    }

    @Override
    public final long spanLength(int i) {
        return stride == 1 ? (long) length << shift : 1L << shift;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + offset + (stride == 1 ? ".." + (offset + length) : " +" + stride + " x" + length) + "]";
    }
}
