package org.weft.engine;

import org.weft.coherence.Directory;
import org.weft.sched.Work;


/**
 * Makes bytes of one root current in one memory space, as a node of the task graph: planned at spawn by the
 * dependency tracker for a task that reads them there (after the bytes' earlier writers), run when those writers are
 * done, whatever else the reading task still waits for (so it prefetches), and shared by every later reader in the
 * same space. It moves only what its root's directory says is stale there when it runs (possibly nothing), and
 * completes once the bytes have landed; the copies are counted before its successors are released.
 *
 * <p>Failure: a failed writer before it cancels it (and so the reader); a failed copy fails it.
 */
final class CopyNode extends RegionNode {
    private final Object root;
    private final int space;
    private Directory.RunList runs = new Directory.RunList();
    private Throwable failure;

    CopyNode(RegionImpl region, long seq, Object root, int space) {
        super(region, seq, 0);
        this.root = root;
        this.space = space;
    }

    /** Adds bytes {@code [lo, hi)}, in ascending order; called by the spawner before the node is sealed. */
    void addRun(long lo, long hi) {
        runs.add(lo, hi - lo);
    }

    Throwable failure() {
        return failure != null ? failure : abandonedBecause();
    }

    @Override
    protected Work run() {
        if (completing()) return null;
        if (poisonedBy() != null || region.root.cancellation != null) return complete(CANCELLED);
        setRunning();
        long t0 = region.tracer != null ? System.nanoTime() : 0;
        long moved = 0;
        try {
            Directory d = region.engine.coherence.directory(root);
            if (d != null) moved = region.engine.coherence.bring(d, runs, space);
        } catch (Throwable e) {
            failure = e;
        }
        region.recordCopy(space, moved, t0, key());
        return complete(failure == null ? DONE : FAILED);
    }

    @Override
    protected void completed(int state) {
        runs = null;
        report(state);
    }

    @Override
    public String label() {
        return "copy to " + region.engine.coherence.space(space).name();
    }
}
