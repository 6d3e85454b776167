package org.weft.linalg;

import org.weft.data.Matrix;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;

import java.lang.foreign.Arena;
import java.util.Objects;
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
 * <p>The storage is off-heap ({@link #allocate}: a shared arena, freed by {@link #close()}; native kernels use
 * it in place) or on the heap ({@link #allocateOnHeap}: one {@code double[]}, freed by the garbage collector,
 * each tile a {@link Matrix} over that array at the tile's offset). Elements start at zero.
 *
 * <p><b>Placement.</b> Native kernels cannot read the Java heap in place, so a kernel given a heap tile on the
 * host copies it into native scratch and back on every call (see {@code Kernels}). A heap matrix can instead be
 * placed in a memory space ({@link #allocateOnHeap(int, int, int, MemorySpace)}, typically
 * {@link MemorySpaces#offHeap}): the tiled algorithms ({@link Cholesky}, {@link LU}, {@link QR}, {@link Gemm},
 * {@link TriangularSolve}) then spawn its tasks {@code .on(space)}, the runtime copies each tile into a native
 * replica once per version it is read in (as a copy node of the task graph) and the whole array home once when
 * the region ends, and the kernels receive tiles over the replica, which they use in place like a native
 * matrix's. The matrices of one algorithm call must share one {@link #placement()}. The array is a raw root to
 * the runtime, so its replica lives for one region: every region (a factorization, then a solve) copies in what it
 * reads and copies home what it wrote; the off-heap space reuses the replica's native memory from one region to the
 * next (see {@code weft bench linalg --only storage}).
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
    /** The heap storage, or null for native storage. */
    private final double[] heap;
    private final MemorySpace placement;
    private final Matrix[] tiles;

    private TileMatrix(int rows, int cols, int mb, int nb, boolean offHeap, MemorySpace placement) {
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
            heap = null;
        } else {
            if (elements > Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix does not fit in one Java array; allocate it off-heap");
            arena = null;
            heap = new double[(int) elements];
            storage = MemorySegment.ofArray(heap);
        }
        this.placement = placement;
        tiles = new Matrix[rowTiles * colTiles];
        for (int j = 0; j < colTiles; j++)
            for (int i = 0; i < rowTiles; i++) {
                int r = tileRows(i), c = tileCols(j);
                // heap tiles are views over the array itself (not over a heap segment): a memory space can only
                // replicate primitive arrays and views over them
                tiles[i + j * rowTiles] = offHeap
                        ? Matrix.wrap(storage.asSlice(tileOffset(i, j) * Double.BYTES, (long) r * c * Double.BYTES), r, c, r)
                        : Matrix.wrap(heap, (int) tileOffset(i, j), r, c, r);
            }
    }

    /** A zero matrix in native memory, in tiles of {@code nb x nb}. */
    public static TileMatrix allocate(int rows, int cols, int nb) {
        return new TileMatrix(rows, cols, nb, nb, true, MemorySpaces.host());
    }

    /** A zero matrix in native memory, in tiles of {@code mb x nb} (rows x columns). */
    public static TileMatrix allocate(int rows, int cols, int mb, int nb) {
        return new TileMatrix(rows, cols, mb, nb, true, MemorySpaces.host());
    }

    /**
     * A zero matrix on the Java heap (at most 2^31 - 9 elements), in tiles of {@code nb x nb}, whose tasks run on
     * the host: each kernel call copies its heap tiles into native scratch and back.
     */
    public static TileMatrix allocateOnHeap(int rows, int cols, int nb) {
        return new TileMatrix(rows, cols, nb, nb, false, MemorySpaces.host());
    }

    /**
     * A zero matrix on the Java heap (at most 2^31 - 9 elements), in tiles of {@code nb x nb}, whose tasks the
     * tiled algorithms run in {@code placement}. With {@link MemorySpaces#offHeap} the kernels work in place on
     * native replicas of the tiles, which the runtime keeps current (a tile is copied in once per version read
     * there, and the array comes home once at the end of each region), so a heap matrix factors about as fast as
     * a native one; with {@link MemorySpaces#host()} this is {@link #allocateOnHeap(int, int, int)}.
     *
     * <p>Use one space object for all the matrices an algorithm combines (a runtime refuses two spaces of the same
     * name); it may serve many matrices and runtimes.
     *
     * @throws IllegalArgumentException if {@code placement} cannot hand a tile to a kernel as a {@link Matrix}
     */
    public static TileMatrix allocateOnHeap(int rows, int cols, int nb, MemorySpace placement) {
        Objects.requireNonNull(placement, "placement");
        TileMatrix t = new TileMatrix(rows, cols, nb, nb, false, placement);
        if (!placement.canPresent(t.tiles[0], Matrix.class))
            throw new IllegalArgumentException("memory space '" + placement.name() + "' cannot hand a heap tile to a kernel as a Matrix; "
                    + "place a heap matrix in a space such as MemorySpaces.offHeap(name)");
        return t;
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

    /**
     * The memory space the tiled algorithms run this matrix's tasks in: {@link MemorySpaces#host()} unless the
     * matrix was allocated on the heap with a placement. A native matrix is always on the host, where its tiles
     * already are native memory.
     */
    public MemorySpace placement() { return placement; }

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

    /** A copy with the same shape, tiles and storage (native, or heap with the same {@link #placement()}). */
    public TileMatrix copy() {
        TileMatrix t = new TileMatrix(rows, cols, mb, nb, isNative(), placement);
        MemorySpaces.copyBytes(storage, 0, t.storage, 0, storage.byteSize());
        return t;
    }

    /** Copies {@code other}, which has the same shape and tile size, into this matrix. */
    public void copyFrom(TileMatrix other) {
        if (other.rows != rows || other.cols != cols || other.mb != mb || other.nb != nb)
            throw new IllegalArgumentException("copying a " + other + " into a " + this);
        MemorySpaces.copyBytes(other.storage, 0, storage, 0, storage.byteSize());
    }

    /** A zero matrix of the given shape stored as this one is (native, or heap with the same placement). */
    TileMatrix allocateLike(int rows, int cols, int mb, int nb) {
        return new TileMatrix(rows, cols, mb, nb, isNative(), placement);
    }

    /** Frees native storage (heap storage is left to the garbage collector); the tiles must not be used afterwards. */
    @Override
    public void close() {
        if (arena != null && arena.scope().isAlive()) arena.close();
    }

    @Override
    public String toString() {
        return rows + " x " + cols + " tile matrix (" + rowTiles + " x " + colTiles + " tiles of " + mb + " x " + nb + ", " + (isNative() ? "native"
                : placement == MemorySpaces.host() ? "heap" : "heap, placed in " + placement.name()) + ")";
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
