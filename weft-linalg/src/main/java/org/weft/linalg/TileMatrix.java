package org.weft.linalg;

import org.weft.data.Matrix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

/**
 * A dense {@code rows x cols} matrix of doubles stored tile by tile: tile {@code (i, j)} holds rows
 * {@code [i*mb, i*mb + tileRows(i))} and columns {@code [j*nb, j*nb + tileCols(j))}, column-major and
 * contiguous ({@code ld = tileRows(i)}), so that a tile kernel streams through one block of memory. Tiles in
 * the last tile row and column are cut to the matrix ({@code nb} need not divide the order). Tiles are
 * square ({@code mb = nb}) unless made otherwise. Tile columns are
 * stored one after the other, each tile column tile by tile.
 *
 * <p>{@link #tile(int, int)} returns each tile as a {@link Matrix} view over the one storage segment, so
 * Weft's dependency tracking sees exactly which bytes a task touches: two tiles never alias, a tile and its
 * own {@link Matrix#lower lower}/{@link Matrix#upper upper} triangles do, and the strict lower and the upper
 * triangle of one tile do not.
 *
 * <p>The storage is off-heap ({@link #allocate}: a shared arena, freed by {@link #close()}; the fast path,
 * since native kernels use it in place) or on the heap ({@link #allocateOnHeap}: a {@code double[]}, which
 * kernels stage through native copies, freed by the garbage collector). Elements start at zero.
 *
 * <p>Not synchronized: element access and conversions are for the owner between regions; inside a region,
 * tasks reach the elements through tile views that the runtime orders. A native matrix must not be
 * closed while tasks may use its tiles (close it after the region that uses it).
 */
public final class TileMatrix implements AutoCloseable {
    /** Native storage starts on a page, so every tile of a whole number of cache lines starts on a cache line. */
    private static final long PAGE = 4096;
    private final int rows, cols, mb, nb, rowTiles, colTiles;
    private final MemorySegment storage;
    private final Arena arena;
    private final Matrix[] tiles;

    private TileMatrix(int rows, int cols, int mb, int nb, boolean offHeap) {
        if (rows < 1 || cols < 1) throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix: both must be at least 1");
        if (mb < 1 || nb < 1) throw new IllegalArgumentException("tiles of " + mb + " x " + nb + ": both must be at least 1");
        this.rows = rows;
        this.cols = cols;
        this.mb = mb;
        this.nb = nb;
        this.rowTiles = ceilDiv(rows, mb);
        this.colTiles = ceilDiv(cols, nb);
        long elements = (long) rows * cols;
        if (offHeap) {
            arena = Arena.ofShared();
            storage = arena.allocate(elements * Double.BYTES, PAGE);
        } else {
            if (elements > Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix does not fit in one Java array; allocate it off-heap");
            arena = null;
            storage = MemorySegment.ofArray(new double[(int) elements]);
        }
        tiles = new Matrix[rowTiles * colTiles];
        for (int j = 0; j < colTiles; j++)
            for (int i = 0; i < rowTiles; i++) {
                int r = tileRows(i), c = tileCols(j);
                MemorySegment s = storage.asSlice(tileOffset(i, j) * Double.BYTES, (long) r * c * Double.BYTES);
                tiles[i + j * rowTiles] = Matrix.wrap(s, r, c, r);
            }
    }

    /** A zero matrix in native memory, in tiles of {@code nb x nb}. */
    public static TileMatrix allocate(int rows, int cols, int nb) {
        return new TileMatrix(rows, cols, nb, nb, true);
    }

    /** A zero matrix in native memory, in tiles of {@code mb x nb} (rows x columns). */
    public static TileMatrix allocate(int rows, int cols, int mb, int nb) {
        return new TileMatrix(rows, cols, mb, nb, true);
    }

    /** A zero matrix on the Java heap (at most 2^31 - 9 elements), in tiles of {@code nb x nb}. */
    public static TileMatrix allocateOnHeap(int rows, int cols, int nb) {
        return new TileMatrix(rows, cols, nb, nb, false);
    }

    /** A native tiled copy of the column-major {@code rows x cols} matrix in {@code a} (leading dimension {@code rows}). */
    public static TileMatrix fromColumnMajor(double[] a, int rows, int cols, int nb) {
        TileMatrix t = allocate(rows, cols, nb);
        t.copyFrom(a, rows);
        return t;
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    /** The rows of a tile; tiles of the last tile row may have fewer. */
    public int mb() { return mb; }
    /** The columns of a tile; tiles of the last tile column may have fewer. */
    public int nb() { return nb; }
    public int rowTiles() { return rowTiles; }
    public int colTiles() { return colTiles; }
    public boolean isNative() { return arena != null; }

    /** The rows of tiles in tile row {@code i}. */
    public int tileRows(int i) {
        checkIndex(i, rowTiles, "tile row");
        return Math.min(mb, rows - i * mb);
    }

    /** The columns of tiles in tile column {@code j}. */
    public int tileCols(int j) {
        checkIndex(j, colTiles, "tile column");
        return Math.min(nb, cols - j * nb);
    }

    /** Tile {@code (i, j)} as a view (its leading dimension is its row count). */
    public Matrix tile(int i, int j) {
        checkIndex(i, rowTiles, "tile row");
        checkIndex(j, colTiles, "tile column");
        return tiles[i + j * rowTiles];
    }

    public double get(int i, int j) {
        return storage.getAtIndex(JAVA_DOUBLE, element(i, j));
    }

    public void set(int i, int j, double v) {
        storage.setAtIndex(JAVA_DOUBLE, element(i, j), v);
    }

    /** Copies the column-major matrix {@code a} (leading dimension {@code lda >= rows}) into this one. */
    public void copyFrom(double[] a, int lda) {
        checkColumnMajor(a, lda);
        for (int c = 0; c < cols; c++)
            for (int i = 0; i < rowTiles; i++)
                MemorySegment.copy(a, c * lda + i * mb, storage, JAVA_DOUBLE, elementOfTileColumn(i, c) * Double.BYTES, tileRows(i));
    }

    /** Copies this matrix into the column-major {@code a} (leading dimension {@code lda >= rows}). */
    public void copyTo(double[] a, int lda) {
        checkColumnMajor(a, lda);
        for (int c = 0; c < cols; c++)
            for (int i = 0; i < rowTiles; i++)
                MemorySegment.copy(storage, JAVA_DOUBLE, elementOfTileColumn(i, c) * Double.BYTES, a, c * lda + i * mb, tileRows(i));
    }

    /** This matrix as a new column-major array with leading dimension {@code rows}. */
    public double[] toColumnMajor() {
        if ((long) rows * cols > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix does not fit in one Java array");
        double[] a = new double[rows * cols];
        copyTo(a, rows);
        return a;
    }

    /** A copy with the same shape, tiles and placement (native or heap). */
    public TileMatrix copy() {
        TileMatrix t = new TileMatrix(rows, cols, mb, nb, isNative());
        MemorySegment.copy(storage, 0, t.storage, 0, storage.byteSize());
        return t;
    }

    /** Copies {@code other}, which has the same shape and tile size, into this matrix. */
    public void copyFrom(TileMatrix other) {
        if (other.rows != rows || other.cols != cols || other.mb != mb || other.nb != nb)
            throw new IllegalArgumentException("copying a " + other + " into a " + this);
        MemorySegment.copy(other.storage, 0, storage, 0, storage.byteSize());
    }

    /** Frees native storage (heap storage is left to the garbage collector); the tiles must not be used afterwards. */
    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) arena.close();
    }

    @Override
    public String toString() {
        return rows + " x " + cols + " tile matrix (" + rowTiles + " x " + colTiles + " tiles of " + mb + " x " + nb + ", " + (isNative() ? "native" : "heap") + ")";
    }

    /** Where tile (i, j) starts, in elements: tile columns before j hold nb columns of all rows each. */
    private long tileOffset(int i, int j) {
        return (long) j * nb * rows + (long) i * mb * tileCols(j);
    }

    private long element(int i, int j) {
        checkIndex(i, rows, "row");
        checkIndex(j, cols, "column");
        int ti = i / mb, tj = j / nb;
        return tileOffset(ti, tj) + (i - ti * mb) + (long) (j - tj * nb) * tileRows(ti);
    }

    /** The first element of global column c inside tile row i. */
    private long elementOfTileColumn(int i, int c) {
        int tj = c / nb;
        return tileOffset(i, tj) + (long) (c - tj * nb) * tileRows(i);
    }

    private void checkColumnMajor(double[] a, int lda) {
        if (lda < rows) throw new IllegalArgumentException("leading dimension " + lda + " is smaller than the row count " + rows);
        if ((long) (cols - 1) * lda + rows > a.length)
            throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix with leading dimension " + lda + " needs "
                    + ((long) (cols - 1) * lda + rows) + " elements; the array has " + a.length);
    }

    private static void checkIndex(int i, int n, String what) {
        if (i < 0 || i >= n) throw new IndexOutOfBoundsException(what + " " + i + " is outside 0.." + (n - 1));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
