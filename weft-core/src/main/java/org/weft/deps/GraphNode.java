package org.weft.deps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A node of the task graph: an atomic count of unmet predecessors and a lock-free list of successors.
 *
 * <p><b>How it works.</b> {@code unmet} starts at 1, a guard held by the thread that registers the node's
 * dependencies: every {@link #dependOn} adds one, and {@link #seal} removes the guard, so the node cannot
 * become ready while edges are still being added. Successors are pushed on a Treiber stack; finishing a
 * node swaps the stack for a {@code CLOSED} marker, so an edge added concurrently with completion either
 * lands before the swap (and is released) or sees {@code CLOSED} (and is not counted). Releasing a
 * successor decrements its count; the thread that brings it to zero owns it and runs or schedules it.
 *
 * <p><b>Failure.</b> A failed or cancelled node poisons its successors before releasing them; a poisoned
 * node completes as {@link #CANCELLED} without running, and poisons its own successors in turn, so only
 * the tasks that depend on a failure are cancelled.
 *
 * <p><b>Thread-safety.</b> {@link #dependOn} and {@link #seal} are called by the single thread that spawns
 * the node; {@link #complete} by the thread that ran it; both may race with each other on different nodes,
 * which the counter and the {@code CLOSED} swap make safe.
 */
public abstract class GraphNode {
    public static final int WAITING = 0, RUNNING = 1, DONE = 2, FAILED = 3, CANCELLED = 4;

    private static final Object CLOSED = new Object();
    private static final VarHandle UNMET, SUCCESSORS, STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            UNMET = l.findVarHandle(GraphNode.class, "unmet", int.class);
            SUCCESSORS = l.findVarHandle(GraphNode.class, "successors", Object.class);
            STATE = l.findVarHandle(GraphNode.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Spawn order within the region; also the tie-break among equal priorities. */
    public final long seq;
    /** Larger runs earlier among ready tasks. */
    public final int priority;

    private volatile int unmet = 1;
    private volatile Object successors;
    private volatile int state;
    private volatile GraphNode poisonedBy;
    /** Last node this one was made a predecessor of: a cheap filter against duplicate edges. */
    private GraphNode lastSuccessor;
    /** True once this node was pushed on some predecessor's successor list (written by the spawner only). */
    private boolean linked;

    protected GraphNode(long seq, int priority) {
        this.seq = seq;
        this.priority = priority;
    }

    private record Link(GraphNode node, Link next) {
    }

    /** One of {@link #WAITING}, {@link #RUNNING}, {@link #DONE}, {@link #FAILED}, {@link #CANCELLED}. */
    public final int status() {
        return state;
    }

    public final boolean isFinished() {
        return state >= DONE;
    }

    protected final void setRunning() {
        STATE.setRelease(this, RUNNING);
    }

    /** The failed node this one was cancelled because of, or {@code null}. */
    public final GraphNode poisonedBy() {
        return poisonedBy;
    }

    /**
     * Makes this node wait for {@code pred}. If {@code pred} already finished, there is nothing to wait
     * for, but a failure of {@code pred} still poisons this node. Called only by this node's spawner.
     */
    public final void dependOn(GraphNode pred) {
        if (pred == this || pred.lastSuccessor == this) return;
        if (pred.state == DONE) {          // finished normally: nothing to wait for, no atomic needed
            edgeAdded(pred);
            return;
        }
        pred.lastSuccessor = this;
        linked = true;
        UNMET.getAndAdd(this, 1);
        Object head;
        do {
            head = pred.successors;
            if (head == CLOSED) {
                UNMET.getAndAdd(this, -1);
                if (pred.state != DONE) poison(pred);
                edgeAdded(pred);
                return;
            }
        } while (!SUCCESSORS.compareAndSet(pred, head, new Link(this, (Link) head)));
        edgeAdded(pred);
    }

    /** Hook for graph recording: this node depends on {@code pred} (whether or not pred had already finished). */
    protected void edgeAdded(GraphNode pred) {
    }

    /**
     * True if no predecessor can release this node: it was never put on a successor list, so it is ready
     * and only its spawner can hold it. Such a node need not be {@linkplain #seal sealed}.
     */
    public final boolean unlinked() {
        return !linked;
    }

    /** Removes the registration guard; returns true if the node is now ready and the caller owns it. */
    public final boolean seal() {
        return (int) UNMET.getAndAdd(this, -1) == 1;
    }

    private void poison(GraphNode cause) {
        if (poisonedBy == null) poisonedBy = cause.poisonedBy != null ? cause.poisonedBy : cause;
    }

    /**
     * Marks this node finished with {@code finalState}, releases its successors (poisoning them first if
     * this node did not succeed), hands every successor that became ready to {@link #schedule} except the
     * one with the highest priority, and returns that one for the calling worker to run next (or null).
     */
    protected final GraphNode complete(int finalState) {
        STATE.setRelease(this, finalState);
        Object head = SUCCESSORS.getAndSet(this, CLOSED);
        lastSuccessor = null;      // a finished node stays in the access history; it must not keep its successors alive
        GraphNode best = null;
        for (Link l = (Link) head; l != null; l = l.next) {
            GraphNode s = l.node;
            if (finalState != DONE) s.poison(this);
            if ((int) UNMET.getAndAdd(s, -1) == 1) {
                if (best == null) best = s;
                else if (s.priority > best.priority) {
                    best.schedule();
                    best = s;
                } else s.schedule();
            }
        }
        return best;
    }

    /** Puts this ready node where a worker will run it. */
    public abstract void schedule();

    /**
     * Runs this ready node on the current worker (or cancels it if poisoned) and returns a successor that
     * became ready and should run next on the same worker, or {@code null}.
     */
    public abstract GraphNode execute();

    /** A short human-readable name for errors, traces and graphs. */
    public abstract String label();
}
