package org.weft.sched;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * A worker thread of a {@link Scheduler}. It carries the frame it is executing, so that a region opened
 * inside a task knows its parent, a spawn can tell the region body from a task that helped in, and helping
 * knows which frame it runs work on top of, all without a {@code ThreadLocal} lookup on the hot path.
 * Every field is touched by this thread only, except {@link #parkedForWork} and {@link #steals}, which others read.
 */
public final class Worker extends ForkJoinWorkerThread {
    final Scheduler scheduler;
    /**
     * What this thread is executing now, maintained by the runtime: a task, or while the body of a top-level
     * region runs here, that region (a nested region's body runs inside its parent task, which stays current).
     */
    public Object current;
    /** The frame waiting in the innermost {@link Scheduler#helpUntil} on this thread, or null when not waiting. */
    Object waitFrame;
    /** How many {@link Scheduler#helpUntil} calls are on this thread's stack. */
    int helpDepth;
    /** Work set aside because it may not run above {@link #waitFrame}: an intrusive stack through {@link Work#nextDeferred}. */
    Work deferred;
    /** True while parked in {@link Scheduler#helpUntil} for want of work; a submit clears it and unparks. */
    volatile boolean parkedForWork;
    /** Work queued by another worker that this one ran (see {@link Scheduler#steals()}); written by this thread only. */
    volatile long steals;

    Worker(ForkJoinPool pool, Scheduler scheduler) {
        super(null, pool, true);
        this.scheduler = scheduler;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    protected void onStart() {
        super.onStart();
        scheduler.register(this);
    }

    @Override
    protected void onTermination(Throwable exception) {
        scheduler.unregister(this);
        super.onTermination(exception);
    }
}
