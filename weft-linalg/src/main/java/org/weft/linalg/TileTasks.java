package org.weft.linalg;

import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.RegionBody;

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
