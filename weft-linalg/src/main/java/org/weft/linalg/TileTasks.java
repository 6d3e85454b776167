package org.weft.linalg;

import org.weft.TaskBuilder;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.RegionBody;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the tiled algorithms share: progress counting, critical-path priorities, and unwrapping their own failures.
 * Their tasks are named by kernel and tile, {@code kernel(i,j,k)}: the tile {@code (i, j)} the task writes, then the
 * step {@code k} (the panel, or the term of a product's sum) where there is one; so traces, graphs and errors read
 * {@code gemm(3,1,0)}, {@code potrf(2)}.
 */
final class TileTasks {
    private TileTasks() {
    }

    /** Counts one finished kernel task, if the caller asked for progress. */
    static void done(LongAdder progress) {
        if (progress != null) progress.increment();
    }

    /**
     * A priority for a task that feeds panel {@code panel} of {@code panels}: earlier panels are more urgent,
     * and within one panel {@code rank} (0 to 2) orders the kinds of task, the panel factorization highest.
     * So the next panel is factored as soon as its column is updated, ahead of the rest of the trailing
     * matrix, as look-ahead does in PLASMA and in StarPU's priority scheduler.
     */
    static int priority(int panels, int panel, int rank) {
        return 3 * (panels - panel) + rank;
    }

    /**
     * The space the tasks of {@code algorithm} over {@code matrices} run in: their common {@link TileMatrix#placement()}.
     * A task runs in one space and receives all its tiles there, and a native matrix's tiles cannot be moved (nor need
     * to be), so matrices placed in different spaces, or a placed heap matrix with a native one, are refused here,
     * before any task is spawned, naming both.
     *
     * @param names the matrices' names in the algorithm's documentation ("A", "B"), one per matrix
     */
    static MemorySpace placement(String algorithm, String[] names, TileMatrix... matrices) {
        MemorySpace space = matrices[0].placement();
        for (int i = 1; i < matrices.length; i++)
            if (matrices[i].placement() != space)
                throw new IllegalArgumentException(algorithm + ": " + names[0] + " is a " + matrices[0] + " but " + names[i] + " is a "
                        + matrices[i] + "; each task runs in one memory space, so the matrices must share one placement "
                        + "(allocate them all with TileMatrix.allocateOnHeap(rows, cols, nb, space), or none)");
        return space;
    }

    /** {@code task} placed in {@code space}; on the host, as it is (the host is every task's default). */
    static <R> TaskBuilder<R> on(TaskBuilder<R> task, MemorySpace space) {
        return space == MemorySpaces.host() ? task : task.on(space);
    }

    /** Checks that {@code a} is square in square tiles, as the factorizations and solves need. */
    static void checkSquare(TileMatrix a) {
        if (a.rows() != a.cols()) throw new IllegalArgumentException("the matrix is " + a.rows() + " x " + a.cols() + "; it must be square");
        if (a.mb() != a.nb()) throw new IllegalArgumentException("the tiles are " + a.mb() + " x " + a.nb() + "; they must be square");
    }

    /**
     * Runs {@code body} as a region on {@code weft}; if a task failed with an exception of type {@code own}
     * (which names the tile), that exception is thrown rather than the region's {@link TaskFailedException}.
     */
    @SafeVarargs
    static void run(Weft weft, RegionBody body, Class<? extends RuntimeException>... own) {
        try {
            weft.region(body);
        } catch (TaskFailedException e) {
            for (Throwable t = e; t != null; t = t.getCause())
                for (Class<? extends RuntimeException> c : own)
                    if (c.isInstance(t)) {
                        RuntimeException failure = c.cast(t);
                        failure.addSuppressed(e);   // keeps the task's name and where it was spawned
                        throw failure;
                    }
            throw e;
        }
    }
}
