package org.weft.memory;

/**
 * The storage one {@link MemorySpace} holds for one root, or for a window of it: root bytes
 * {@code [offset(), offset() + byteSize())} at storage offsets {@code [0, byteSize())}. Made by
 * {@link MemorySpace#allocate}; the runtime frees it when the root's replicas are dropped (a window, when the task it
 * was made for has ended).
 */
public interface Replica {

    /** The storage itself: an array, a {@code MemorySegment}, a device buffer. */
    Object storage();

    long byteSize();

    /** The root byte at which the storage starts: 0 for a replica of the whole root. */
    default long offset() {
        return 0;
    }

    /** Gives the storage back to the space; called once, when no task can use it any more. */
    void free();
}
