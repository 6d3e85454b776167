package org.weft.linalg.kernel;

import org.weft.data.Matrix;
import org.weft.memory.MemorySpaces;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.LongAdder;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The native memory of one kernel call: the by-reference scalars of a Fortran routine, workspaces, and
 * native copies of matrices that live on the Java heap.
 *
 * <p>A matrix over native memory is passed where it is, with its own leading dimension. A matrix over a
 * {@code double[]} or a heap segment cannot be (a downcall that lets native code see the heap must be
 * "critical", which BLAS calls of a millisecond are not), so it is copied into a packed native buffer
 * ({@code ld = rows}) and, if the kernel writes it, copied back column by column when the call closes: only
 * the matrix's own elements, and of those only the triangle the kernel writes when it writes one, never
 * the gaps between its columns or the other triangle, which other tasks may own. A task placed in an off-heap
 * memory space receives its heap views rebased onto native replicas ({@code m.segment()} native), so its
 * kernels take the first path: no copy per call.
 *
 * <p>Memory comes from the thread's {@link Scratch} stack and goes back to it at close. Confined to the
 * calling thread; one instance per call, closed by try-with-resources.
 */
final class NativeCall implements AutoCloseable {
    /** A matrix as a kernel sees it: where its first element is and its leading dimension. */
    record Ptr(MemorySegment at, int ld) {
    }

    private static final int MAX_WRITTEN = 4;
    /** Heap matrices copied in so far, all threads ({@link Kernels#stagedMatrices()}). */
    static final LongAdder STAGED = new LongAdder();
    private final Scratch scratch = Scratch.local();
    private final long mark = scratch.mark();
    private final Matrix[] written = new Matrix[MAX_WRITTEN];
    private final Kernels.Uplo[] writtenPart = new Kernels.Uplo[MAX_WRITTEN];
    private final MemorySegment[] copies = new MemorySegment[MAX_WRITTEN];
    private int nWritten;
    private MemorySegment restoreFrom;
    private Matrix restoreTo;
    private Kernels.Uplo restorePart;

    /** The matrix {@code m}, which the kernel only reads. */
    Ptr read(Matrix m) {
        if (isNative(m)) return new Ptr(m.segment().asSlice(m.offset() * Double.BYTES), m.ld());
        return new Ptr(copyIn(m), m.rows());
    }

    /** The matrix {@code m}, which the kernel may write; a heap matrix gets the kernel's writes at close. */
    Ptr write(Matrix m) {
        return write(m, null);
    }

    /**
     * The matrix {@code m}, of which the kernel writes only the {@code part} triangle (all of it if null): a
     * heap matrix gets back only that part at close, so elements the kernel does not own, which another
     * task may be writing, are left alone.
     */
    Ptr write(Matrix m, Kernels.Uplo part) {
        if (isNative(m)) return new Ptr(m.segment().asSlice(m.offset() * Double.BYTES), m.ld());
        if (nWritten == MAX_WRITTEN) throw new IllegalStateException("a kernel call stages at most " + MAX_WRITTEN + " written heap matrices");
        MemorySegment copy = copyIn(m);
        written[nWritten] = m;
        writtenPart[nWritten] = part;
        copies[nWritten++] = copy;
        return new Ptr(copy, m.rows());
    }

    MemorySegment i32(int v) {
        MemorySegment s = scratch.allocate(Integer.BYTES);
        s.set(JAVA_INT, 0, v);
        return s;
    }

    /** A Fortran CHARACTER*1 argument (its hidden length, 1, is passed by value after the others). */
    MemorySegment chr(char c) {
        MemorySegment s = scratch.allocate(1);
        s.set(ValueLayout.JAVA_BYTE, 0, (byte) c);
        return s;
    }

    /** An INTEGER the routine writes (INFO). */
    MemorySegment intOut() {
        return i32(0);
    }

    /** An INTEGER array of {@code n} entries the routine writes. */
    MemorySegment ints(int n) {
        return scratch.allocate((long) Math.max(1, n) * Integer.BYTES);
    }

    /** A workspace of {@code n} doubles, not initialized. */
    MemorySegment doubles(long n) {
        return scratch.allocate(Math.max(1, n) * Double.BYTES);
    }

    /**
     * A copy of the elements of {@code m} that a kernel working on its {@code part} triangle may change
     * (all of them if {@code part} is null), packed with leading dimension {@code m.rows()}, to restore from.
     */
    MemorySegment backup(Matrix m, Kernels.Uplo part) {
        MemorySegment copy = doubles((long) m.rows() * m.cols());
        transfer(m, copy, part, true);
        return copy;
    }

    /**
     * Makes {@link #close} write {@code backup} (of {@code part} of {@code m}) back into {@code m} last,
     * after the copy-back of a staged heap matrix, so that {@code m} ends as it was before the call.
     */
    void restoreAtClose(MemorySegment backup, Matrix m, Kernels.Uplo part) {
        restoreFrom = backup;
        restoreTo = m;
        restorePart = part;
    }

    private static boolean isNative(Matrix m) {
        return m.segment() != null && m.segment().isNative();
    }

    private MemorySegment copyIn(Matrix m) {
        STAGED.increment();
        MemorySegment copy = doubles((long) m.rows() * m.cols());
        transfer(m, copy, null, true);
        return copy;
    }

    /**
     * Copies between {@code m} and a packed buffer, column by column: all rows, or the rows of the lower
     * (from the diagonal down) or upper (down to the diagonal) triangle.
     */
    private static void transfer(Matrix m, MemorySegment packed, Kernels.Uplo part, boolean toPacked) {
        int rows = m.rows();
        for (int j = 0; j < m.cols(); j++) {
            int from = part == Kernels.Uplo.LOWER ? Math.min(j, rows) : 0;
            int to = part == Kernels.Uplo.UPPER ? Math.min(j + 1, rows) : rows;
            if (from >= to) continue;
            long element = m.offset() + (long) j * m.ld() + from, at = ((long) j * rows + from) * Double.BYTES;
            int count = to - from;
            if (m.array() != null) {
                if (toPacked) MemorySegment.copy(m.array(), Math.toIntExact(element), packed, JAVA_DOUBLE, at, count);
                else MemorySegment.copy(packed, JAVA_DOUBLE, at, m.array(), Math.toIntExact(element), count);
            } else if (toPacked) {
                MemorySpaces.copyBytes(m.segment(), element * Double.BYTES, packed, at, (long) count * Double.BYTES);
            } else {
                MemorySpaces.copyBytes(packed, at, m.segment(), element * Double.BYTES, (long) count * Double.BYTES);
            }
        }
    }

    @Override
    public void close() {
        try {
            for (int i = 0; i < nWritten; i++) transfer(written[i], copies[i], writtenPart[i], false);
            if (restoreTo != null) transfer(restoreTo, restoreFrom, restorePart, false);
        } finally {
            scratch.release(mark);
        }
    }
}
