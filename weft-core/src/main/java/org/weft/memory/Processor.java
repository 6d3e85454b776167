package org.weft.memory;

/**
 * Where the tasks placed on a memory space run, if not on the host's workers: a device's queue, driven by threads of
 * its own. The runtime hands it each ready task of its space as a {@link Runnable}; running it runs the task body
 * (which drives the device) and releases what depends on it, whose host tasks go back to the host's workers.
 *
 * <p>The seam between dependencies and execution: the dependency graph decides when a task is ready; the task's
 * placement decides who runs it. The host's work-stealing scheduler is the other implementation.
 */
public interface Processor {

    /** A short name for errors and traces. */
    String name();

    /**
     * Queues a ready task; {@code ready.run()} must be called exactly once, on any thread the processor chooses. Throws
     * if the task cannot be queued (the runtime then fails the task).
     */
    void execute(Runnable ready);
}
