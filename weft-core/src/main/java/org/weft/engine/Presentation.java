package org.weft.engine;

import org.weft.memory.MemorySpace;
import org.weft.memory.Replica;

/**
 * What a placed task's space handed it for one run, kept apart from the task node so that host tasks do not carry
 * it: the (replica, presented value) pairs to be unpresented after the body, and per access the window made for the
 * task if its root is larger than the space (null where there is none). Used only by the thread that runs the task.
 */
final class Presentation {
    final MemorySpace space;
    final Object[] pairs;
    int count;
    Replica[] windows;

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
