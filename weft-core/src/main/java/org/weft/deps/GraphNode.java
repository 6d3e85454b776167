package org.weft.deps;

import org.weft.sched.Work;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

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
 * node is cancelled without running, and poisons its own successors in turn, so only the tasks that depend
 * on a failure are cancelled. Completion ({@link #complete}) never throws and never recurses: successors
 * that complete as a consequence (poisoned ones, and ones that cannot be scheduled, which fail) go on an
 * intrusive work list that the same loop drains, so a cascade through a long chain costs no stack, and a
 * node is never left unreleased because something failed on the way. A node whose registration is cut short
 * by a throwable is {@linkplain #abandon abandoned}: it fails without running and without removing its
 * guard, so predecessors that still release it later cannot make it ready.
 *
 * <p><b>Thread-safety.</b> {@link #dependOn} and {@link #seal} are called by the single thread that spawns
 * the node; {@link #complete} by the thread that ran it (or that owns it, for a node that cannot run); both
 * may race with each other on different nodes, which the counter and the {@code CLOSED} swap make safe.
 */
public abstract class GraphNode extends Work {
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

    private volatile int unmet = 1;
    private volatile Object successors;
    private volatile int state;
    private volatile GraphNode poisonedBy;
    /** Last node this one was made a predecessor of: a cheap filter against duplicate edges. */
    private GraphNode lastSuccessor;
    /** True once this node was pushed on some predecessor's successor list (written by the spawner only). */
    private boolean linked;

    /*
     * Completion, a resumable state machine (see complete): the phase reached, the final state, the successors
     * still to release, and for the node whose completion started the loop, the nodes that complete because of
     * it (a work list linked through nextToComplete) and the successor to hand back. Written only by the thread
     * that completes the node, or that recovers its completion after a throwable.
     */
    private static final byte NOT_STARTED = 0, RELEASE = 1, REPORT = 2, ENDED = 3;
    private byte phase;
    private int finalState;
    private Link releasing;
    private GraphNode cascade, current, nextToComplete, handBack, toSchedule;
    private boolean wantsHandBack;
    /** Why this node failed without running (it could not be scheduled, or its registration was cut short), or null. */
    private Throwable abandonedBecause;

    protected GraphNode(long seq, int priority) {
        super(seq, priority);
    }

    /**
     * A successor list cell; {@code next} is set before the cell is published by the CAS that pushes it.
     * {@code step} records how far the release of this successor got, so that a completion resumed after a
     * throwable neither repeats nor skips it: 0 not started, 1 released and ready, 2 chosen for scheduling
     * (the node is in the root's {@code toSchedule}), 3 done.
     */
    private static final class Link {
        final GraphNode node;
        Link next;
        byte step;

        Link(GraphNode node) {
            this.node = node;
        }
    }

    /** One of {@link #WAITING}, {@link #RUNNING}, {@link #DONE}, {@link #FAILED}, {@link #CANCELLED}. */
    public final int status() {
        return state;
    }

    public final boolean isFinished() {
        return state >= DONE;
    }

    /** A condition that holds once this node finished, for {@link org.weft.sched.Scheduler#helpUntil}. */
    public final BooleanSupplier whenFinished() {
        return new Finished(this);
    }

    private record Finished(GraphNode node) implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return node.isFinished();
        }
    }

    protected final void setRunning() {
        STATE.setRelease(this, RUNNING);
    }

    /** The failed node this one was cancelled because of, or {@code null}. */
    public final GraphNode poisonedBy() {
        return poisonedBy;
    }

    /** Why this node failed without running, if it did: it could not be scheduled, or its registration was cut short. */
    protected final Throwable abandonedBecause() {
        return abandonedBecause;
    }

    /** True once this node's completion has started: it will not run (again). */
    protected final boolean completing() {
        return phase != NOT_STARTED;
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
        Link link = new Link(this);        // allocated before any state changes: an OutOfMemoryError leaves no trace
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
            link.next = (Link) head;
        } while (!SUCCESSORS.compareAndSet(pred, head, link));
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

    /**
     * Marks this node as depending on the failure of {@code cause} (or of what cause was cancelled because of),
     * unless it already is: when it completes, it poisons its successors. Used for a node that inherits a
     * failure it did not wait for (a weak parent whose weak predecessor failed).
     */
    protected final void poison(GraphNode cause) {
        if (poisonedBy == null) poisonedBy = cause.poisonedBy != null ? cause.poisonedBy : cause;
    }

    /**
     * Marks this node finished with {@code finalState}, releases its successors (poisoning them first if this
     * node did not succeed), and returns the released successor with the highest priority for the calling
     * thread to run next (or null); every other successor that became ready is scheduled. Successors that
     * were poisoned are cancelled here, without running, and ones that cannot be scheduled fail here, each
     * releasing its own successors in the same loop.
     *
     * <p><b>Resumable.</b> Each step is recorded in fields before or as it is taken, so if a throwable cuts the
     * completion short (a stack overflow in deep user recursion, an injected fault), calling {@link #recover}
     * later, from a shallower frame, finishes it without repeating or skipping a step. This method retries once
     * itself before letting the throwable through.
     */
    protected final GraphNode complete(int finalState) {
        if (phase == NOT_STARTED) {
            try {
                this.finalState = finalState;
                wantsHandBack = true;
                phase = RELEASE;
                STATE.setRelease(this, finalState);
                Object head = SUCCESSORS.getAndSet(this, CLOSED);
                lastSuccessor = null;
                if (head == null) {             // the common case of a node with no successors: no loop to drive
                    phase = REPORT;
                    completed(finalState);
                    phase = ENDED;
                    return null;
                }
                releasing = (Link) head;
            } catch (Throwable cutShort) {
                // resumed below from the phase reached
            }
        }
        return begin(finalState, null, true);
    }

    private GraphNode begin(int state, Throwable abandoned, boolean handBackWanted) {
        if (phase == NOT_STARTED) {
            abandonedBecause = abandoned;
            finalState = state;
            wantsHandBack = handBackWanted;
            phase = RELEASE;
        }
        try {
            return drive();
        } catch (Throwable cutShort) {
            return drive();
        }
    }

    /**
     * Ends this node after its run was cut short by a throwable of the runtime's own code: fails it with
     * {@code cause} if its completion had not started, else finishes the completion. Returns the successor to
     * run next, or null.
     */
    @Override
    protected Work recover(Throwable cause) {
        return begin(FAILED, cause, true);
    }

    /**
     * Ends this node as failed with {@code cause} without running it: it could not be scheduled, or its
     * registration was cut short. Its guard stays, so no predecessor can make it ready afterwards. If the node's
     * completion had already started (and was cut short), finishes it instead.
     */
    @Override
    public final void abandon(Throwable cause) {
        GraphNode next = begin(FAILED, cause, false);
        if (next == null) return;       // a completion that had started and already chose a successor: queue it
        try {
            next.schedule();
        } catch (Throwable e) {
            next.abandon(e);
        }
    }

    /** Drives this node's completion, and the completions it causes, to their end; see {@link #complete}. */
    private GraphNode drive() {
        finishOne(this);
        for (;;) {
            GraphNode c = current;
            if (c == null) {
                c = cascade;
                if (c == null) break;
                cascade = c.nextToComplete;
                c.nextToComplete = null;
                current = c;
            }
            c.finishOne(this);                   // resumable: a throwable leaves c current, and a resumed loop goes on with it
            current = null;
        }
        GraphNode b = handBack;
        handBack = null;
        return b;
    }

    /** This node's completion: state, release of its successors into {@code root}'s loop, then its own report. */
    private void finishOne(GraphNode root) {
        if (phase == RELEASE) {
            if (releasing == null && successors != CLOSED) {
                STATE.setRelease(this, finalState);
                Object head = SUCCESSORS.getAndSet(this, CLOSED);
                releasing = head instanceof Link l ? l : null;
                lastSuccessor = null;    // a finished node stays in the access history; it must not keep its successors alive
            }
            for (Link l; (l = releasing) != null; ) {
                root.release(l, this);
                releasing = l.next;
            }
            phase = REPORT;
        }
        if (phase == REPORT) {
            completed(finalState);
            phase = ENDED;
        }
    }

    /** Releases successor {@code l.node} of {@code from}, for the loop of this (root) node; resumable per step. */
    private void release(Link l, GraphNode from) {
        GraphNode s = l.node;
        if (l.step == 0) {
            if (from.finalState != DONE && s.poisonedBy == null) s.poisonedBy = from.poisonedBy != null ? from.poisonedBy : from;
            l.step = (int) UNMET.getAndAdd(s, -1) == 1 ? (byte) 1 : (byte) 3;
        }
        if (l.step == 1) {
            if (s.poisonedBy != null) {                 // ours to end: it never runs
                endHere(s, CANCELLED, null);
                l.step = 3;
                return;
            }
            GraphNode other = s;
            if (wantsHandBack && s.runsOnWorkers() && (handBack == null || s.priority > handBack.priority)) {
                other = handBack;
                handBack = s;
            }
            toSchedule = other;
            l.step = 2;
        }
        if (l.step == 2) {
            GraphNode x = toSchedule;
            toSchedule = null;
            l.step = 3;
            if (x != null) {
                try {
                    x.schedule();
                } catch (Throwable e) {
                    endHere(x, FAILED, e);
                }
            }
        }
    }

    /** Puts {@code n}, which this thread owns and which will not run, on this node's completion work list. */
    private void endHere(GraphNode n, int state, Throwable abandoned) {
        n.abandonedBecause = abandoned;
        n.finalState = state;
        n.phase = RELEASE;
        n.nextToComplete = cascade;
        cascade = n;
    }

    /**
     * Called once when this node has finished and released its successors: wake whoever waits for it, count
     * it. Must be safe to call again if a throwable cut an earlier call short (see {@link #complete}).
     */
    protected abstract void completed(int state);

    /**
     * True if this node runs on the host's workers, so the worker that releases it may run it next; false for a node
     * that a space's own processor runs, which is always {@linkplain #schedule scheduled}.
     */
    protected boolean runsOnWorkers() {
        return true;
    }

    /** Puts this ready node where a worker will run it; throws if it cannot (then the caller still owns it). */
    public abstract void schedule();

    /** A short human-readable name for errors, traces and graphs. */
    public abstract String label();
}
