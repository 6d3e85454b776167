package org.weft.data;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A column-major matrix of doubles, or a rectangular part of one, over a {@code double[]} or a
 * {@link MemorySegment}: element {@code (i, j)} lives at element index {@code offset + i + j * ld}.
 *
 * <p>Every part a kernel asks for is again a view with exact spans: {@link #block} and {@link #tile}
 * (sub-matrices), {@link #rows}, {@link #cols}, {@link #row} and {@link #col}, the triangles
 * ({@link #lower}, {@link #upper}) and the {@link #diagonal()}. A block is one span per column unless its
 * columns are contiguous ({@code rows == ld}), in which case it is a single span. A matrix or block with no
 * rows or no columns is empty: it has no span and aliases nothing.
 *
 * <p>Instances are immutable; the elements are not. Kernels that want raw speed use {@link #array()} (or
 * {@link #segment()}), {@link #offset()} and {@link #ld()} directly, as BLAS does.
 */
public final class Matrix implements View {
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private final double[] array;
    private final MemorySegment segment;
    private final Object base;
    private final long baseByte;
    private final long offset;
    private final int rows, cols, ld;

    private Matrix(double[] array, MemorySegment segment, long offset, int rows, int cols, int ld) {
        this.array = array;
        this.segment = segment;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.ld = ld;
        if (array != null) {
            base = array;
            baseByte = 0;
        } else {
            Object root = SegmentSlice.baseOf(segment);      // a local, not the field: only the segment's base reaches originOf
            base = root;
            baseByte = segment.address() - SegmentSlice.originOf(segment, root);
        }
    }

    /** A {@code rows x cols} matrix stored column by column in {@code data} (leading dimension {@code rows}). */
    public static Matrix wrap(double[] data, int rows, int cols) {
        return wrap(data, rows, cols, Math.max(rows, 1));
    }

    /** A {@code rows x cols} column-major matrix with leading dimension {@code ld} over {@code data}. */
    public static Matrix wrap(double[] data, int rows, int cols, int ld) {
        check(rows, cols, ld, data.length);
        return new Matrix(data, null, 0, rows, cols, ld);
    }

    /**
     * A {@code rows x cols} column-major matrix with leading dimension {@code ld} whose element {@code (0, 0)} is
     * {@code data[offset]}, as BLAS addresses a sub-matrix ({@code a + offset, lda}).
     */
    public static Matrix wrap(double[] data, int offset, int rows, int cols, int ld) {
        if (offset < 0 || offset > data.length)
            throw new IndexOutOfBoundsException("Matrix.wrap(double[" + data.length + "], " + offset + ", " + rows + ", " + cols + ", " + ld
                    + "): the offset " + offset + " is outside the array");
        check(rows, cols, ld, data.length - (long) offset);
        return new Matrix(data, null, offset, rows, cols, ld);
    }

    /** A {@code rows x cols} column-major matrix of doubles with leading dimension {@code ld} over {@code segment}. */
    public static Matrix wrap(MemorySegment segment, int rows, int cols, int ld) {
        check(rows, cols, ld, segment.byteSize() / Double.BYTES);
        return new Matrix(null, segment, 0, rows, cols, ld);
    }

    /**
     * The same shape (offset, rows, columns, leading dimension) over other storage: a {@code double[]} or a segment
     * mirroring this matrix's root (for a matrix over a registered native root, the root's bytes at the same offsets).
     */
    Matrix over(Object storage) {
        if (storage instanceof double[] d) return new Matrix(d, null, offset, rows, cols, ld);
        MemorySegment s = (MemorySegment) storage;
        if (base instanceof NativeRoot) s = s.asSlice(baseByte);      // where this matrix's own segment starts in the root
        return new Matrix(null, s, offset, rows, cols, ld);
    }

    /**
     * The same shape over {@code window}, a segment holding root bytes from {@code firstByte} on: element {@code (0, 0)}
     * moves to where its root byte lies in the window. Throws if that byte is before the window or not on a double's
     * boundary of it.
     */
    Matrix overWindow(MemorySegment window, long firstByte) {
        long first = (array != null ? 0 : baseByte) + offset * Double.BYTES - firstByte;
        if (first < 0 || first % Double.BYTES != 0)
            throw new IllegalArgumentException("a matrix whose first element is at root byte " + (first + firstByte)
                    + " cannot be placed over a window from byte " + firstByte);
        return new Matrix(null, window, first / Double.BYTES, rows, cols, ld);
    }

    private static void check(int rows, int cols, int ld, long elements) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("matrix of " + rows + " x " + cols + ": neither may be negative");
        if (ld < Math.max(rows, 1)) throw new IllegalArgumentException("leading dimension " + ld + " is smaller than " + (rows < 1 ? "1" : "the row count " + rows));
        if (rows > 0 && cols > 0 && (long) (cols - 1) * ld + rows > elements)
            throw new IndexOutOfBoundsException("a " + rows + " x " + cols + " matrix with ld " + ld + " needs "
                    + ((long) (cols - 1) * ld + rows) + " elements; storage has " + elements);
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    /** Leading dimension: distance in elements between the starts of consecutive columns. */
    public int ld() { return ld; }
    /** Element index of {@code (0, 0)} in the storage. */
    public long offset() { return offset; }
    /** The backing array, or {@code null} when the matrix lives in a segment. */
    public double[] array() { return array; }
    /** The backing segment, or {@code null} when the matrix lives in an array. */
    public MemorySegment segment() { return segment; }

    /** Element index in the storage of {@code (i, j)}, after a bounds check. */
    public long index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols)
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside a " + rows + " x " + cols + " matrix");
        return offset + i + (long) j * ld;
    }

    public double get(int i, int j) {
        long k = index(i, j);
        return array != null ? array[(int) k] : segment.getAtIndex(F64, k);
    }

    public void set(int i, int j, double v) {
        long k = index(i, j);
        if (array != null) array[(int) k] = v;
        else segment.setAtIndex(F64, k, v);
    }

    /** The {@code m x n} sub-matrix whose top-left element is {@code (i0, j0)}. */
    public Matrix block(int i0, int j0, int m, int n) {
        if (m < 0 || n < 0 || i0 < 0 || j0 < 0 || i0 > rows || j0 > cols || m > rows - i0 || n > cols - j0)
            throw new IndexOutOfBoundsException("block (" + i0 + ", " + j0 + ") of " + m + " x " + n + " outside a "
                    + rows + " x " + cols + " matrix");
        return new Matrix(array, segment, offset + i0 + (long) j0 * ld, m, n, ld);
    }

    /**
     * Tile {@code (ti, tj)} of a grid of {@code size x size} tiles; edge tiles are cut to the matrix, so
     * sizes that do not divide the matrix work.
     *
     * @throws IllegalArgumentException  if {@code size} is not positive
     * @throws IndexOutOfBoundsException if the tile starts outside the matrix
     */
    public Matrix tile(int ti, int tj, int size) {
        if (size < 1) throw new IllegalArgumentException("tile size " + size + " must be at least 1");
        if (ti < 0 || tj < 0 || (long) ti * size >= rows || (long) tj * size >= cols)
            throw new IndexOutOfBoundsException("tile (" + ti + ", " + tj + ") of size " + size + " outside a " + rows + " x " + cols + " matrix");
        int i0 = ti * size, j0 = tj * size;
        return block(i0, j0, Math.min(size, rows - i0), Math.min(size, cols - j0));
    }

    /** Rows {@code [i0, i1)}, all columns. */
    public Matrix rows(int i0, int i1) { return block(i0, 0, i1 - i0, cols); }
    /** Columns {@code [j0, j1)}, all rows. */
    public Matrix cols(int j0, int j1) { return block(0, j0, rows, j1 - j0); }
    /** Row {@code i} as a {@code 1 x cols} matrix (one span per column). */
    public Matrix row(int i) { return block(i, 0, 1, cols); }
    /** Column {@code j} as a {@code rows x 1} matrix (one span). */
    public Matrix col(int j) { return block(0, j, rows, 1); }

    /** The lower triangle ({@code i >= j}, or {@code i > j} without the diagonal). */
    public Triangle lower(boolean withDiagonal) { return new Triangle(this, true, withDiagonal); }
    /** The upper triangle ({@code i <= j}, or {@code i < j} without the diagonal). */
    public Triangle upper(boolean withDiagonal) { return new Triangle(this, false, withDiagonal); }
    /** The main diagonal. */
    public Diagonal diagonal() { return new Diagonal(this); }

    /** Bytes of element index {@code k} relative to {@link #base()}. */
    long byteOf(long k) {
        return baseByte + k * Double.BYTES;
    }

    private boolean contiguous() {
        return rows == ld || cols == 1;
    }

    @Override public Object base() { return base; }
    @Override public int spanCount() { return rows == 0 || cols == 0 ? 0 : contiguous() ? 1 : cols; }
    @Override public long spanStart(int i) { return byteOf(offset + (long) i * ld); }

    @Override
    public long spanLength(int i) {
        return contiguous() ? ((long) (cols - 1) * ld + rows) * Double.BYTES : (long) rows * Double.BYTES;
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + " ld=" + ld + " @" + offset + "]";
    }
}
