package org.weft;

import org.weft.data.ArraySlice;
import org.weft.data.Diagonal;
import org.weft.data.Matrix;
import org.weft.data.SegmentSlice;
import org.weft.data.Triangle;
import org.weft.data.View;
import org.weft.data.Views;
import org.weft.deps.AccessRec;
import org.weft.deps.CommuteLock;
import org.weft.deps.DepTracker;
import org.weft.deps.GraphNode;
import org.weft.deps.Group;
import org.weft.sched.Scheduler;
import org.weft.sched.Worker;
import org.weft.spec.SpecPolicy;
import org.weft.trace.GraphRecorder;
import org.weft.trace.Tracer;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One region: validates and resolves spawned tasks, registers their accesses with the region's
 * {@link DepTracker}, counts pending tasks for throttling and for the end of the region, and collects failures.
 *
 * <p><b>Spawning</b> is done by the thread running the body only, and only from the body itself (not from a
 * task that thread runs while helping); the tracker therefore needs no lock. Every argument is checked before
 * anything is registered, so a bad spawn throws and leaves no trace. <b>Throttling</b>: when more than
 * {@code high} tasks are pending, a ready new task is run at once by the spawning thread, and a new task that
 * must wait makes the spawner run other work until at most {@code low} are pending; so a body that spawns
 * 10^7 tasks needs memory for about {@code high} of them. A ready new task whose function is known to run
 * in less time than a hand-off to another worker costs ({@link FnInfo#isTiny}) also runs at once on the
 * spawning thread, as libgomp runs undeferred tasks: queueing it would cost more than running it.
 *
 * <p><b>Nesting</b>: a region opened inside a task has that task as parent. Each access of an inner task must
 * be covered by the parent's accesses (reads by any, writes by writing ones); an inner access that overlaps a
 * weak access of the parent also waits for what the weak access recorded.
 */
final class RegionImpl implements Region {
    private static final VarHandle PENDING;
    private static final java.util.concurrent.atomic.AtomicLong SERIALS = new java.util.concurrent.atomic.AtomicLong();
    /** Creation order of tasks over all regions; see {@link TaskNode#birth}. */
    static final java.util.concurrent.atomic.AtomicLong BIRTHS = new java.util.concurrent.atomic.AtomicLong();

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(RegionImpl.class, "pending", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final AccessRec[] NO_ACCESSES = {};

    final Weft weft;
    final Scheduler scheduler;
    final long serial = SERIALS.incrementAndGet();
    final TaskNode<?> parent;
    final Tracer tracer;
    final GraphRecorder graph;
    private final Thread owner;
    /** What {@link Worker#current} holds while the body runs: the parent task, or this region at top level. */
    private final Object bodyMarker;
    private final DepTracker tracker = new DepTracker(this::newCombine);
    private final int high, low;
    private final boolean inlineTiny;
    private final SpecPolicy policy;
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private volatile long pending;
    private volatile Thread waiter;
    private volatile long wakeAt;
    private long seq;
    private boolean closed;
    /** Counts for {@link Weft#stats()}, kept here (the spawner's plain fields) and added to the runtime's at the end. */
    private long spawnedHere, inlinedHere;
    private final java.util.concurrent.atomic.AtomicLong cancelledHere = new java.util.concurrent.atomic.AtomicLong();
    /** What the worker was executing when this region's body started on it (the frame below the body). */
    Object callerFrame;

    RegionImpl(Weft weft, TaskNode<?> parent, Thread owner) {
        this.weft = weft;
        this.scheduler = weft.scheduler;
        this.parent = parent;
        this.owner = owner;
        this.bodyMarker = parent != null ? parent : this;
        this.tracer = weft.tracer;
        this.graph = weft.graph;
        this.high = weft.throttle;
        this.low = Math.max(1, weft.throttle / 2);
        this.inlineTiny = weft.inlineTiny;
        this.policy = weft.specPolicy;
    }

    // ---- spawning ----------------------------------------------------------------------------------

    <R> Task<R> submit(Object fn, int arity, Object[] args, Access[] closureAccesses, String name, int priority, int retries) {
        if (fn == null) throw new NullPointerException("task function");
        checkSpawner(name != null ? name : "new task");
        FnInfo info = FnInfo.of(fn, arity);
        long id = seq + 1;
        String label = name != null ? name : info.label;
        int nAccess = arity + (closureAccesses == null ? 0 : closureAccesses.length);
        AccessRec[] recs = nAccess == 0 ? NO_ACCESSES : new AccessRec[nAccess];
        int nrec = 0, taskMask = 0, reduceMask = 0, specOut = 0;
        ParamModes spec = null;
        Object[] argv = arity == 0 ? null : new Object[arity];
        for (int i = 0; i < arity; i++) {
            Object a = args[i];
            Class<?> want = info.params[i];
            if (a instanceof Access acc) {
                Object d = acc.datum();
                checkType(id, label, i, want, d, acc.mode());
                argv[i] = d;
                if (acc.mode() == Mode.VALUE) continue;
                recs[nrec++] = accessRec(id, label, i, acc);
                if (acc.mode() == Mode.REDUCE) reduceMask |= 1 << i;
            } else if (a instanceof TaskNode<?> t) {
                if (t.region.weft != weft)
                    throw bad(id, label, i, "the task passed as argument belongs to another Weft runtime");
                argv[i] = t;
                taskMask |= 1 << i;
            } else if (a instanceof Task<?>) {
                throw bad(id, label, i, "a Task not created by Weft cannot be an argument");
            } else if (a == null) {
                if (info.primitive[i]) throw bad(id, label, i, "null for a primitive parameter of type " + want.getSimpleName());
            } else if (Immutables.isValue(a)) {
                checkType(id, label, i, want, a, Mode.VALUE);
                argv[i] = a;
            } else {
                if (spec == null) spec = info.modes(fn, args);
                Mode m = spec.mode(i, policy);
                if (m == null)
                    throw bad(id, label, i, "no access mode for a " + a.getClass().getTypeName() + " under the STRICT spec policy: wrap it "
                            + "(in(x), out(x), inOut(x), ...) or declare the parameter's mode (@In, @Out, @InOut, @Commutative, or Weft.declare)");
                checkType(id, label, i, want, a, m);
                argv[i] = a;
                if (m == Mode.VALUE) continue;
                if (m == Mode.OUT) specOut |= 1 << nrec;
                recs[nrec++] = new AccessRec(viewOf(id, label, i, a), m, false, null, i, a);
            }
        }
        if (closureAccesses != null) {
            for (Access acc : closureAccesses) {
                if (acc == null) throw bad(id, label, -1, "null in the access list");
                if (acc.mode() == Mode.VALUE) throw bad(id, label, -1, "val(...) in a closure's access list; capture the value instead");
                if (acc.mode() == Mode.REDUCE)
                    throw bad(id, label, -1, "reduce(...) needs a function argument to receive the private partial; use spawn(fn, reduce(op, x))");
                recs[nrec++] = accessRec(id, label, -1, acc);
            }
        }
        if (nrec != recs.length) recs = Arrays.copyOf(recs, nrec);
        if (specOut != 0) readOutAliases(recs, specOut);
        if (parent != null) for (AccessRec r : recs) checkCovered(id, label, r);

        seq = id;
        TaskNode<R> node = new TaskNode<>(this, id, priority, fn, info, arity, argv, taskMask, reduceMask, recs, name, retries);
        if (weft.spawnSites) node.spawnSite = SpawnSite.caller();
        if (graph != null) graph.node(node.key(), "#" + id + " " + label);
        List<CommuteLock> locks = null;
        for (AccessRec r : recs) {
            tracker.register(node, r);
            if (r.weak && !r.weakPreds().isEmpty()) node.hasWeakWaits = true;
            if (r.mode == Mode.COMMUTATIVE) {
                if (locks == null) locks = new ArrayList<>(2);
                for (Group g : r.groups()) if (!locks.contains(g.lock)) locks.add(g.lock);
            }
        }
        if (locks != null) {
            locks.sort(Comparator.comparingLong(CommuteLock::order));
            node.locks = locks.toArray(CommuteLock[]::new);
        }
        if (parent != null) linkWeakPredecessors(node);
        if (taskMask != 0) for (int i = 0; i < arity; i++) if ((taskMask & (1 << i)) != 0) node.dependOn((TaskNode<?>) argv[i]);
        spawnedHere++;
        boolean onWorker = scheduler.onWorker();
        boolean tiny = inlineTiny && info.isTiny();
        if (node.unlinked() && node.locks == null && !node.hasWeakWaits && onWorker && (pending >= high || tiny)) {
            // ready, reachable by no other thread, and nothing can make it wait in a queue: run it now,
            // outside the pending count
            node.uncounted = true;
            inlinedHere++;
            Scheduler.runOnly(node);
            for (AccessRec r : recs) tracker.forget(node, r);
            return node;
        }
        long p = (long) PENDING.getAndAdd(this, 1L) + 1;
        if (node.seal()) {
            if ((p > high || tiny) && onWorker) {
                inlinedHere++;
                Scheduler.runOnly(node);
            } else node.schedule();
        } else if (p > high) {
            awaitPendingAtMost(low);
        }
        return node;
    }

    /**
     * A spec's OUT says the function overwrites that parameter before reading it; it says nothing of what
     * the function reads through another argument. If another access of the same task overlaps it (two
     * arguments naming the same memory), the previous contents may be read through the other one, so the
     * access becomes INOUT. A wrapper's {@code out(x)} is the caller's statement and is left alone.
     */
    private static void readOutAliases(AccessRec[] recs, int specOut) {
        for (int k = 0; k < recs.length; k++) {
            if ((specOut & (1 << k)) == 0) continue;
            AccessRec r = recs[k];
            for (int j = 0; j < recs.length; j++) {
                if (j != k && recs[j].view.base() == r.view.base() && Views.aliases(recs[j].view, r.view)) {
                    recs[k] = new AccessRec(r.view, Mode.INOUT, false, null, r.argIndex, r.datum);
                    break;
                }
            }
        }
    }

    private AccessRec accessRec(long id, String label, int i, Access acc) {
        Object d = acc.datum();
        if (acc.mode().writes() && !(d instanceof View) && !d.getClass().isArray() && Immutables.isValue(d))
            throw bad(id, label, i, acc.mode() + " on an immutable " + d.getClass().getSimpleName() + " value: a task cannot write it");
        if (acc.mode() == Mode.REDUCE && d instanceof View)
            throw bad(id, label, i, "reduce over a view: reduce the array (or object) itself; partials are made from it by the Reduction");
        return new AccessRec(viewOf(id, label, i, d), acc.mode(), acc.weak(), acc.reduction(), i, d);
    }

    private View viewOf(long id, String label, int i, Object d) {
        return switch (d) {
            case ArraySlice v -> v;
            case Matrix v -> v;
            case Triangle v -> v;
            case Diagonal v -> v;
            case SegmentSlice v -> v;
            case MemorySegment s -> Views.of(s);
            case View v -> {
                String bad = Views.violation(v);
                if (bad != null) throw bad(id, label, i, "invalid view " + v + ": " + bad);
                yield v;
            }
            default -> Views.whole(d);
        };
    }

    private void checkType(long id, String label, int i, Class<?> want, Object value, Mode mode) {
        if (value == null) {
            if (mode != Mode.VALUE) throw bad(id, label, i, "null datum for a " + mode + " access");
            return;
        }
        if (!want.isInstance(value))
            throw bad(id, label, i, "a " + value.getClass().getTypeName() + " does not match the function's parameter type "
                    + want.getTypeName());
    }

    private IllegalArgumentException bad(long id, String label, int i, String what) {
        return new IllegalArgumentException("task #" + id + " '" + label + "'" + (i >= 0 ? " argument " + (i + 1) : "") + ": " + what);
    }

    private void checkSpawner(String label) {
        if (closed) throw new IllegalStateException("spawn of '" + label + "' after the region closed");
        Thread t = Thread.currentThread();
        if (t != owner)
            throw new IllegalStateException("spawn of '" + label + "' from thread " + t.getName()
                    + ", which is not running this region's body; a region is used by its body only");
        if (t instanceof Worker w && w.current != bodyMarker) {
            String inside = w.current instanceof TaskNode<?> tn ? "task #" + tn.seq + " '" + tn.label() + "'" : "another task";
            throw new IllegalStateException("spawn of '" + label + "' from inside " + inside
                    + ", which is not this region's body; open a nested region in that task instead");
        }
    }

    private void checkCovered(long id, String label, AccessRec r) {
        View v = r.view;
        List<View> cover = new ArrayList<>();
        for (AccessRec p : parent.accesses)
            if (p.mode != Mode.REDUCE && p.view.base() == v.base() && (!r.mode.writes() || p.mode.writes())) cover.add(p.view);
        for (int s = 0, n = v.spanCount(); s < n; s++) {
            long cur = v.spanStart(s), end = cur + v.spanLength(s);
            while (cur < end) {
                long next = cur;
                for (View c : cover) {
                    for (int k = 0, m = c.spanCount(); k < m; k++) {
                        long cs = c.spanStart(k), ce = cs + c.spanLength(k);
                        if (cs <= cur && ce > cur) next = Math.max(next, ce);
                    }
                }
                if (next == cur)
                    throw bad(id, label, r.argIndex, r.mode + " " + v + " is not covered by the accesses of the enclosing task #"
                            + parent.seq + " '" + parent.label() + "' " + Arrays.toString(parent.accesses)
                            + " (byte " + cur + " of " + v.base().getClass().getSimpleName() + (r.mode.writes() ? " needs a writing access" : "") + ")");
                cur = next;
            }
        }
    }

    /**
     * Connects an inner task to what the parent's weak accesses recorded: an inner access that overlaps a
     * weak access of the parent waits for those predecessors, unless it is weak itself, in which case it
     * records them in turn for its own children (so weak accesses stay weak through any depth of nesting).
     */
    private void linkWeakPredecessors(TaskNode<?> node) {
        for (AccessRec p : parent.accesses) {
            if (!p.weak || p.weakPreds().isEmpty()) continue;
            for (AccessRec r : node.accesses) {
                if (!Views.aliases(p.view, r.view)) continue;
                if (r.weak) {
                    for (GraphNode pred : p.weakPreds()) if (pred.status() != GraphNode.DONE) r.addWeakPred(pred);
                    if (!r.weakPreds().isEmpty()) node.hasWeakWaits = true;
                } else {
                    for (GraphNode pred : p.weakPreds()) node.dependOn(pred);
                }
            }
        }
    }

    private GraphNode newCombine(Group g) {
        CombineNode c = new CombineNode(this, ++seq, g);
        if (graph != null) graph.node(c.key(), "#" + c.seq + " " + c.label());
        PENDING.getAndAdd(this, 1L);
        return c;
    }

    // ---- completion --------------------------------------------------------------------------------

    void finished(GraphNode n, int state, Throwable failure) {
        if (n instanceof TaskNode<?> t) {
            switch (state) {
                case GraphNode.DONE -> { }
                case GraphNode.FAILED -> {
                    weft.failed.increment();
                    failures.add(t.failureException());
                }
                default -> {
                    weft.cancelled.increment();
                    cancelledHere.incrementAndGet();
                }
            }
        } else if (state == GraphNode.FAILED) {
            failures.add(new TaskFailedException(n.label() + " failed: " + failure, n.label(), n.seq, false, failure));
        }
        if (n instanceof TaskNode<?> t && t.uncounted) return;
        long left = (long) PENDING.getAndAdd(this, -1L) - 1;
        if (left <= wakeAt) {
            Thread w = waiter;
            if (w != null) LockSupport.unpark(w);
        }
    }

    private void awaitPendingAtMost(long limit) {
        if (pending <= limit) return;
        wakeAt = limit;
        waiter = Thread.currentThread();
        try {
            scheduler.helpUntil(() -> pending <= limit);
        } finally {
            waiter = null;
            wakeAt = -1;
        }
    }

    /** Runs the body, closes open reductions, waits for every task, and reports failures. */
    void run(RegionBody body) {
        wakeAt = -1;
        Throwable bodyError = null;
        try {
            body.run(this);
        } catch (Throwable e) {
            bodyError = e;
        }
        tracker.closeReductions();
        closed = true;
        awaitPendingAtMost(0);
        weft.spawned.add(spawnedHere);
        weft.inlined.add(inlinedHere);
        weft.executed.add(spawnedHere - cancelledHere.get());
        List<Throwable> fs = new ArrayList<>(failures);
        if (bodyError != null) {
            for (Throwable f : fs) bodyError.addSuppressed(f);
            if (bodyError instanceof RuntimeException re) throw re;
            if (bodyError instanceof Error er) throw er;
            throw new WeftException("region body threw " + bodyError, bodyError);
        }
        if (!fs.isEmpty()) {
            fs.sort(Comparator.comparingLong(f -> f instanceof TaskFailedException t ? t.taskId() : Long.MAX_VALUE));
            RuntimeException first = (RuntimeException) fs.getFirst();
            for (Throwable f : fs.subList(1, Math.min(fs.size(), 20))) first.addSuppressed(f);
            throw first;
        }
    }

    /** Pending tasks (spawned, not finished, not run at once by the spawner); for tests. */
    long pending() {
        return pending;
    }

    // ---- Region API --------------------------------------------------------------------------------

    @Override public Weft runtime() { return weft; }

    private static Object[] a(Object... xs) { return xs; }

    @Override public <R> Task<R> spawn(Fn0<R> fn) { return submit(fn, 0, null, null, null, 0, 0); }
    @Override public Task<Void> spawn(Proc0 fn) { return submit(fn, 0, null, null, null, 0, 0); }
    @Override public <A, R> Task<R> spawn(Fn1<A, R> fn, Object a) { return submit(fn, 1, a(a), null, null, 0, 0); }
    @Override public <A> Task<Void> spawn(Proc1<A> fn, Object a) { return submit(fn, 1, a(a), null, null, 0, 0); }
    @Override public <A, B, R> Task<R> spawn(Fn2<A, B, R> fn, Object a, Object b) { return submit(fn, 2, a(a, b), null, null, 0, 0); }
    @Override public <A, B> Task<Void> spawn(Proc2<A, B> fn, Object a, Object b) { return submit(fn, 2, a(a, b), null, null, 0, 0); }
    @Override public <A, B, C, R> Task<R> spawn(Fn3<A, B, C, R> fn, Object a, Object b, Object c) { return submit(fn, 3, a(a, b, c), null, null, 0, 0); }
    @Override public <A, B, C> Task<Void> spawn(Proc3<A, B, C> fn, Object a, Object b, Object c) { return submit(fn, 3, a(a, b, c), null, null, 0, 0); }
    @Override public <A, B, C, D, R> Task<R> spawn(Fn4<A, B, C, D, R> fn, Object a, Object b, Object c, Object d) { return submit(fn, 4, a(a, b, c, d), null, null, 0, 0); }
    @Override public <A, B, C, D> Task<Void> spawn(Proc4<A, B, C, D> fn, Object a, Object b, Object c, Object d) { return submit(fn, 4, a(a, b, c, d), null, null, 0, 0); }
    @Override public <A, B, C, D, E, R> Task<R> spawn(Fn5<A, B, C, D, E, R> fn, Object a, Object b, Object c, Object d, Object e) { return submit(fn, 5, a(a, b, c, d, e), null, null, 0, 0); }
    @Override public <A, B, C, D, E> Task<Void> spawn(Proc5<A, B, C, D, E> fn, Object a, Object b, Object c, Object d, Object e) { return submit(fn, 5, a(a, b, c, d, e), null, null, 0, 0); }
    @Override public <A, B, C, D, E, F, R> Task<R> spawn(Fn6<A, B, C, D, E, F, R> fn, Object a, Object b, Object c, Object d, Object e, Object f) { return submit(fn, 6, a(a, b, c, d, e, f), null, null, 0, 0); }
    @Override public <A, B, C, D, E, F> Task<Void> spawn(Proc6<A, B, C, D, E, F> fn, Object a, Object b, Object c, Object d, Object e, Object f) { return submit(fn, 6, a(a, b, c, d, e, f), null, null, 0, 0); }

    @Override public Task<Void> spawn(Proc0 body, Access... accesses) { return submit(body, 0, null, accesses, null, 0, 0); }
    @Override public <R> Task<R> spawn(Fn0<R> body, Access... accesses) { return submit(body, 0, null, accesses, null, 0, 0); }

    @Override public <R> TaskBuilder<R> task(Fn0<R> fn) { return new Builder<>(fn, 0); }
    @Override public TaskBuilder<Void> task(Proc0 fn) { return new Builder<>(fn, 0); }
    @Override public <A, R> TaskBuilder<R> task(Fn1<A, R> fn) { return new Builder<>(fn, 1); }
    @Override public <A> TaskBuilder<Void> task(Proc1<A> fn) { return new Builder<>(fn, 1); }
    @Override public <A, B, R> TaskBuilder<R> task(Fn2<A, B, R> fn) { return new Builder<>(fn, 2); }
    @Override public <A, B> TaskBuilder<Void> task(Proc2<A, B> fn) { return new Builder<>(fn, 2); }
    @Override public <A, B, C, R> TaskBuilder<R> task(Fn3<A, B, C, R> fn) { return new Builder<>(fn, 3); }
    @Override public <A, B, C> TaskBuilder<Void> task(Proc3<A, B, C> fn) { return new Builder<>(fn, 3); }
    @Override public <A, B, C, D, R> TaskBuilder<R> task(Fn4<A, B, C, D, R> fn) { return new Builder<>(fn, 4); }
    @Override public <A, B, C, D> TaskBuilder<Void> task(Proc4<A, B, C, D> fn) { return new Builder<>(fn, 4); }
    @Override public <A, B, C, D, E, R> TaskBuilder<R> task(Fn5<A, B, C, D, E, R> fn) { return new Builder<>(fn, 5); }
    @Override public <A, B, C, D, E> TaskBuilder<Void> task(Proc5<A, B, C, D, E> fn) { return new Builder<>(fn, 5); }
    @Override public <A, B, C, D, E, F, R> TaskBuilder<R> task(Fn6<A, B, C, D, E, F, R> fn) { return new Builder<>(fn, 6); }
    @Override public <A, B, C, D, E, F> TaskBuilder<Void> task(Proc6<A, B, C, D, E, F> fn) { return new Builder<>(fn, 6); }

    private final class Builder<R> implements TaskBuilder<R> {
        private final Object fn;
        private final int arity;
        private String name;
        private int priority, retries;
        private boolean spawned;

        Builder(Object fn, int arity) {
            this.fn = java.util.Objects.requireNonNull(fn, "task function");
            this.arity = arity;
        }

        @Override
        public TaskBuilder<R> name(String name) {
            this.name = name;
            return this;
        }

        @Override
        public TaskBuilder<R> priority(int priority) {
            this.priority = priority;
            return this;
        }

        @Override
        public TaskBuilder<R> retry(int times) {
            if (times < 0) throw new IllegalArgumentException("retry count " + times + " is negative");
            this.retries = times;
            return this;
        }

        @Override
        public Task<R> spawn(Object... args) {
            if (spawned) throw new IllegalStateException("this TaskBuilder already spawned its task");
            String label = name != null ? name : FnInfo.of(fn, arity).label;
            if (arity == 0) {
                Access[] accesses = new Access[args.length];
                for (int i = 0; i < args.length; i++) {
                    if (!(args[i] instanceof Access acc))
                        throw new IllegalArgumentException("task '" + label + "': a function of no arguments takes an access list; entry "
                                + (i + 1) + " is a " + (args[i] == null ? "null" : args[i].getClass().getSimpleName()));
                    accesses[i] = acc;
                }
                spawned = true;
                return submit(fn, 0, null, accesses, name, priority, retries);
            }
            if (args.length != arity)
                throw new IllegalArgumentException("task '" + label + "' takes " + arity + " arguments; " + args.length + " given");
            spawned = true;
            return submit(fn, arity, args.clone(), null, name, priority, retries);
        }
    }
}
