package org.weft.engine;

import org.weft.coherence.Coherence;
import org.weft.coherence.Directory;
import org.weft.sched.Work;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;


/**
 * Makes bytes of one root current in one memory space, as a node of the task graph: planned at spawn by the
 * dependency tracker for a task that reads them there (after the bytes' earlier writers), run when those writers are
 * done, whatever else the reading task still waits for (so it prefetches), and shared by every later reader in the
 * same space. It moves only what its root's directory says is stale there when it runs (possibly nothing), and
 * completes once the bytes have landed; the copies are counted before its successors are released.
 *
 * <p><b>Completing from the landing.</b> A space may report a copy later, on a thread of its own (a driver's
 * completion thread). Then no worker waits: {@link #run} starts the copy and returns, and the report ends the node on the
 * reporting thread, which hands what it releases to the workers ({@link org.weft.sched.Scheduler#runHere}). One
 * field decides who ends the node: {@code run} and the report each mark that they are through; the second to do so
 * ends it. A copy that never lands fails after ten minutes ({@link Coherence#bringThen}), so the node always ends.
 *
 * <p>Failure: a failed writer before it cancels it (and so the reader); a failed copy fails it.
 */
final class CopyNode extends RegionNode {
    private static final int IN_FLIGHT = 0, RUN_RETURNED = 1, LANDED = 2;
    private static final VarHandle LANDING;

    static {
        try {
            LANDING = MethodHandles.lookup().findVarHandle(CopyNode.class, "landing", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object root;
    private final int space;
    private Directory.RunList runs = new Directory.RunList();
    /** Who is through: {@link #IN_FLIGHT} until {@code run} returned or the copy landed; see the class comment. */
    private volatile int landing;
    /** Set before {@link #landing} says the copy landed; read after. */
    private long moved;
    private Throwable failure;
    private long t0;

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
        t0 = region.tracer != null ? System.nanoTime() : 0;
        try {
            Coherence c = region.engine.coherence;
            Directory d = c.directory(root);
            if (d == null) return end();
            c.bringThen(d, runs, space, this::landed);
        } catch (Throwable e) {
            failure = e;
            return end();
        }
        return (int) LANDING.compareAndExchange(this, IN_FLIGHT, RUN_RETURNED) == LANDED ? end() : null;
    }

    /** The copy's report, once, on any thread: ends the node here if {@link #run} has returned. */
    private void landed(long bytes, Throwable f) {
        moved = bytes;
        failure = f;
        if ((int) LANDING.getAndSet(this, LANDED) != RUN_RETURNED) return;
        try {
            region.scheduler.runHere(new Ending(this));
        } catch (Throwable e) {
            try {
                abandon(e);             // ends the node, or finishes a completion that was cut short
            } catch (Throwable again) {
                abandon(again);         // abandon is resumable: a throwable comes before a step, the retry takes it
            }
        }
    }

    /** Records the copy and completes the node; returns the successor to run next. */
    private Work end() {
        region.recordCopy(space, moved, t0, key());
        return complete(failure == null ? DONE : FAILED);
    }

    /** The end of a node whose copy landed after its run returned, run by the reporting thread. */
    private static final class Ending extends Work {
        private final CopyNode node;

        Ending(CopyNode node) {
            super(node.seq, node.priority);
            this.node = node;
        }

        @Override
        protected Work run() {
            return node.end();
        }

        @Override
        protected boolean mayRunAbove(Object frame) {
            return false;
        }

        @Override
        public void abandon(Throwable cause) {
            node.abandon(cause);
        }

        @Override
        protected Work recover(Throwable cause) {
            return node.recover(cause);
        }
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
