package org.weft.memory;

/**
 * The storage one {@link MemorySpace} holds for one root: the same bytes at the same offsets as the root's home
 * array. Made by {@link MemorySpace#allocate}; the runtime frees it when the root's replicas are dropped.
 */
public interface Replica {

    /** The storage itself: an array, a {@code MemorySegment}, a device buffer. */
    Object storage();

    long byteSize();

    /** Gives the storage back to the space; called once, when no task can use it any more. */
    void free();
}
