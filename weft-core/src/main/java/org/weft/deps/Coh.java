package org.weft.deps;

/**
 * The planned half of coherence for one segment: in which memory spaces its bytes will be current once the tasks
 * spawned so far have run, and after which node in each. Written at spawn by the tracker's thread only.
 *
 * <p>{@code inherit} means no task of this region wrote the bytes yet: they are also current wherever they were
 * when the region started, which only the root's directory knows, so a reader outside {@code valid} gets a copy
 * node that moves whatever is actually stale (possibly nothing).
 */
final class Coh {
    boolean inherit = true;
    /** Spaces planned current (a bit per space id). */
    int valid;
    /** Per space id: the node after which the bytes are current there (the writer, or a copy), or null. */
    GraphNode[] producer = new GraphNode[4];

    Coh copy() {
        Coh c = new Coh();
        c.inherit = inherit;
        c.valid = valid;
        c.producer = producer.clone();
        return c;
    }

    GraphNode producer(int space) {
        return space < producer.length ? producer[space] : null;
    }

    void setProducer(int space, GraphNode n) {
        if (space >= producer.length) producer = java.util.Arrays.copyOf(producer, Math.max(space + 1, producer.length * 2));
        producer[space] = n;
    }

    /** Space {@code space} wrote these bytes (task {@code t}): only it holds them now. */
    void written(int space, GraphNode t) {
        inherit = false;
        valid = 1 << space;
        java.util.Arrays.fill(producer, null);
        setProducer(space, t);
    }
}
