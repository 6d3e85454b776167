package org.weft;

/**
 * The handle of a spawned task: its result, its state, and a dependency for later tasks (pass it as an
 * argument and the later task waits for it and receives its result).
 *
 * <p>Waiting is allowed inside a region: a worker that calls {@link #get()} or {@link #await()} runs other
 * ready tasks until this one is finished, so waiting never starves the pool. It runs only tasks that cannot need
 * the waiting task to finish (descendants of the waiting task, and tasks spawned before it); anything else it
 * leaves to other workers, adding one if all are waiting. Implemented by the runtime only.
 *
 * @param <T> the result type ({@code Void} for procedures)
 */
public interface Task<T> {

    /** Lifecycle of a task. */
    enum State {
        /** Spawned; waiting for the tasks it depends on. */
        WAITING,
        /** Running now. */
        RUNNING,
        /** Finished normally. */
        DONE,
        /** Threw; see {@link TaskFailedException}. */
        FAILED,
        /**
         * Did not run, because a task it depends on failed or was cancelled, or its region was cancelled; or, for
         * a task with a weak access, ran but stands for the writes of a weak predecessor that failed, so what
         * depends on it is cancelled too.
         */
        CANCELLED
    }

    /**
     * Waits for the task and returns its result; throws {@link TaskFailedException} if it failed or was cancelled.
     *
     * <p>Waiting is not interruptible, as {@code CompletableFuture.join()}: an interrupt of the waiting thread is
     * kept and restored when the wait returns (and never makes the wait spin). Waiting for a task that can only
     * end after the waiter (the task itself, or a task whose nested region holds the waiter) throws
     * {@link IllegalStateException} instead of waiting for ever. If the thread's stack is nearly full, throws
     * {@link StackOverflowError} before waiting (see the runtime's headroom check).
     */
    T get();

    /**
     * Waits for the task, as {@link #get()} does, and returns its final state, {@link State#DONE},
     * {@link State#FAILED} or {@link State#CANCELLED}, without throwing the task's failure: for code that
     * handles failed tasks itself (the region still fails with it when it ends). Not named {@code join}: unlike
     * {@code CompletableFuture.join()} it does not throw when the task failed. Throws only what {@code get()}
     * throws before waiting.
     */
    State await();

    /** The current state, without waiting. */
    State state();

    /** True once the task is {@link State#DONE}, {@link State#FAILED} or {@link State#CANCELLED}. */
    default boolean isDone() {
        State s = state();
        return s == State.DONE || s == State.FAILED || s == State.CANCELLED;
    }

    /** The task's name: given with {@link TaskBuilder#name}, else the function's. */
    String name();

    /** Spawn number within its region, from 1. */
    long id();
}
