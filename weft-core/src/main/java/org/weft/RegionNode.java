package org.weft;

import org.weft.deps.GraphNode;

/** A graph node that belongs to a region: scheduled on its runtime, named in its traces and graphs. */
abstract class RegionNode extends GraphNode {
    final RegionImpl region;

    RegionNode(RegionImpl region, long seq, int priority) {
        super(seq, priority);
        this.region = region;
    }

    @Override
    public final void schedule() {
        region.scheduler.submit(this);
    }

    @Override
    protected final void edgeAdded(GraphNode pred) {
        if (region.graph != null) region.graph.edge(key(pred), key());
    }

    /** The node's name in traces and graphs, unique in the runtime: region serial and spawn number. */
    final String key() {
        return "r" + region.serial + "_" + seq;
    }

    static String key(GraphNode n) {
        return n instanceof RegionNode r ? r.key() : "n" + n.seq;
    }
}
