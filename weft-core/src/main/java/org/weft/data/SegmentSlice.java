package org.weft.data;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A range or strided slice of a {@link MemorySegment}: {@code count} elements of {@code elementBytes} bytes,
 * {@code strideBytes} apart, starting {@code startBytes} into the segment.
 *
 * <p>Spans of a segment inside a registered {@link NativeRoot} are offsets from the root's start. Spans of another
 * native segment are absolute addresses over {@link NativeMemory#BASE}, so slices of different
 * segment objects that share memory alias exactly; spans of a heap segment are byte offsets into its backing
 * array, so they alias exactly with array slices of that array.
 */
public final class SegmentSlice implements View {
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;

    private final MemorySegment segment;
    private final Object base;
    private final long start, count, stride, baseOffset;
    private final int elementBytes;

    SegmentSlice(MemorySegment segment, long startBytes, long count, long strideBytes, int elementBytes) {
        if (elementBytes < 1) throw new IllegalArgumentException("SegmentSlice: element size " + elementBytes);
        if (count < 0) throw new IllegalArgumentException("SegmentSlice: negative count " + count + " at byte " + startBytes);
        if (count > 1 && strideBytes < elementBytes)
            throw new IllegalArgumentException("SegmentSlice: stride " + strideBytes + " is smaller than the element size " + elementBytes);
        long size = segment.byteSize();
        if (count == 0 ? startBytes < 0 || startBytes > size : startBytes < 0 || startBytes > size - elementBytes
                || (count > 1 && count - 1 > (size - elementBytes - startBytes) / strideBytes))
            throw new IndexOutOfBoundsException("SegmentSlice: bytes [" + startBytes + ", " + end(startBytes, count, strideBytes, elementBytes)
                    + ") out of bounds for a segment of " + size + " bytes");
        this.segment = segment;
        this.start = startBytes;
        this.count = count;
        this.stride = count <= 1 ? elementBytes : strideBytes;
        this.elementBytes = elementBytes;
        this.base = baseOf(segment);
        this.baseOffset = segment.address() - originOf(segment, base);
    }

    private static String end(long start, long count, long stride, int elementBytes) {
        try {
            return Long.toString(Math.addExact(Math.addExact(start, Math.multiplyExact(count - 1, count == 1 ? 0 : stride)), elementBytes));
        } catch (ArithmeticException overflow) {
            return "beyond " + Long.MAX_VALUE;
        }
    }

    /**
     * The storage identity of a segment's memory: the registered {@link NativeRoot} it lies in, native memory, or the
     * array behind a heap segment.
     */
    static Object baseOf(MemorySegment segment) {
        if (segment.isNative()) {
            NativeRoot r = NativeMemory.rootOf(segment.address(), Math.max(segment.byteSize(), 1));
            return r != null ? r : NativeMemory.BASE;
        }
        Object base = segment.heapBase().orElse(null);
        if (base == null) throw new IllegalArgumentException(
                "a read-only heap segment does not expose its array, so its aliasing cannot be tracked: pass the writable segment or the array");
        return base;
    }

    /** The address byte 0 of {@code base} stands for: a root's start, else 0 (absolute addresses, or array offsets). */
    static long originOf(MemorySegment segment, Object base) {
        return base instanceof NativeRoot r ? r.address() : 0;
    }

    /** The whole segment this slice was cut from. */
    public MemorySegment segment() {
        return segment;
    }

    /** The contiguous bytes from the first to the last covered element, as a segment. */
    public MemorySegment extent() {
        return segment.asSlice(start, count == 0 ? 0 : (count - 1) * stride + elementBytes);
    }

    /** Byte offset within {@link #segment()} of element {@code i}. */
    public long byteOffset(long i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException("element " + i + " of " + this);
        return start + i * stride;
    }

    public long count() { return count; }
    public long strideBytes() { return stride; }
    public int elementBytes() { return elementBytes; }

    public double getDouble(long i) { return segment.get(F64, byteOffset(i)); }
    public void setDouble(long i, double v) { segment.set(F64, byteOffset(i), v); }
    public long getLong(long i) { return segment.get(I64, byteOffset(i)); }
    public void setLong(long i, long v) { segment.set(I64, byteOffset(i), v); }
    public float getFloat(long i) { return segment.get(F32, byteOffset(i)); }
    public void setFloat(long i, float v) { segment.set(F32, byteOffset(i), v); }
    public int getInt(long i) { return segment.get(I32, byteOffset(i)); }
    public void setInt(long i, int v) { segment.set(I32, byteOffset(i), v); }
    public byte getByte(long i) { return segment.get(ValueLayout.JAVA_BYTE, byteOffset(i)); }
    public void setByte(long i, byte v) { segment.set(ValueLayout.JAVA_BYTE, byteOffset(i), v); }

    @Override public Object base() { return base; }
    @Override public int spanCount() { return count == 0 ? 0 : stride == elementBytes ? 1 : Math.toIntExact(count); }
    @Override public long spanStart(int i) { return baseOffset + start + (long) i * stride; }
    @Override public long spanLength(int i) { return stride == elementBytes ? count * elementBytes : elementBytes; }

    @Override
    public String toString() {
        return "SegmentSlice[" + start + (stride == elementBytes ? ".." + (start + count * elementBytes) : " +" + stride + "B x" + count) + "]";
    }
}
