package org.weft.opencl;

import org.weft.data.ArraySlice;
import org.weft.data.Diagonal;
import org.weft.data.Matrix;
import org.weft.data.NativeRoot;
import org.weft.data.SegmentSlice;

/**
 * What a task placed on a {@link ClSpace} receives for a data argument: the shape of the datum the program passed
 * (a whole primitive array, a slice of one, a column-major {@link Matrix} block, a matrix {@link Diagonal}) over the
 * device buffer that replicates the datum's array. The buffer holds the whole array at the same byte offsets as the
 * home array (or, for an array larger than the device, the window of it the task touches, with offsets counted from
 * the window's start), so element {@code i} of a slice is at element {@code offset() + i * stride()} of
 * {@link #buffer()}, and element {@code (i, j)} of a matrix at element {@code offset() + i + j * ld()}.
 *
 * <p><b>Launching kernels.</b> Pass the buffer with {@link ClKernel#arg(int, ClView)} and the element offset, count,
 * stride (or rows, columns, leading dimension) as integer arguments; a kernel for one body thread comes from
 * {@link ClSpace#kernel}. Before the runtime ran the body, the bytes of this datum that the task reads were made
 * current in the buffer; the bytes outside the datum are in any state and must not be touched.
 *
 * <p><b>The body must finish its device work before it returns</b> ({@link ClKernel#run}, {@link ClEvent#await} or
 * {@link ClContext#finish}): when it returns, the runtime marks what the task wrote as current on the device and may
 * copy it home at once, or run another task on it.
 *
 * <p>Immutable and thread-safe; the buffer's contents are not.
 */
public final class ClView {
    private final ClSpace space;
    private final ClBuffer buffer;
    private final Class<?> elementType;
    private final int elementBytes;
    private final long offset, stride;
    private final int count, rows, cols, ld;
    private final boolean matrix;

    private ClView(ClSpace space, ClBuffer buffer, Class<?> elementType, long offset, int count, long stride,
                   boolean matrix, int rows, int cols, int ld) {
        this.space = space;
        this.buffer = buffer;
        this.elementType = elementType;
        this.elementBytes = bytesOf(elementType);
        this.offset = offset;
        this.count = count;
        this.stride = stride;
        this.matrix = matrix;
        this.rows = rows;
        this.cols = cols;
        this.ld = ld;
    }

    /** True if {@code datum} has a shape a view can describe: a primitive array, an array slice, a matrix block or diagonal over an array. */
    static boolean describable(Object datum) {
        if (datum == null) return false;
        if (datum.getClass().isArray()) return datum.getClass().getComponentType().isPrimitive();
        if (datum instanceof ArraySlice) return true;
        if (datum instanceof Matrix m) return m.array() != null || rootedMatrix(m);
        if (datum instanceof Diagonal d) return d.matrix().array() != null;
        if (datum instanceof SegmentSlice s) return s.base() instanceof NativeRoot && s.spanCount() > 0
                && s.spanStart(0) % s.elementBytes() == 0 && s.strideBytes() % s.elementBytes() == 0;
        return false;
    }

    /** A matrix over a registered native root whose first element lies on a double boundary of the root. */
    private static boolean rootedMatrix(Matrix m) {
        return m.base() instanceof NativeRoot && m.spanCount() > 0 && m.spanStart(0) % Double.BYTES == 0;
    }

    /** The element type of a segment slice's elements, by their size: the floating type of that size, or byte. */
    private static Class<?> typeOfSize(int bytes) {
        return switch (bytes) {
            case 8 -> double.class;
            case 4 -> float.class;
            case 2 -> short.class;
            default -> byte.class;
        };
    }

    /** The view of {@code datum} over {@code buffer}, the replica of the datum's array. */
    static ClView of(ClSpace space, ClBuffer buffer, Object datum) {
        return of(space, buffer, datum, 0);
    }

    /**
     * The view of {@code datum} over {@code buffer}, which holds the bytes of the datum's array from {@code firstByte}
     * on (a window of it): offsets count elements of the buffer.
     */
    static ClView of(ClSpace space, ClBuffer buffer, Object datum, long firstByte) {
        ClView v = of0(space, buffer, datum);
        if (firstByte == 0) return v;
        if (firstByte % v.elementBytes != 0 || v.offset * v.elementBytes < firstByte)
            throw new IllegalArgumentException("an OpenCL window from byte " + firstByte + " cannot hold " + v);
        return new ClView(space, buffer, v.elementType, v.offset - firstByte / v.elementBytes, v.count, v.stride, v.matrix, v.rows, v.cols, v.ld);
    }

    private static ClView of0(ClSpace space, ClBuffer buffer, Object datum) {
        if (datum != null && datum.getClass().isArray() && datum.getClass().getComponentType().isPrimitive()) {
            int n = java.lang.reflect.Array.getLength(datum);
            return new ClView(space, buffer, datum.getClass().getComponentType(), 0, n, 1, false, n, 1, Math.max(n, 1));
        }
        if (datum instanceof ArraySlice s)
            return new ClView(space, buffer, s.base().getClass().getComponentType(), s.offset(), s.length(), s.stride(),
                    false, s.length(), 1, Math.max(s.length(), 1));
        if (datum instanceof Matrix m && m.array() != null)
            return new ClView(space, buffer, double.class, m.offset(), m.rows() * m.cols(), 1, true, m.rows(), m.cols(), m.ld());
        if (datum instanceof Matrix m && rootedMatrix(m))            // offsets in elements of the root
            return new ClView(space, buffer, double.class, m.spanStart(0) / Double.BYTES, m.rows() * m.cols(), 1, true, m.rows(), m.cols(), m.ld());
        if (datum instanceof SegmentSlice s && describable(s)) {
            int eb = s.elementBytes() == 8 || s.elementBytes() == 4 || s.elementBytes() == 2 ? s.elementBytes() : 1;
            int n = Math.toIntExact(s.count() * (s.elementBytes() / eb));
            long stride = s.count() <= 1 ? 1 : s.strideBytes() / eb;
            return new ClView(space, buffer, typeOfSize(eb), s.spanStart(0) / eb, n, stride, false, n, 1, Math.max(n, 1));
        }
        if (datum instanceof Diagonal d && d.matrix().array() != null) {
            Matrix m = d.matrix();
            return new ClView(space, buffer, double.class, m.offset(), d.length(), m.ld() + 1L, false, d.length(), 1, Math.max(d.length(), 1));
        }
        throw new IllegalArgumentException("an OpenCL space cannot present a " + (datum == null ? "null" : datum.getClass().getSimpleName())
                + ": only primitive arrays, array slices, and matrix blocks or diagonals over a double[]");
    }

    private static int bytesOf(Class<?> type) {
        if (type == double.class || type == long.class) return 8;
        if (type == float.class || type == int.class) return 4;
        if (type == short.class || type == char.class) return 2;
        if (type == byte.class || type == boolean.class) return 1;
        throw new IllegalArgumentException(type + " is not a primitive element type");
    }

    /** The space the buffer belongs to: its context, its queue, and {@link ClSpace#kernel kernels} for this thread. */
    public ClSpace space() {
        return space;
    }

    /** The device buffer holding the array (the replica), or the window of it the task touches for an array larger than the device. */
    public ClBuffer buffer() {
        return buffer;
    }

    /** The element type of the array: {@code double.class}, {@code float.class}, {@code int.class}, ... */
    public Class<?> elementType() {
        return elementType;
    }

    /** Bytes per element: 8 for {@code double}/{@code long}, 4 for {@code float}/{@code int}, ... */
    public int elementBytes() {
        return elementBytes;
    }

    /** Index, in elements of the array, of the datum's first element (element {@code (0, 0)} of a matrix). */
    public long offset() {
        return offset;
    }

    /** {@link #offset()} in bytes. */
    public long offsetBytes() {
        return offset * elementBytes;
    }

    /** Number of elements: the length of a slice, {@code rows() * cols()} of a matrix block. */
    public int count() {
        return count;
    }

    /** Distance in elements between consecutive elements of a slice (1 when contiguous, {@code ld + 1} along a diagonal); 1 within a matrix column. */
    public long stride() {
        return stride;
    }

    /** {@link #stride()} in bytes. */
    public long strideBytes() {
        return stride * elementBytes;
    }

    /** True if the datum is a matrix block: then {@link #rows()}, {@link #cols()} and {@link #ld()} describe it. */
    public boolean isMatrix() {
        return matrix;
    }

    /** Rows of a matrix block; for a slice or array, {@link #count()} (a vector is one column). */
    public int rows() {
        return rows;
    }

    /** Columns of a matrix block; 1 for a slice or array. */
    public int cols() {
        return cols;
    }

    /** Leading dimension of a matrix block, in elements: column {@code j} starts at element {@code offset() + j * ld()}; for a slice or array, {@code max(count(), 1)}. */
    public int ld() {
        return ld;
    }

    @Override
    public String toString() {
        String shape = matrix ? rows + "x" + cols + " matrix, ld " + ld : count + " elements" + (stride == 1 ? "" : " stride " + stride);
        return "ClView[" + elementType + " " + shape + " at element " + offset + " of a " + buffer.bytes() + "-byte buffer on " + space.name() + "]";
    }
}
