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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

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
 * in less time than a hand-off to another worker costs ({@link RunTimes#isTiny}) also runs at once on the
 * spawning thread, as libgomp runs undeferred tasks: queueing it would cost more than running it.
 *
 * <p><b>Nesting</b>: a region opened inside a task has that task as parent. Each access of an inner task must
 * be covered by the parent's accesses (reads by any, writes by writing ones); an inner access that overlaps a
 * weak access of the parent also waits for what the weak access recorded.
 *
 * <p><b>Nothing is lost to a throwable.</b> Registration of a task that passed its checks is all or nothing
 * in effect: if something throws while the task is being registered (out of memory, a stack overflow in
 * deep user recursion), the half-registered task is {@linkplain GraphNode#abandon abandoned}: it fails, what
 * already depends on it is cancelled, and the spawn rethrows. The end of a region waits for every pending task
 * whatever is thrown meanwhile, and a region never returns while one of its tasks runs. A failure of the
 * runtime's own bookkeeping (tracing, graph recording) is recorded and makes the region fail.
 *
 * <p><b>What the region throws.</b> What the body threw, if it threw (task failures suppressed in it);
 * else {@link CancellationException} if the region was cancelled; else the failure of the first failed task
 * by spawn order (later ones suppressed); else, if a task was cancelled because a task of another region it
 * depends on failed, that task's {@link TaskFailedException}; else a {@link WeftException} if the runtime's
 * own code failed.
 */
final class RegionImpl implements Region, DepTracker.CombineFactory {
    private static final VarHandle PENDING, REPORTED, RUNTIME_FAILURE;
    private static final AtomicLong SERIALS = new AtomicLong();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PENDING = l.findVarHandle(RegionImpl.class, "pending", long.class);
            REPORTED = l.findVarHandle(RegionImpl.class, "reported", RegionNode.class);
            RUNTIME_FAILURE = l.findVarHandle(RegionImpl.class, "runtimeFailure", Throwable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final AccessRec[] NO_ACCESSES = {};
    /** Attempts at helping through the end of a region that throws before it blocks without helping. */
    private static final int HELP_ATTEMPTS = 3;

    final Weft weft;
    final Scheduler scheduler;
    final long serial = SERIALS.incrementAndGet();
    final TaskNode<?> parent;
    /** The top-level region of this tree (itself at top level); its {@link #cancellation} covers the tree. */
    final RegionImpl root;
    /** Nesting depth: 0 at top level. */
    final int depth;
    final Tracer tracer;
    final GraphRecorder graph;
    /** True if dependencies are recorded: as graph edges, or as the trace's arrows between tasks. */
    final boolean recordsEdges;
    final RunTimes runTimes;
    /** The thread running the body; set when the body starts. */
    private Thread owner;
    /** What {@link Worker#current} holds while the body runs: the parent task, or this region at top level. */
    private final Object bodyMarker;
    private final DepTracker tracker = new DepTracker(this);
    private final int high, low;
    private final boolean inlineTiny;
    private final SpecPolicy policy;
    private volatile long pending;
    private volatile Thread waiter;
    private volatile long wakeAt = -1;
    /** Nodes that failed or were cancelled: an intrusive stack through {@link RegionNode#nextReported}. */
    private volatile RegionNode reported;
    /** The first throwable of the runtime's own code recorded during this region, or null. */
    private volatile Throwable runtimeFailure;
    /** Set on the root when the region tree is cancelled (its caller was interrupted, or the runtime closed). */
    volatile CancellationException cancellation;
    /** Set when a top-level region has ended (its caller is about to return); see {@link Weft#close()}. */
    volatile boolean ended;
    /** A node whose registration is in progress; abandoned if a throwable cuts it short. */
    private RegionNode settling;
    private long seq;
    private boolean closed;
    /** Counts for {@link Weft#stats()}, kept here (the spawner's plain fields) and added to the runtime's at the end. */
    private long spawnedHere, inlinedHere;
    /** What the worker was executing when this region's body started on it (the frame below the body). */
    Object callerFrame;
    private final BooleanSupplier allDone = new PendingAtMost(0);

    RegionImpl(Weft weft, TaskNode<?> parent) {
        this.weft = weft;
        this.scheduler = weft.scheduler;
        this.parent = parent;
        this.root = parent == null ? this : parent.region.root;
        this.depth = parent == null ? 0 : parent.region.depth + 1;
        this.bodyMarker = parent != null ? parent : this;
        this.tracer = weft.tracer;
        this.graph = weft.graph;
        this.recordsEdges = weft.graph != null || weft.tracer != null;
        this.runTimes = weft.runTimes;
        this.high = weft.throttle;
        this.low = Math.max(1, weft.throttle / 2);
        this.inlineTiny = weft.inlineTiny;
        this.policy = weft.specPolicy;
    }

    // ---- spawning ----------------------------------------------------------------------------------

    <R> Task<R> submit(Object fn, int arity, Object[] args, Access[] closureAccesses, String name, int priority, int retries) {
        return submit(fn, arity, args, closureAccesses, name, null, priority, retries);
    }

    /** {@code nameIndices}, if not null, are shown after the name: {@code name(i,j,k)} (see {@link TaskBuilder#name(String, int...)}). */
    <R> Task<R> submit(Object fn, int arity, Object[] args, Access[] closureAccesses, String name, int[] nameIndices, int priority, int retries) {
        if (fn == null) throw new NullPointerException("task function");
        checkSpawner(name != null ? name : "new task");
        if (settling != null) settle(new IllegalStateException("an earlier spawn of this region was cut short"));
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
                if (acc.mode() == Mode.VALUE) continue;         // val(x): the closure captures x, but not as data
                if (acc.mode() == Mode.REDUCE)
                    throw bad(id, label, -1, "reduce(...) needs a function argument to receive the private partial; use spawn(fn, reduce(op, x))");
                recs[nrec++] = accessRec(id, label, -1, acc);
            }
        }
        Captures.Found captured = info.captured == null || !Specs.tracksCaptures(policy) ? null : Captures.of(fn, info, args, closureAccesses);
        if (captured != null || taskMask != 0) {
            if (spec == null) spec = info.modes(fn, args);
            List<AccessRec> more = reached(id, label, info, spec, captured, argv, taskMask, arity);
            if (more != null) {
                recs = Arrays.copyOf(recs, nrec + more.size());
                for (AccessRec r : more) {
                    if (r.mode == Mode.OUT) {
                        if (nrec < 32) specOut |= 1 << nrec;
                        else r = new AccessRec(r.view, Mode.INOUT, false, null, r.argIndex, r.datum);
                    }
                    recs[nrec++] = r;
                }
            }
        }
        Object[] aliases = info.returnsData ? resultAliases(info, fn, args, spec, captured, argv, taskMask, arity) : null;
        if (!weft.links.isEmpty()) {
            recs = withLinked(recs, nrec);
            nrec = recs.length;
        }
        if (spec != null) {
            long[] stored = spec.storedInto(policy);
            if (stored != null) link(stored, spec.capturedCount(), fn, info, argv, taskMask);
        }
        if (retries > 0 && reduceMask != 0)
            throw bad(id, label, Integer.numberOfTrailingZeros(reduceMask), "retry(" + retries + ") with a reduce(...) access: "
                    + "a failed attempt may already have added to its partial, so a retry would count it twice");
        if (nrec != recs.length) recs = Arrays.copyOf(recs, nrec);
        if (specOut != 0) readOutAliases(recs, specOut);
        if (parent != null) for (AccessRec r : recs) checkCovered(id, label, r);
        CancellationException cancelled = root.cancellation;
        if (cancelled != null) throw cancelledSpawn(label, cancelled);

        seq = id;
        TaskNode<R> node = new TaskNode<>(this, id, priority, fn, info, arity, argv, taskMask, reduceMask, recs, name, retries);
        if (nameIndices != null) node.nameIndices = nameIndices;
        node.resultAliases = aliases;
        settling = node;
        try {
            register(node, recs, argv, taskMask, arity);
            spawnedHere++;
            boolean onWorker = scheduler.onWorker();
            boolean tiny = inlineTiny && runTimes.isTiny(info);
            if (node.unlinked() && node.locks == null && !node.hasWeakWaits && onWorker && (pending >= high || tiny)) {
                // ready, reachable by no other thread, and nothing can make it wait in a queue: run it now,
                // outside the pending count
                inlinedHere++;
                scheduler.runHere(node);        // throws only if cut short before the node ran: settled below
                settling = null;
                forget(node, recs);
                return node;
            }
            long p = (long) PENDING.getAndAdd(this, 1L) + 1;
            node.counted = true;
            if (node.seal()) {
                if ((p > high || tiny) && onWorker) {
                    inlinedHere++;
                    scheduler.runHere(node);
                    settling = null;
                } else {
                    node.schedule();
                    settling = null;
                }
            } else {
                settling = null;
                if (p > high) throttle();
            }
        } catch (Throwable e) {
            try {
                settle(e);
            } catch (Throwable again) {
                settle(e);                      // the end of the region settles it if this fails too
            }
            throw e;
        }
        return node;
    }

    /**
     * The accesses a spawn needs besides its arguments' own: for the data its function captured and its accesses do
     * not name ({@link Captures}), with the captured value's mode (an error under {@code STRICT}, naming it); and for
     * the data that a task argument's result may alias ({@link TaskNode#resultAliases}), with the mode of the
     * parameter that receives the result ({@code INOUT} where nothing gives one). Null if there are none.
     */
    private List<AccessRec> reached(long id, String label, FnInfo info, ParamModes spec, Captures.Found captured, Object[] argv,
                                    int taskMask, int arity) {
        List<AccessRec> out = null;
        if (captured != null) {
            out = new ArrayList<>(captured.size());
            for (int k = 0; k < captured.size(); k++) {
                Object d = captured.data.get(k);
                Mode m = spec.captured(Captures.param(captured, k), policy);
                if (m == null)
                    throw bad(id, label, -1, "captured " + Captures.describe(captured, k, spec.names()) + " (a " + d.getClass().getTypeName()
                            + ") has no access mode under the STRICT spec policy: name it in the access list (in(x), out(x), inOut(x), ...; "
                            + "val(x) if the task does not use it as data)");
                if (m == Mode.VALUE) continue;
                out.add(new AccessRec(viewOf(id, label, -1, d), m, false, null, -1, d));
            }
        }
        for (int i = 0; i < arity; i++) {
            if ((taskMask & (1 << i)) == 0) continue;
            Object[] aliases = ((TaskNode<?>) argv[i]).resultAliases;
            if (aliases == null) continue;
            Mode m = spec.mode(i, policy);
            if (m == Mode.VALUE) continue;                      // a primitive or value parameter: the result is copied
            if (m == null) m = Mode.INOUT;
            if (out == null) out = new ArrayList<>(aliases.length);
            for (Object a : aliases) out.add(new AccessRec(Views.whole(a), m, false, null, i, a));
        }
        return out;
    }

    /**
     * The data a new task's result may alias: the bases of the arguments and captured data whose parameters the
     * inference says the function may return ({@link ParamModes#returned}), and for a task argument, what its own
     * result may alias. Null if none.
     */
    private Object[] resultAliases(FnInfo info, Object fn, Object[] args, ParamModes spec, Captures.Found captured, Object[] argv,
                                   int taskMask, int arity) {
        List<Object> out = null;
        long returned = -1;
        int skip = -1;
        for (int i = 0; i < arity; i++) {
            Object a = args[i];
            boolean task = (taskMask & (1 << i)) != 0;
            if (a instanceof Access acc) {
                if (acc.mode() == Mode.VALUE || acc.mode() == Mode.REDUCE) continue;
                a = acc.datum();
            } else if (task) {
                if (((TaskNode<?>) a).resultAliases == null) continue;
            } else if (a == null || Immutables.isValue(a)) {
                continue;
            }
            if (returned == -1) {
                if (spec == null) spec = info.modes(fn, args);
                returned = spec.returned(policy);
                skip = spec.capturedCount();
            }
            int p = skip + i;
            if (p >= 63 || (returned & (1L << p)) == 0) continue;
            if (out == null) out = new ArrayList<>(2);
            if (task) out.addAll(Arrays.asList(((TaskNode<?>) a).resultAliases));
            else out.add(aliasBase(a));
        }
        if (captured != null) {
            for (int k = 0; k < captured.size(); k++) {
                if (returned == -1) {
                    returned = spec.returned(policy);
                    skip = spec.capturedCount();
                }
                int p = Captures.param(captured, k);
                if (p >= 63 || (returned & (1L << p)) == 0) continue;
                if (out == null) out = new ArrayList<>(2);
                out.add(aliasBase(captured.data.get(k)));
            }
        }
        return out == null ? null : out.toArray();
    }

    /**
     * Records the links the new task may make ({@link Links}): for each parameter {@code p} that the inference says
     * may be stored into parameters {@code stored[p]}, from each of their data to each of its data.
     */
    private void link(long[] stored, int skip, Object fn, FnInfo info, Object[] argv, int taskMask) {
        for (int p = 0; p < stored.length; p++) {
            if (stored[p] == 0) continue;
            List<Object> from = paramData(p, skip, fn, info, argv, taskMask);
            if (from.isEmpty()) continue;
            for (long q = stored[p]; q != 0; q &= q - 1) {
                for (Object container : paramData(Long.numberOfTrailingZeros(q), skip, fn, info, argv, taskMask)) {
                    for (Object d : from) weft.links.link(container, d);
                }
            }
        }
    }

    /** The data bases that implementation parameter {@code p} of the new task receives (a task argument: what its result may alias). */
    private static List<Object> paramData(int p, int skip, Object fn, FnInfo info, Object[] argv, int taskMask) {
        List<Object> out = new ArrayList<>(1);
        Object a;
        if (p >= skip) {
            int i = p - skip;
            if (argv == null || i >= argv.length) return out;
            a = argv[i];
            if (i < 32 && (taskMask & (1 << i)) != 0) {
                Object[] aliases = ((TaskNode<?>) a).resultAliases;
                if (aliases != null) for (Object o : aliases) out.add(aliasBase(o));
                return out;
            }
        } else {
            a = Captures.value(fn, info, p);
        }
        if (a != null && Captures.isData(a)) out.add(aliasBase(a));
        return out;
    }

    /**
     * {@code recs[0..n)} and an access on each datum linked from their data ({@link Links}), transitively: {@code INOUT}
     * if a writing access leads to it, else {@code IN}. A datum the task also names directly gets both accesses, as
     * when a task is given the same array twice.
     */
    private AccessRec[] withLinked(AccessRec[] recs, int n) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        List<AccessRec> more = null;
        List<Object> reached = new ArrayList<>();
        // the writing accesses first, so that a datum reached both ways is reached as written
        for (int pass = 0; pass < 2; pass++) {
            Mode m = pass == 0 ? Mode.INOUT : Mode.IN;
            for (int i = 0; i < n; i++) {
                AccessRec r = recs[i];
                if (r.datum == null || (r.mode == Mode.IN) != (pass == 1)) continue;
                reached.clear();
                weft.links.reach(aliasBase(r.datum), seen, reached);
                for (Object d : reached) {
                    AccessRec linked = new AccessRec(Views.whole(d), m, false, null, -1, d);
                    if (parent != null && uncoveredByte(linked) >= 0) continue;     // linked after the parent's spawn: see Links
                    if (more == null) more = new ArrayList<>();
                    more.add(linked);
                }
            }
        }
        if (more == null) return n == recs.length ? recs : Arrays.copyOf(recs, n);
        AccessRec[] out = Arrays.copyOf(recs, n + more.size());
        for (int i = 0; i < more.size(); i++) out[n + i] = more.get(i);
        return out;
    }

    /** What a result that may lie inside datum {@code d} may reach: the whole of its base (a view's array, a segment's memory). */
    private static Object aliasBase(Object d) {
        if (d instanceof View v) return v.base();
        if (d instanceof MemorySegment s) return Views.of(s).base();
        return d;
    }

    /** Registers a new task's accesses, weak predecessors and task arguments; may be cut short by a throwable. */
    private void register(TaskNode<?> node, AccessRec[] recs, Object[] argv, int taskMask, int arity) {
        if (graph != null) recordNode(node);
        if (weft.spawnSites) node.spawnSite = SpawnSite.caller();
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
            locks.sort(CommuteLock.ORDER);
            node.locks = locks.toArray(new CommuteLock[0]);
        }
        if (parent != null) linkWeakPredecessors(node);
        if (taskMask != 0) for (int i = 0; i < arity; i++) if ((taskMask & (1 << i)) != 0) node.dependOn((TaskNode<?>) argv[i]);
    }

    /** Abandons the node whose registration a throwable cut short, if any. */
    private void settle(Throwable cause) {
        RegionNode n = settling;
        if (n == null) return;
        settling = null;
        n.abandon(cause);
    }

    /**
     * Drops a task that ran at spawn from the access history (see {@link DepTracker#forget}): an optimization
     * whose failure only keeps the history larger, but leaves it in a state the region cannot vouch for.
     */
    private void forget(TaskNode<?> node, AccessRec[] recs) {
        try {
            for (AccessRec r : recs) tracker.forget(node, r);
        } catch (Throwable e) {
            runtimeFailure(e);
        }
    }

    /** The spawner runs other work until at most {@code low} tasks are pending; best-effort. */
    private void throttle() {
        try {
            awaitPendingAtMost(low);
        } catch (Throwable e) {
            runtimeFailure(e);
        }
    }

    private CancellationException cancelledSpawn(String label, CancellationException why) {
        CancellationException e = new CancellationException("spawn of '" + label + "' in a cancelled region: " + why.getMessage());
        e.initCause(why);
        return e;
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
        // instanceof tests rather than a pattern switch: see RuntimeClasses
        if (d instanceof ArraySlice || d instanceof Matrix || d instanceof Triangle || d instanceof Diagonal || d instanceof SegmentSlice)
            return (View) d;
        if (d instanceof MemorySegment s) return Views.of(s);
        if (d instanceof View v) {
            String bad = Views.violation(v);
            if (bad != null) throw bad(id, label, i, "invalid view " + v + ": " + bad);
            return v;
        }
        return Views.whole(d);
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
        long cur = uncoveredByte(r);
        if (cur >= 0)
            throw bad(id, label, r.argIndex, r.mode + " " + r.view + " is not covered by the accesses of the enclosing task #"
                    + parent.seq + " '" + parent.label() + "' " + Arrays.toString(parent.accesses)
                    + " (byte " + cur + " of " + r.view.base().getClass().getSimpleName() + (r.mode.writes() ? " needs a writing access" : "") + ")");
    }

    /** The first byte of {@code r} that the enclosing task's accesses do not cover (with a writing access if r writes), or -1. */
    private long uncoveredByte(AccessRec r) {
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
                if (next == cur) return cur;
                cur = next;
            }
        }
        return -1;
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

    /** Creates the combine node of a closing reduction group (see {@link DepTracker}); counted as pending. */
    @Override
    public GraphNode newCombine(Group g) {
        CombineNode c = new CombineNode(this, seq + 1, g);
        if (graph != null) recordNode(c);
        seq++;
        PENDING.getAndAdd(this, 1L);        // counted last: a throwable before this leaves no count behind
        c.counted = true;
        return c;
    }

    // ---- recording ---------------------------------------------------------------------------------

    private void recordNode(RegionNode n) {
        try {
            graph.node(n.key(), "#" + n.seq + " " + n.label());
        } catch (Throwable e) {
            RUNTIME_FAILURE.compareAndSet(this, null, e);
        }
    }

    /** Records that {@code to} depends on {@code from}: an edge of the graph, an arrow (flow event) of the trace. */
    void recordEdge(GraphNode from, RegionNode to) {
        try {
            String f = RegionNode.key(from), t = to.key();
            if (graph != null) graph.edge(f, t);
            if (tracer != null) tracer.flow(f, t);
        } catch (Throwable e) {
            RUNTIME_FAILURE.compareAndSet(this, null, e);
        }
    }

    void traceSpan(String name, String cat, long startNanos, String key) {
        try {
            tracer.span(name, cat, startNanos, System.nanoTime(), key);
        } catch (Throwable e) {
            RUNTIME_FAILURE.compareAndSet(this, null, e);
        }
    }

    /** Records a throwable of the runtime's own code that ended no task; the region will fail with it. Never throws. */
    void runtimeFailure(Throwable e) {
        RUNTIME_FAILURE.compareAndSet(this, null, e);
    }

    // ---- completion --------------------------------------------------------------------------------

    /** Called once per node of this region when it finishes. Allocates nothing and never throws. */
    void finished(RegionNode n, int state) {
        if (state != GraphNode.DONE) {
            RegionNode head;
            do {
                head = reported;
                n.nextReported = head;
            } while (!REPORTED.compareAndSet(this, head, n));
        }
        if (!n.counted) return;
        long left = (long) PENDING.getAndAdd(this, -1L) - 1;
        if (left <= wakeAt) {
            Thread w = waiter;
            if (w != null) LockSupport.unpark(w);
        }
    }

    /** Cancels this region tree: tasks that have not started never run, and spawns throw. */
    void cancel(CancellationException why) {
        if (root.cancellation == null) root.cancellation = why;
    }

    private void awaitPendingAtMost(long limit) {
        if (pending <= limit) return;
        wakeAt = limit;
        waiter = Thread.currentThread();
        try {
            scheduler.helpUntil(limit == 0 ? allDone : new PendingAtMost(limit));
        } finally {
            waiter = null;
            wakeAt = -1;
        }
    }

    private final class PendingAtMost implements BooleanSupplier {
        private final long limit;

        PendingAtMost(long limit) {
            this.limit = limit;
        }

        @Override
        public boolean getAsBoolean() {
            return pending <= limit;
        }
    }

    /**
     * Runs the body on the calling thread, closes open reductions, waits for every task whatever is thrown
     * meanwhile, and reports what failed (see the class comment).
     */
    void run(RegionBody body) {
        owner = Thread.currentThread();
        Throwable bodyError = null;
        try {
            body.run(this);
        } catch (Throwable e) {
            bodyError = e;
        }
        closed = true;
        // From here nothing may be skipped: the catches hold field writes only, and every step is retried until done.
        while (settling != null) {
            try {
                settle(bodyError != null ? bodyError : new IllegalStateException("a spawn was cut short"));
            } catch (Throwable e) {
                RUNTIME_FAILURE.compareAndSet(this, null, e);
            }
        }
        for (int attempt = 0; attempt < HELP_ATTEMPTS; attempt++) {
            try {
                tracker.closeReductions();
                break;
            } catch (Throwable e) {
                RUNTIME_FAILURE.compareAndSet(this, null, e);
            }
        }
        while (pending > 0) {
            try {
                awaitAll();
            } catch (Throwable e) {
                RUNTIME_FAILURE.compareAndSet(this, null, e);
            }
        }
        report(bodyError);
    }

    /** Returns once no task of this region is pending; helps meanwhile, and blocks if helping keeps failing. */
    private void awaitAll() {
        for (int attempt = 0; pending > 0; attempt++) {
            try {
                if (attempt < HELP_ATTEMPTS) {
                    awaitPendingAtMost(0);
                } else {
                    waiter = Thread.currentThread();
                    wakeAt = 0;
                    scheduler.blockUntil(allDone);
                }
            } catch (Throwable e) {
                RUNTIME_FAILURE.compareAndSet(this, null, e);
            } finally {
                waiter = null;
                wakeAt = -1;
            }
        }
    }

    private void report(Throwable bodyError) {
        weft.spawned.add(spawnedHere);
        weft.inlined.add(inlinedHere);
        List<RegionNode> failed = new ArrayList<>(), cancelled = new ArrayList<>();
        for (RegionNode n = reported; n != null; n = n.nextReported) (n.status() == GraphNode.FAILED ? failed : cancelled).add(n);
        weft.failed.add(failed.size());
        weft.cancelled.add(cancelled.size());
        weft.executed.add(spawnedHere - cancelled.size());
        List<RuntimeException> fs = new ArrayList<>();
        failed.sort(BY_SEQ);
        for (RegionNode n : failed) fs.add(failureOf(n));
        Throwable runtime = runtimeFailure;
        if (bodyError != null) {
            for (Throwable f : fs) bodyError.addSuppressed(f);
            if (runtime != null && runtime != bodyError) bodyError.addSuppressed(runtime);
            if (bodyError instanceof RuntimeException re) throw re;
            if (bodyError instanceof Error er) throw er;
            throw new WeftException("region body threw " + bodyError, bodyError);
        }
        CancellationException why = root.cancellation;
        if (why != null && (!cancelled.isEmpty() || !fs.isEmpty() || this == root)) {
            CancellationException e = new CancellationException("region cancelled: " + why.getMessage()
                    + (cancelled.isEmpty() ? "" : "; " + cancelled.size() + " of its tasks did not run"));
            e.initCause(why);
            for (Throwable f : fs) e.addSuppressed(f);
            throw e;
        }
        RuntimeException first = null;
        if (!fs.isEmpty()) {
            first = fs.getFirst();
            for (Throwable f : fs.subList(1, Math.min(fs.size(), 20))) first.addSuppressed(f);
        } else if (!cancelled.isEmpty()) {
            cancelled.sort(BY_SEQ);
            first = failureOf(cancelled.getFirst());
        }
        if (first != null) {
            if (runtime != null) first.addSuppressed(runtime);
            throw first;
        }
        if (runtime != null) throw new WeftException("the Weft runtime failed during region " + serial + ": " + runtime, runtime);
    }

    private static final Comparator<RegionNode> BY_SEQ = new BySeq();

    private static final class BySeq implements Comparator<RegionNode> {
        @Override
        public int compare(RegionNode a, RegionNode b) {
            return Long.compare(a.seq, b.seq);
        }
    }

    private static RuntimeException failureOf(RegionNode n) {
        if (n instanceof TaskNode<?> t) return t.failureException();
        CombineNode c = (CombineNode) n;
        if (c.status() == GraphNode.FAILED)
            return new TaskFailedException(c.label() + " failed: " + c.failure(), c.label(), c.seq, false, c.failure());
        return new TaskFailedException(c.label() + " was cancelled: a member of its reduction failed", c.label(), c.seq, true, null);
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

    @Override public Task<Void> spawn(Proc0 body, Access... accesses) { return submit(body, 0, null, accessList(body, accesses), null, 0, 0); }
    @Override public <R> Task<R> spawn(Fn0<R> body, Access... accesses) { return submit(body, 0, null, accessList(body, accesses), null, 0, 0); }

    /** The access list of a closure spawn: an array that is null itself is a mistake, not "no accesses". */
    private Access[] accessList(Object body, Access[] accesses) {
        if (accesses == null)
            throw new IllegalArgumentException("task #" + (seq + 1) + " '" + (body == null ? "null" : FnInfo.of(body, 0).label)
                    + "': the access list is null; give no accesses, or the accesses the closure makes");
        return accesses;
    }

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
        private int[] nameIndices;
        private int priority, retries;
        private boolean spawned;

        Builder(Object fn, int arity) {
            this.fn = java.util.Objects.requireNonNull(fn, "task function");
            this.arity = arity;
        }

        @Override
        public TaskBuilder<R> name(String name) {
            this.name = name;
            this.nameIndices = null;
            return this;
        }

        @Override
        public TaskBuilder<R> name(String name, int... indices) {
            this.name = java.util.Objects.requireNonNull(name, "name");
            this.nameIndices = indices.length == 0 ? null : indices.clone();
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
                return submit(fn, 0, null, accesses, name, nameIndices, priority, retries);
            }
            if (args.length != arity)
                throw new IllegalArgumentException("task '" + label + "' takes " + arity + " arguments; " + args.length + " given");
            spawned = true;
            return submit(fn, arity, args.clone(), null, name, nameIndices, priority, retries);
        }
    }
}
