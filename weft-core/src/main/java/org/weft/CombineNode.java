package org.weft;

import org.weft.deps.GraphNode;
import org.weft.deps.Group;

/**
 * Folds the partials of a closed reduction group into its datum, after every member and every earlier
 * writer and reader of the datum. If a member failed, the combine is cancelled and the datum keeps the
 * value it had before the group.
 */
final class CombineNode extends RegionNode {
    private final Group group;
    private Throwable failure;

    CombineNode(RegionImpl region, long seq, Group group) {
        super(region, seq, 0);
        this.group = group;
    }

    Throwable failure() {
        return failure;
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
        if (t0 != 0) region.tracer.span(label(), "combine", t0, System.nanoTime(), key());
        GraphNode next = complete(failure == null ? DONE : FAILED);
        region.finished(this, failure == null ? DONE : FAILED, failure);
        return next;
    }

    @Override
    public String label() {
        return "combine " + group.reduction.getClass().getSimpleName();
    }
}
