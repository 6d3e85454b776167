package org.weft;

/**
 * The handle of a spawned task: its result, its state, and a dependency for later tasks (pass it as an
 * argument and the later task waits for it and receives its result).
 *
 * <p>Waiting is allowed inside a region: a worker that calls {@link #get()} or {@link #join()} runs other
 * ready tasks until this one is finished, so waiting never starves the pool. Implemented by the runtime only.
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
        /** Never ran, because a task it depends on failed or was cancelled. */
        CANCELLED
    }

    /** Waits for the task and returns its result; throws {@link TaskFailedException} if it failed or was cancelled. */
    T get();

    /** Waits for the task and returns its final state; never throws. */
    State join();

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
