package org.weft.sched;

/**
 * Something a {@link Scheduler} runs: a ready task, a combine step, or the body of a top-level region.
 *
 * <p><b>Contract.</b> {@link #run()} turns whatever goes wrong inside it, in user code or in the runtime's
 * own, into this work's failure. Should a throwable still escape it (the runtime's own code cut short, say by
 * a stack overflow), the scheduler calls {@link #recover} from a shallower frame, which brings the work to its
 * end. If the scheduler cannot run the work at all (it could not be queued), it calls {@link #abandon}
 * instead, which ends the work as failed without running it. Either way the work ends exactly once, so
 * nothing that waits for it can wait forever.
 *
 * <p>{@link #mayRunAbove} is the helping rule: a worker that waits inside a frame runs other work on top of
 * that frame only if the work cannot need the frame to finish (see {@link Scheduler}).
 */
public abstract class Work {
    /** Order among work of equal priority: spawn number within its region. */
    public final long seq;
    /** Larger runs earlier among ready work. */
    public final int priority;
    /** Link in the deferred list of the worker that set this work aside; see {@link Scheduler#helpUntil}. */
    Work nextDeferred;
    /** The worker that last queued this work, or null if a thread outside the pool did; for counting steals. */
    Thread queuedBy;

    protected Work(long seq, int priority) {
        this.seq = seq;
        this.priority = priority;
    }

    /**
     * Runs this work on the current thread and returns work it made ready that this thread should run next,
     * or {@code null}. Never throws.
     */
    protected abstract Work run();

    /**
     * True if this work may run on a thread whose innermost waiting frame is {@code frame} (the task or
     * region body that waits): only if this work can never, directly or through what it waits for, need
     * that frame to finish.
     */
    protected abstract boolean mayRunAbove(Object frame);

    /** Ends this work as failed with {@code cause} without running it, because it could not be scheduled. */
    public abstract void abandon(Throwable cause);

    /**
     * Ends this work after {@link #run()} was cut short by a throwable of the runtime's own code (a stack
     * overflow, an injected fault): fails it with {@code cause} if it had not come to its end, else finishes
     * what its end left undone. Returns work to run next, or null. Called from a shallower frame than the one
     * that threw.
     */
    protected abstract Work recover(Throwable cause);
}
