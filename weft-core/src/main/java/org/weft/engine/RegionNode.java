package org.weft.engine;

import org.weft.deps.GraphNode;

/**
 * A graph node that belongs to a region: scheduled on its runtime, named in its traces and graphs, and
 * placed in the sequential order of its region tree, which decides where it may run while a worker waits.
 *
 * <p><b>Sequential order.</b> Running a region tree one task at a time, each task's nested region inside it,
 * gives every task an interval from its start to the end of its last descendant. A valid program waits only
 * for what sequential execution has finished by then: tasks whose interval ended before the waiter started,
 * and the waiter's own descendants; so everything a task can wait for, directly or not, ends before the task
 * itself ends. A worker waiting inside frame F may therefore run node X on top of F if X's interval ends
 * before F's, that is if X descends from F or comes wholly before it: X can never need F. Work of another
 * tree (another top-level region) never runs on top of a frame, since nothing orders two trees.
 */
abstract class RegionNode extends GraphNode {
    final RegionImpl region;
    /** True once the region counts this node as pending; see {@link RegionImpl#finished}. */
    boolean counted;
    /** Link in the region's list of nodes that did not succeed, pushed when they finish. */
    RegionNode nextReported;
    /** True once {@link RegionImpl#finished} counted this node; makes {@link #report} safe to repeat. */
    private boolean reportedToRegion;

    RegionNode(RegionImpl region, long seq, int priority) {
        super(seq, priority);
        this.region = region;
    }

    @Override
    public void schedule() {
        region.scheduler.submit(this);
    }

    /**
     * Tells the region this node finished, once: a repeat after a throwable cut the first call short does nothing
     * more. {@link RegionImpl#finished} itself contains no call that can throw, so only the call can fail.
     */
    final void report(int state) {
        if (reportedToRegion) return;
        region.finished(this, state);
        reportedToRegion = true;
    }

    @Override
    protected final boolean mayRunAbove(Object frame) {
        return endsBefore(this, frame);
    }

    /**
     * True if node {@code x}, which has not started, ends before {@code frame} in sequential order: {@code frame}
     * is a running task, or a top-level region whose body is running.
     */
    static boolean endsBefore(RegionNode x, Object frame) {
        if (frame instanceof RegionImpl top) return x.region.root == top;
        if (frame instanceof TaskNode<?> f && f.holdsPresentations()) return false;     // see TaskNode#holdsPresentations
        if (!(frame instanceof TaskNode<?> f) || x.region.root != f.region.root) return false;
        RegionNode cx = x, cf = f;
        RegionImpl rx = x.region, rf = f.region;
        while (rx.depth > rf.depth) {           // lift x to f's depth; passing through f means x descends from it
            TaskNode<?> p = rx.parent;
            if (p == f) return true;
            cx = p;
            rx = p.region;
        }
        while (rf.depth > rx.depth) {
            cf = rf.parent;
            rf = cf.region;
        }
        while (rx != rf) {                      // climb together to the region where their ancestries part
            cx = rx.parent;
            rx = cx.region;
            cf = rf.parent;
            rf = cf.region;
        }
        return cx != cf && cx.seq < cf.seq;     // cx == cf: f descends from x, which cannot wait under it
    }

    @Override
    protected final void edgeAdded(GraphNode pred) {
        if (region.recordsEdges) region.recordEdge(pred, this);
    }

    /** The node's name in traces and graphs, unique in the runtime: region serial and spawn number. */
    final String key() {
        return "r" + region.serial + "_" + seq;
    }

    static String key(GraphNode n) {
        return n instanceof RegionNode r ? r.key() : "n" + n.seq;
    }
}
