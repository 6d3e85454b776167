package org.weft;

/**
 * Counters of a runtime since it was created. Task, execution and throttling counts are added when each
 * region ends (so the hot path touches no shared counter); failures, cancellations, waits and steals are
 * counted as they happen.
 *
 * @param tasks     tasks spawned
 * @param executed  tasks whose function ran (including failed ones)
 * @param failed    tasks that threw (after retries)
 * @param cancelled tasks that never ran because a dependency failed
 * @param inlined   tasks run at once by the spawning thread: because too many were pending (throttling), or
 *                  because their function is measured to run faster than a hand-off to another worker
 * @param waits     calls to {@link Task#get()}/{@link Task#join()} that had to wait
 * @param steals    tasks taken by one worker from another's queue
 */
public record Stats(long tasks, long executed, long failed, long cancelled, long inlined, long waits, long steals) {
    @Override
    public String toString() {
        return "tasks=" + tasks + " executed=" + executed + " failed=" + failed + " cancelled=" + cancelled
                + " inlined=" + inlined + " waits=" + waits + " steals=" + steals;
    }
}
