package org.weft.engine;

import org.weft.memory.MemorySpace;
import org.weft.memory.Replica;

/**
 * What a placed task's space handed it for one run, kept apart from the task node so that host tasks do not carry
 * it: the (replica, presented value) pairs to be unpresented after the body, per access the window made for the
 * task if its root is larger than the space (null where there is none), and the bytes reserved for those windows.
 * Used only by the thread that runs the task.
 */
final class Presentation {
    final MemorySpace space;
    final Object[] pairs;
    int count;
    Replica[] windows;
    /** Bytes of the space reserved for this task's windows, released when they are freed. */
    long windowBytes;

    Presentation(MemorySpace space, int accesses) {
        this.space = space;
        this.pairs = new Object[2 * accesses];
    }

    void add(Replica replica, Object presented) {
        pairs[2 * count] = replica;
        pairs[2 * count + 1] = presented;
        count++;
    }
}
