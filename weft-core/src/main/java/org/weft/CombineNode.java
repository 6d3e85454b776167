package org.weft;

import org.weft.deps.GraphNode;
import org.weft.deps.Group;

/**
 * Folds the partials of a closed reduction group into its datum, after every member and every earlier
 * writer and reader of the datum. If a member failed, the combine is cancelled and the datum keeps the
 * value it had before the group.
 */
final class CombineNode extends GraphNode {
    final RegionImpl region;
    private final Group group;
    private Throwable failure;

    CombineNode(RegionImpl region, long seq, Group group) {
        super(seq, 0);
        this.region = region;
        this.group = group;
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void schedule() {
        region.scheduler.submit(this);
    }

    @Override
    protected void edgeAdded(GraphNode pred) {
        if (region.graph != null) region.graph.edge(RegionImpl.key(pred), RegionImpl.key(this));
    }

    @Override
    public GraphNode execute() {
        if (poisonedBy() != null) {
            GraphNode next = complete(CANCELLED);
            region.finished(this, CANCELLED, null);
            return next;
        }
        setRunning();
        long t0 = region.tracer != null ? System.nanoTime() : 0;
        try {
            group.partials().combineInto();
        } catch (Throwable e) {
            failure = e;
        }
        if (t0 != 0) region.tracer.span(label(), "combine", t0, System.nanoTime(), RegionImpl.key(this));
        GraphNode next = complete(failure == null ? DONE : FAILED);
        region.finished(this, failure == null ? DONE : FAILED, failure);
        return next;
    }

    @Override
    public String label() {
        return "combine " + group.reduction.getClass().getSimpleName();
    }
}
