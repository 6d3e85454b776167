package org.weft;

/**
 * Counters of a runtime since it was created, summed over all its regions, nested ones included. Task, execution,
 * inlining and outcome counts are added when each region ends (so the spawn path touches no shared counter);
 * waits and steals are counted as they happen. A snapshot: the fields are read one after another, not atomically.
 *
 * @param tasks     tasks spawned ({@code spawn}, {@code task(...).spawn}); the combine steps of reductions are not counted
 * @param executed  tasks that were not cancelled, so whose function was called, failed ones included
 * @param failed    tasks whose function threw (after their retries), or that the runtime could not run
 * @param cancelled tasks that never ran: a task they depend on failed or was cancelled, or their region was cancelled
 * @param inlined   tasks run at once by the spawning thread instead of being queued: ready tasks spawned while
 *                  more than the throttle limit were pending, and ready tasks whose function is measured to run
 *                  faster than a hand-off to another worker (see {@code Builder.inlineTinyTasks})
 * @param waits     calls to {@link Task#get()} or {@link Task#await()} that found the task unfinished and had to wait
 *                  (helping meanwhile); a call on a finished task is not counted
 * @param steals    tasks (and reduction combine steps) that one worker made ready and queued and another worker
 *                  ran: work moved between threads. Never more than {@code tasks} plus combine steps; a region's
 *                  body, queued from outside the pool, and successors a worker runs itself are not counted
 */
public record Stats(long tasks, long executed, long failed, long cancelled, long inlined, long waits, long steals) {
    @Override
    public String toString() {
        return "tasks=" + tasks + " executed=" + executed + " failed=" + failed + " cancelled=" + cancelled
                + " inlined=" + inlined + " waits=" + waits + " steals=" + steals;
    }
}
