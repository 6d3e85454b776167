package org.weft.engine;

import org.weft.resolve.FnInfo;

/**
 * The admission policy: what becomes of a task at spawn once its dependencies are registered. A task that is ready
 * is either queued for any worker or run at once on the spawning worker; a task that must wait is left to its
 * predecessors, and the spawner may first be held back.
 *
 * <p><b>How it decides.</b> A ready task runs at once on the spawning worker when its function is tiny in this
 * runtime ({@link RunTimes#isTiny}: measured to take less than a hand-off to another core, as libgomp runs undeferred
 * tasks), or when more than {@code high} tasks of the region are pending: the spawner then does the work instead of
 * adding to the backlog. A task that must wait while more than {@code high} are pending makes the spawner help run
 * other work until at most {@code low} are ({@link #throttleTo}), so a body that spawns 10⁷ tasks needs memory for
 * about {@code high} of them. The mechanism (counting, running, queueing) stays with the region; only these choices
 * live here, so that a runtime with other processors can bring its own.
 *
 * <p>Immutable apart from the run times it reads; thread-safe.
 */
final class Admission {
    private final long high, low;
    private final boolean inlineTiny;
    private final RunTimes runTimes;

    /** {@code throttle}: the pending count above which spawns are held back; {@code inlineTiny}: whether tiny tasks run at spawn. */
    Admission(int throttle, boolean inlineTiny, RunTimes runTimes) {
        this.high = throttle;
        this.low = Math.max(1, throttle / 2);
        this.inlineTiny = inlineTiny;
        this.runTimes = runTimes;
    }

    /** True if tasks of {@code f} are measured tiny in this runtime and may run at spawn. */
    boolean tiny(FnInfo f) {
        return inlineTiny && runTimes.isTiny(f);
    }

    /**
     * True if a ready task should run at once on the spawning worker, given whether its function is {@linkplain #tiny
     * tiny} and how many tasks of the region are pending counting it.
     */
    boolean runAtSpawn(boolean tiny, long pendingWithIt) {
        return tiny || pendingWithIt > high;
    }

    /** True if a new task that must wait, with {@code pendingWithIt} pending counting it, holds the spawner back. */
    boolean holdsBack(long pendingWithIt) {
        return pendingWithIt > high;
    }

    /** The pending count a held-back spawner helps down to. */
    long throttleTo() {
        return low;
    }
}
