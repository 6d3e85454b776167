package org.weft.engine;

import org.weft.deps.Group;
import org.weft.sched.Work;

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
        return failure != null ? failure : abandonedBecause();
    }

    @Override
    protected Work run() {
        if (completing()) return null;
        if (poisonedBy() != null) return complete(CANCELLED);
        setRunning();
        long t0 = region.tracer != null ? System.nanoTime() : 0;
        try {
            group.partials().combineInto();
        } catch (Throwable e) {
            failure = e;
        }
        if (t0 != 0) region.traceSpan(label(), "combine", t0, key());
        return complete(failure == null ? DONE : FAILED);
    }

    @Override
    protected void completed(int state) {
        report(state);
    }

    @Override
    public String label() {
        return "combine " + group.reduction.getClass().getSimpleName();
    }
}
