package org.weft.sched;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * A worker thread of a {@link Scheduler}. It carries the task it is running, so that a region opened inside
 * a task knows its parent and a spawn can tell the region body from a task that helped in, without a
 * {@code ThreadLocal} lookup on the hot path.
 */
public final class Worker extends ForkJoinWorkerThread {
    final Scheduler scheduler;
    /**
     * What this thread is executing now, maintained by the runtime: a task, or while the body of a top-level
     * region runs here, that region (a nested region's body runs inside its parent task, which stays current).
     */
    public Object current;
    /** How many {@link Scheduler#helpUntil} calls are on this thread's stack. */
    int helpDepth;
    /** Nodes set aside while helping (see {@link Scheduler#defer}); resubmitted when the help frame ends. */
    final java.util.ArrayList<org.weft.deps.GraphNode> deferred = new java.util.ArrayList<>();

    Worker(ForkJoinPool pool, Scheduler scheduler) {
        super(null, pool, true);
        this.scheduler = scheduler;
    }

    public Scheduler scheduler() {
        return scheduler;
    }
}
