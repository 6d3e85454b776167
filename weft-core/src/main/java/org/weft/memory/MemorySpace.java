package org.weft.memory;

/**
 * A place where replicas of data live, and where tasks placed there find their arguments: the host heap (the
 * user's own objects), off-heap native memory, a heap mirror, an OpenCL device.
 *
 * <p><b>Replicas mirror roots.</b> A root is a Java array (or a registered native range) the program passes to tasks
 * (directly or through views). A replica of it in a space holds the root's bytes in the root's order: all of them at
 * the same offsets, or, for a root larger than the space ({@link #capacity}), a window {@code [offset, offset + n)}
 * at storage offset 0 ({@link Replica#offset}). So a run of bytes {@code [s, s + n)} means the same data in every
 * space, and a copy moves exactly the runs that are stale, never a covering span. The runtime keeps, per root, which
 * spaces hold current bytes (byte-exact), and calls {@link #copy} for what a task needs; a space never decides
 * coherence itself. A window lives for the one task it was made for: filled with what the task reads before it
 * runs, what it wrote copied home after it, then freed; so a root larger than a device can still be worked on there
 * piece by piece, each task holding only its own part.
 *
 * <p><b>Copies go through the host.</b> A space copies between the root's home array and its own replica, in
 * either direction; data moves between two non-host spaces through the home array (two copies, both counted).
 *
 * <p><b>Presenting.</b> A Java task body placed in a space receives, for each data argument, what
 * {@link #present} makes of the replica for the parameter's type: a view of the same shape over the replica
 * ({@link org.weft.data.Views#rebase}). Checked at spawn with {@link #canPresent}, so a task that could not be
 * handed its data is refused with the task and the argument named.
 *
 * <p>Implementations must be thread-safe: copies and presentations of different roots run concurrently.
 */
public interface MemorySpace {

    /** A short name for counters, traces and errors ("host", "off-heap", "opencl:0"). */
    String name();

    /**
     * True if the runtime can read and write this space's replicas as memory at any time (heap and off-heap memory),
     * which atomic tasks need for their undo log. A task placed on another space still runs Java code, on the host,
     * and receives what {@link #present} makes for it: a device buffer handle it launches kernels on, or memory that
     * is mapped only while the body runs (a device buffer on a host-unified device).
     */
    boolean hostAddressable();

    /**
     * The bytes of replicas this space may hold at once; {@link Long#MAX_VALUE} for no limit of its own. Beyond it the
     * runtime evicts replicas of other roots (least recently used, not in use, written home first if they hold the
     * only current bytes) before allocating.
     */
    long capacity();

    /**
     * A new replica of root bytes {@code [offset, offset + byteSize)} of {@code root} (the whole root: offset 0 and its
     * byte size), its contents undefined until copied or written. A space may return a replica of a larger window
     * than asked for (a heap mirror always mirrors the whole array); {@link Replica#offset} says which.
     */
    Replica allocate(Object root, long offset, long byteSize);

    /**
     * Copies {@code runs} of the root from its home array {@code home} into {@code replica} ({@code toReplica}) or
     * from the replica back into {@code home}, as one operation, and calls {@code done} once the bytes have landed
     * (possibly on another thread, possibly before this method returns). A failure is reported to {@code done}, not
     * thrown. Runs are in root bytes, inside the replica's window: run byte {@code s} is at storage byte
     * {@code s - replica.offset()}.
     */
    void copy(Object home, Replica replica, boolean toReplica, ByteRuns runs, Landing done);

    /** True if {@link #present} can hand {@code datum} (an array or a view over one) to a parameter of type {@code type}. */
    boolean canPresent(Object datum, Class<?> type);

    /**
     * What a task placed here receives for {@code datum}: the same shape over {@code replica}, whose window holds
     * every byte of the datum ({@link org.weft.data.Views#rebase(Object, Object, long)}). Called on the thread
     * that runs the body, just before it; each call is matched by one {@link #unpresent} on that thread.
     */
    Object present(Replica replica, Object datum, Class<?> type);

    /**
     * Ends a presentation: called once for each {@link #present}, on the same thread, after the body's last attempt
     * has returned or thrown (and when presenting a later argument failed), before the task's writes are recorded and
     * before anything that depends on the task can run. What the body wrote through {@code presented} must be in the
     * replica when this returns; a mapped device buffer is unmapped here. A throwable fails the task. Nothing by
     * default.
     */
    default void unpresent(Replica replica, Object presented) {
    }

    /**
     * True if {@link #save} can save bytes of this space's replicas that the runtime cannot read itself, so that atomic
     * tasks can be placed here although it is not {@link #hostAddressable}. False by default: such tasks are refused
     * at spawn.
     */
    default boolean savesRuns() {
        return false;
    }

    /**
     * Saves {@code runs} (root bytes, inside the replica's window) of {@code replica} before an atomic task placed here
     * runs, for a body handed something other than memory (a device buffer handle); the runtime calls
     * {@link Saved#restore} after each failed attempt and {@link Saved#discard} once the task ended. Null if this space
     * cannot ({@link #savesRuns} false). Called on the thread that runs the task, after {@link #present}.
     */
    default Saved save(Replica replica, ByteRuns runs) {
        return null;
    }

    /** Bytes saved by {@link #save}. */
    interface Saved {
        /** Puts the saved bytes back into the replica, bit for bit; returns when they are there. */
        void restore();

        /** Frees what the saved bytes held. */
        void discard();
    }

    /**
     * Who runs the tasks placed here: null (the default) for the host's workers, else this space's own processor
     * (a device queue with threads of its own).
     */
    default Processor processor() {
        return null;
    }

    /** Told when a copy has landed, or failed. */
    interface Landing {
        void landed();

        void failed(Throwable cause);
    }
}
