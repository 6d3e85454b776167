package org.weft;

/**
 * A task threw, or was cancelled because a task it depends on failed. The message names the task, its
 * spawn number and where its function is; the cause is the original exception. Thrown by {@link Task#get()}
 * and by {@link Weft#region} (for the first failure; later ones are attached as suppressed exceptions).
 */
public final class TaskFailedException extends RuntimeException {
    private final String taskName;
    private final long taskId;
    private final boolean cancelled;

    public TaskFailedException(String message, String taskName, long taskId, boolean cancelled, Throwable cause) {
        super(message, cause);
        this.taskName = taskName;
        this.taskId = taskId;
        this.cancelled = cancelled;
    }

    public String taskName() {
        return taskName;
    }

    public long taskId() {
        return taskId;
    }

    /** True if the task never ran because a task it depends on failed. */
    public boolean cancelled() {
        return cancelled;
    }
}
