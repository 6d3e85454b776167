package org.weft.engine;

import org.weft.Access;
import org.weft.Fn0;
import org.weft.Fn1;
import org.weft.Fn2;
import org.weft.Fn3;
import org.weft.Fn4;
import org.weft.Fn5;
import org.weft.Fn6;
import org.weft.Mode;
import org.weft.Proc0;
import org.weft.Proc1;
import org.weft.Proc2;
import org.weft.Proc3;
import org.weft.Proc4;
import org.weft.Proc5;
import org.weft.Proc6;
import org.weft.Region;
import org.weft.RegionBody;
import org.weft.Task;
import org.weft.TaskBuilder;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.WeftException;
import org.weft.resolve.FnInfo;

import org.weft.data.Views;
import org.weft.coherence.Directory;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.deps.AccessRec;
import org.weft.deps.CommuteLock;
import org.weft.deps.DepTracker;
import org.weft.deps.GraphNode;
import org.weft.deps.Group;
import org.weft.sched.Scheduler;
import org.weft.sched.Worker;
import org.weft.trace.CopyEvent;
import org.weft.trace.GraphRecorder;
import org.weft.trace.Tracer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One region: registers spawned tasks (resolved first by its {@link SpawnResolver}) with the region's
 * {@link DepTracker}, counts pending tasks for throttling and for the end of the region, and collects failures.
 *
 * <p><b>Spawning</b> is done by the thread running the body only, and only from the body itself (not from a
 * task that thread runs while helping); the tracker therefore needs no lock. Every argument is checked before
 * anything is registered ({@link SpawnResolver}), so a bad spawn throws and leaves no trace. Whether a new task is
 * queued, run at once by the spawning thread, or holds the spawner back is the runtime's {@link Admission} policy
 * (tiny tasks, throttling); the region carries it out: a task run at spawn is one that is ready, reachable by no
 * other thread, and that nothing can make wait in a queue.
 *
 * <p><b>Nesting</b>: a region opened inside a task has that task as parent. Each access of an inner task must
 * be covered by the parent's accesses (reads by any, writes by writing ones; checked by the resolver); an inner
 * access that overlaps a weak access of the parent also waits for what the weak access recorded.
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
final class RegionImpl implements Region, DepTracker.CombineFactory, DepTracker.Copies, DepTracker.Renamer {
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

    /** Attempts at helping through the end of a region that throws before it blocks without helping. */
    private static final int HELP_ATTEMPTS = 3;

    final Engine engine;
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
    private final Admission admission;
    /** The thread running the body; set when the body starts. */
    private Thread owner;
    /** What {@link Worker#current} holds while the body runs: the parent task, or this region at top level. */
    private final Object bodyMarker;
    private final DepTracker tracker = new DepTracker(this, this);
    /** The directories of raw roots this region uses: written back and released at its end. */
    private List<Directory> placed;
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
    /** Resolves each spawn before anything is registered. */
    private final SpawnResolver resolver;
    /** A node whose registration is in progress; abandoned if a throwable cuts it short. */
    private RegionNode settling;
    private long seq;
    private boolean closed;
    /** Counts for {@link Weft#stats()}, kept here (the spawner's plain fields) and added to the runtime's at the end. */
    private long spawnedHere, inlinedHere;
    /** What the worker was executing when this region's body started on it (the frame below the body). */
    Object callerFrame;
    private final BooleanSupplier allDone = new PendingAtMost(0);
    /** The options of a plain spawn: atomic if the runtime makes every task atomic. */
    private final TaskSpec.Options plain;

    RegionImpl(Engine engine, TaskNode<?> parent) {
        this.engine = engine;
        this.scheduler = engine.scheduler;
        this.parent = parent;
        this.root = parent == null ? this : parent.region.root;
        this.depth = parent == null ? 0 : parent.region.depth + 1;
        this.bodyMarker = parent != null ? parent : this;
        this.tracer = engine.tracer;
        this.graph = engine.graph;
        this.recordsEdges = engine.graph != null || engine.tracer != null;
        this.runTimes = engine.runTimes;
        this.admission = engine.admission;
        this.resolver = new SpawnResolver(this, engine, parent, engine.specPolicy);
        this.plain = engine.atomicTasks ? TaskSpec.Options.ATOMIC : TaskSpec.Options.PLAIN;
        if (engine.renamingBudget > 0) tracker.renameWith(this);
    }

    // ---- spawning ----------------------------------------------------------------------------------

    /** Spawns a task: resolves it ({@link SpawnResolver}), registers it, and admits it (queued, run here, or held back). */
    <R> Task<R> submit(Object fn, int arity, Object[] args, Access[] closureAccesses, TaskSpec.Options options) {
        if (fn == null) throw new NullPointerException("task function");
        String name = options.name();
        checkSpawner(name != null ? name : "new task");
        if (settling != null) settle(new IllegalStateException("an earlier spawn of this region was cut short"));
        FnInfo info = FnInfo.of(fn, arity);
        long id = seq + 1;
        String label = name != null ? name : info.label;
        CancellationException cancelled = root.cancellation;
        if (cancelled != null) throw cancelledSpawn(label, cancelled);
        TaskSpec spec = options.candidates() != null ? placeAndResolve(id, name, fn, arity, args, closureAccesses, options)
                : resolver.resolve(id, label, fn, info, arity, args, closureAccesses, options);
        TaskNode<R> node = new TaskNode<>(this, id, spec);
        AccessRec[] recs = spec.accesses;

        seq = id;
        settling = node;
        try {
            register(node, recs);
            spawnedHere++;
            boolean onWorker = scheduler.onWorker();
            boolean tiny = admission.tiny(spec.info);
            boolean here = onWorker && spec.processor == null;
            if (node.unlinked() && node.locks == null && !node.hasWeakWaits && here && admission.runAtSpawn(tiny, pending + 1)) {
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
                if (here && admission.runAtSpawn(tiny, p)) {
                    inlinedHere++;
                    scheduler.runHere(node);
                    settling = null;
                } else {
                    node.schedule();
                    settling = null;
                }
            } else {
                settling = null;
                if (admission.holdsBack(p)) throttle();
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
     * Chooses the space of a task spawned with candidates ({@link AutoPlacement}) and resolves it there; a candidate
     * that cannot take the task (its checks refuse it) is left out and the choice made again among the others, so a
     * spawn that worked does not fail later because a calibration turned to another space. Throws the first refusal
     * if no candidate can take it.
     */
    private TaskSpec placeAndResolve(long id, String name, Object fn, int arity, Object[] args, Access[] closureAccesses,
                                     TaskSpec.Options options) {
        List<MemorySpace> cands = new ArrayList<>(List.of(options.candidates()));
        List<Object> fns = new ArrayList<>(cands.size());
        for (int i = 0; i < cands.size(); i++) fns.add(options.variants()[i] != null ? options.variants()[i] : fn);
        int sizeClass = AutoPlacement.sizeClassOf(args);
        IllegalArgumentException first = null;
        while (!cands.isEmpty()) {
            int pick = engine.placement.choose(engine.coherence, tracker, cands.toArray(new MemorySpace[0]), fns.toArray(), arity, args, sizeClass);
            Object f = fns.get(pick);
            FnInfo info = FnInfo.of(f, arity);
            try {
                return resolver.resolve(id, name != null ? name : info.label, f, info, arity, args, closureAccesses,
                        options.placedOn(cands.get(pick), sizeClass));
            } catch (IllegalArgumentException refused) {
                if (first == null) first = refused;
                cands.remove(pick);
                fns.remove(pick);
            }
        }
        throw first;
    }

    /** Registers a new task's accesses, weak predecessors and task arguments; may be cut short by a throwable. */
    private void register(TaskNode<?> node, AccessRec[] recs) {
        if (graph != null) recordNode(node);
        if (engine.spawnSites) node.spawnSite = SpawnSite.caller();
        List<CommuteLock> locks = null;
        for (AccessRec r : recs) {
            tracker.register(node, r);
            if (r.weak && !r.weakPreds().isEmpty()) node.hasWeakWaits = true;
            if (r.coherent && r.mode.writes()) node.hasCoherentWrites = true;
            if (r.renamedTo != null) node.hasRenamed = true;
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
        node.dependOnTaskArguments();
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

    /** The spawner runs other work until at most {@link Admission#throttleTo} tasks are pending; best-effort. */
    private void throttle() {
        try {
            awaitPendingAtMost(admission.throttleTo());
        } catch (Throwable e) {
            runtimeFailure(e);
        }
    }

    private CancellationException cancelledSpawn(String label, CancellationException why) {
        CancellationException e = new CancellationException("spawn of '" + label + "' in a cancelled region: " + why.getMessage());
        e.initCause(why);
        return e;
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

    /**
     * Connects an inner task to what the parent's weak accesses recorded: an inner access that overlaps a
     * weak access of the parent waits for those predecessors, unless it is weak itself, in which case it
     * records them in turn for its own children (so weak accesses stay weak through any depth of nesting).
     */
    private void linkWeakPredecessors(TaskNode<?> node) {
        for (AccessRec p : parent.accesses()) {
            if (!p.weak || p.weakPreds().isEmpty()) continue;
            for (AccessRec r : node.accesses()) {
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

    // ---- coherence ---------------------------------------------------------------------------------

    @Override
    public boolean tracked(Object base) {
        if (!engine.coherence.active()) return false;
        Directory d = engine.coherence.directory(base);
        if (d == null) return false;
        if (!engine.coherence.isShared(base)) using(base);        // comes home (and is released) at this region's end
        return true;
    }

    @Override
    public void track(Object base) {
        using(base);
    }

    /** This region uses raw root {@code base}'s directory until its end (see {@link #writeBackPlaced}). */
    private void using(Object base) {
        if (placed == null) placed = new ArrayList<>(2);
        for (Directory d : placed) if (d.root() == base) return;
        Directory d = engine.coherence.use(base);
        if (d == null) return;                                      // a shared root: no region owns it
        try {
            placed.add(d);
        } catch (Throwable e) {
            engine.coherence.release(d);
            throw e;
        }
    }

    /** Creates a copy node for the tracker (see {@link CopyNode}); counted as pending. */
    @Override
    public GraphNode newCopy(Object base, int space) {
        CopyNode c = new CopyNode(this, seq + 1, base, space);
        if (graph != null) recordNode(c);
        seq++;
        PENDING.getAndAdd(this, 1L);
        c.counted = true;
        return c;
    }

    /** A commit node for a renamed writer (see {@link CommitNode}), if the runtime's budget holds its bytes; counted as pending. */
    @Override
    public GraphNode newCommit(AccessRec a, long bytes) {
        if (!engine.reserveRename(bytes)) return null;
        CommitNode c;
        try {
            c = new CommitNode(this, seq + 1, a.datum, bytes);
        } catch (Throwable e) {
            engine.releaseRename(bytes);
            throw e;
        }
        if (graph != null) recordNode(c);
        seq++;
        PENDING.getAndAdd(this, 1L);
        c.counted = true;
        return c;
    }

    @Override
    public void addRun(GraphNode copy, long lo, long hi) {
        ((CopyNode) copy).addRun(lo, hi);
    }

    /**
     * Brings home the raw data this region placed outside the host, also after failures (what tasks wrote is kept),
     * and drops the replicas of what it made; a nested region leaves them to the region that made them.
     */
    private void writeBackPlaced() {
        List<Directory> ds = placed;
        if (ds == null) return;
        while (!ds.isEmpty()) {
            Directory d = ds.getLast();
            try {
                long t0 = tracer != null ? System.nanoTime() : 0;
                long moved = parent == null ? engine.coherence.writeBack(d, false) : writeBackDeclared(d);
                recordCopy(0, moved, t0, "r" + serial + "_writeback");
            } catch (Throwable e) {
                RUNTIME_FAILURE.compareAndSet(this, null, e);
            }
            try {
                engine.coherence.release(d);
            } catch (Throwable e) {
                RUNTIME_FAILURE.compareAndSet(this, null, e);
            }
            ds.removeLast();
        }
    }

    /**
     * A nested region's write-back: the bytes of {@code d}'s root that its parent task declared, no others (a sibling of
     * the parent may be writing the rest on the host meanwhile).
     */
    private long writeBackDeclared(Directory d) {
        List<long[]> spans = new ArrayList<>();
        AccessRec[] recs = parent.accesses();
        if (recs == null) return 0;
        for (AccessRec r : recs)
            if (r.view.base() == d.root())
                for (int k = 0, n = r.view.spanCount(); k < n; k++) spans.add(new long[]{r.view.spanStart(k), r.view.spanStart(k) + r.view.spanLength(k)});
        if (spans.isEmpty()) return 0;
        spans.sort(BY_START);
        long[] starts = new long[spans.size()], lengths = new long[spans.size()];
        int n = 0;
        for (long[] sp : spans) {                                   // merged: the parent's views may overlap
            if (n > 0 && sp[0] <= starts[n - 1] + lengths[n - 1]) {
                lengths[n - 1] = Math.max(lengths[n - 1], sp[1] - starts[n - 1]);
            } else {
                starts[n] = sp[0];
                lengths[n] = sp[1] - sp[0];
                n++;
            }
        }
        return engine.coherence.writeBack(d, starts, lengths, n);
    }

    private static final Comparator<long[]> BY_START = new ByStart();

    private static final class ByStart implements Comparator<long[]> {
        @Override
        public int compare(long[] a, long[] b) {
            return Long.compare(a[0], b[0]);
        }
    }

    /**
     * Records copies that made {@code bytes} current in space {@code space}: a span on that space's track of the trace
     * (from {@code t0}, if tracing) and a JFR event. Never throws: a failure is the region's.
     */
    void recordCopy(int space, long bytes, long t0, String key) {
        if (bytes == 0 && t0 == 0) return;
        try {
            String to = engine.coherence.space(space).name();
            if (t0 != 0 && bytes > 0)
                tracer.spanOn("memory: " + to, "copy to " + to + " (" + bytes + " bytes)", "copy", t0, System.nanoTime(), key);
            if (RuntimeClasses.jfrEvents && bytes > 0) {
                CopyEvent e = new CopyEvent();
                if (e.shouldCommit()) {
                    e.to = to;
                    e.bytes = bytes;
                    e.region = serial;
                    e.commit();
                }
            }
        } catch (Throwable e) {
            RUNTIME_FAILURE.compareAndSet(this, null, e);
        }
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
        writeBackPlaced();
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
        engine.spawned.add(spawnedHere);
        engine.inlined.add(inlinedHere);
        List<RegionNode> failed = new ArrayList<>(), cancelled = new ArrayList<>();
        for (RegionNode n = reported; n != null; n = n.nextReported) (n.status() == GraphNode.FAILED ? failed : cancelled).add(n);
        engine.failed.add(failed.size());
        engine.cancelled.add(cancelled.size());
        engine.executed.add(spawnedHere - cancelled.size());
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
        if (n instanceof CommitNode cm) {
            if (cm.status() == GraphNode.FAILED)
                return new TaskFailedException(cm.label() + " failed: " + cm.failure(), cm.label(), cm.seq, false, cm.failure());
            return new TaskFailedException(cm.label() + " was cancelled: the renamed writer failed", cm.label(), cm.seq, true, null);
        }
        if (n instanceof CopyNode cp) {
            if (cp.status() == GraphNode.FAILED)
                return new TaskFailedException(cp.label() + " failed: " + cp.failure(), cp.label(), cp.seq, false, cp.failure());
            return new TaskFailedException(cp.label() + " was cancelled: a task that wrote its data failed", cp.label(), cp.seq, true, null);
        }
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

    @Override public Weft runtime() { return engine.facade; }

    private static Object[] a(Object... xs) { return xs; }

    @Override public <R> Task<R> spawn(Fn0<R> fn) { return submit(fn, 0, null, null, plain); }
    @Override public Task<Void> spawn(Proc0 fn) { return submit(fn, 0, null, null, plain); }
    @Override public <A, R> Task<R> spawn(Fn1<A, R> fn, Object a) { return submit(fn, 1, a(a), null, plain); }
    @Override public <A> Task<Void> spawn(Proc1<A> fn, Object a) { return submit(fn, 1, a(a), null, plain); }
    @Override public <A, B, R> Task<R> spawn(Fn2<A, B, R> fn, Object a, Object b) { return submit(fn, 2, a(a, b), null, plain); }
    @Override public <A, B> Task<Void> spawn(Proc2<A, B> fn, Object a, Object b) { return submit(fn, 2, a(a, b), null, plain); }
    @Override public <A, B, C, R> Task<R> spawn(Fn3<A, B, C, R> fn, Object a, Object b, Object c) { return submit(fn, 3, a(a, b, c), null, plain); }
    @Override public <A, B, C> Task<Void> spawn(Proc3<A, B, C> fn, Object a, Object b, Object c) { return submit(fn, 3, a(a, b, c), null, plain); }
    @Override public <A, B, C, D, R> Task<R> spawn(Fn4<A, B, C, D, R> fn, Object a, Object b, Object c, Object d) { return submit(fn, 4, a(a, b, c, d), null, plain); }
    @Override public <A, B, C, D> Task<Void> spawn(Proc4<A, B, C, D> fn, Object a, Object b, Object c, Object d) { return submit(fn, 4, a(a, b, c, d), null, plain); }
    @Override public <A, B, C, D, E, R> Task<R> spawn(Fn5<A, B, C, D, E, R> fn, Object a, Object b, Object c, Object d, Object e) { return submit(fn, 5, a(a, b, c, d, e), null, plain); }
    @Override public <A, B, C, D, E> Task<Void> spawn(Proc5<A, B, C, D, E> fn, Object a, Object b, Object c, Object d, Object e) { return submit(fn, 5, a(a, b, c, d, e), null, plain); }
    @Override public <A, B, C, D, E, F, R> Task<R> spawn(Fn6<A, B, C, D, E, F, R> fn, Object a, Object b, Object c, Object d, Object e, Object f) { return submit(fn, 6, a(a, b, c, d, e, f), null, plain); }
    @Override public <A, B, C, D, E, F> Task<Void> spawn(Proc6<A, B, C, D, E, F> fn, Object a, Object b, Object c, Object d, Object e, Object f) { return submit(fn, 6, a(a, b, c, d, e, f), null, plain); }

    @Override public Task<Void> spawn(Proc0 body, Access... accesses) { return submit(body, 0, null, accessList(body, accesses), plain); }
    @Override public <R> Task<R> spawn(Fn0<R> body, Access... accesses) { return submit(body, 0, null, accessList(body, accesses), plain); }

    /** The access list of a closure spawn: an array that is null itself is a mistake, not "no accesses". */
    private Access[] accessList(Object body, Access[] accesses) {
        if (accesses == null)
            throw new IllegalArgumentException("task #" + (seq + 1) + " '" + (body == null ? "null" : FnInfo.of(body, 0).label)
                    + "': the access list is null; give no accesses, or the accesses the closure makes");
        return accesses;
    }

    @Override
    public Task<Void> prefetch(Object data, MemorySpace space) {
        return placedNoOp(data, space, "prefetch", false);
    }

    @Override
    public Task<Void> move(Object data, MemorySpace space) {
        return placedNoOp(data, space, "move", true);
    }

    /** A task placed on {@code space} that does nothing but make {@code data} current there (and only there, for a move). */
    private Task<Void> placedNoOp(Object data, MemorySpace space, String name, boolean only) {
        java.util.Objects.requireNonNull(space, "memory space");
        Object d = data instanceof Access a ? a.datum() : data;
        if (d == null) throw new IllegalArgumentException(name + "(null, " + space.name() + "): nothing to make current");
        TaskSpec.Options o = new TaskSpec.Options(name, null, 0, 0, space == MemorySpaces.host() ? null : space, false, null, null, 0);
        return submit(NO_OP, 1, a(only ? Access.inOut(d) : Access.in(d)), null, o);
    }

    @Override
    public Task<Void> copy(Object from, Object to) {
        Object f = from instanceof Access a ? a.datum() : from, t = to instanceof Access a ? a.datum() : to;
        for (Object x : new Object[]{f, t})
            if (!UndoLog.restorable(x))
                throw new IllegalArgumentException("copy(" + f + ", " + t + "): a " + (x == null ? "null" : x.getClass().getSimpleName())
                        + " is not an array or a view over array or segment memory");
        long fb = UndoLog.viewOf(f).byteSize(), tb = UndoLog.viewOf(t).byteSize();
        if (fb != tb) throw new IllegalArgumentException("copy(" + f + ", " + t + "): " + fb + " bytes into " + tb + "; both must cover as many bytes");
        return submit(COPY, 2, a(Access.in(f), Access.out(t)), null, new TaskSpec.Options("copy", null, 0, 0, null, false, null, null, 0));
    }

    /** The body of prefetch and move: the copy nodes before it do the work. */
    private static final Proc1<Object> NO_OP = new NoOp();
    /** The body of {@link #copy}. */
    private static final Proc2<Object, Object> COPY = new CopyBytes();

    private static final class NoOp implements Proc1<Object> {
        @Override
        public void run(Object data) {
        }
    }

    private static final class CopyBytes implements Proc2<Object, Object> {
        @Override
        public void run(Object from, Object to) {
            UndoLog.copyBytes(from, to);
        }
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
        private MemorySpace space;
        private MemorySpace[] candidates;
        private final java.util.List<MemorySpace> variantSpaces = new java.util.ArrayList<>(1);
        private final java.util.List<Object> variantFns = new java.util.ArrayList<>(1);
        private boolean atomic = engine.atomicTasks;
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
        public TaskBuilder<R> on(MemorySpace space) {
            this.space = java.util.Objects.requireNonNull(space, "memory space");
            return this;
        }

        @Override
        public TaskBuilder<R> onAny(MemorySpace... spaces) {
            if (spaces.length == 0) throw new IllegalArgumentException("onAny() needs at least one memory space");
            for (MemorySpace s : spaces) java.util.Objects.requireNonNull(s, "memory space");
            this.candidates = spaces.clone();
            return this;
        }

        @Override
        public TaskBuilder<R> variant(MemorySpace space, Object fn) {
            java.util.Objects.requireNonNull(space, "memory space");
            java.util.Objects.requireNonNull(fn, "variant function");
            if (fn.getClass() != this.fn.getClass() && !sameShape(fn))
                throw new IllegalArgumentException("variant for " + space.name() + ": a " + fn.getClass().getSimpleName()
                        + " is not a function of " + arity + " arguments like the task's own");
            variantSpaces.add(space);
            variantFns.add(fn);
            return this;
        }

        /** True if {@code f} is a function of the task's arity (Fn or Proc). */
        private boolean sameShape(Object f) {
            Class<?>[] kinds = switch (arity) {
                case 0 -> new Class<?>[]{Fn0.class, Proc0.class};
                case 1 -> new Class<?>[]{Fn1.class, Proc1.class};
                case 2 -> new Class<?>[]{Fn2.class, Proc2.class};
                case 3 -> new Class<?>[]{Fn3.class, Proc3.class};
                case 4 -> new Class<?>[]{Fn4.class, Proc4.class};
                case 5 -> new Class<?>[]{Fn5.class, Proc5.class};
                default -> new Class<?>[]{Fn6.class, Proc6.class};
            };
            return kinds[0].isInstance(f) || kinds[1].isInstance(f);
        }

        @Override
        public TaskBuilder<R> atomic() {
            this.atomic = true;
            return this;
        }

        private TaskSpec.Options options() {
            if (space == MemorySpaces.host()) space = null;
            MemorySpace[] cands = candidates;
            Object[] vars = null;
            if (!variantSpaces.isEmpty()) {
                if (cands == null) {         // variants alone: choose among them and the task's own space
                    java.util.List<MemorySpace> all = new java.util.ArrayList<>();
                    all.add(space == null ? MemorySpaces.host() : space);
                    for (MemorySpace s : variantSpaces) if (!all.contains(s)) all.add(s);
                    cands = all.toArray(new MemorySpace[0]);
                }
                vars = new Object[cands.length];
                for (int i = 0; i < cands.length; i++) {
                    int k = variantSpaces.indexOf(cands[i]);
                    if (k >= 0) vars[i] = variantFns.get(k);
                }
                for (MemorySpace s : variantSpaces)
                    if (!java.util.Arrays.asList(cands).contains(s))
                        throw new IllegalArgumentException("task '" + (name != null ? name : FnInfo.of(fn, arity).label) + "': a variant for "
                                + s.name() + ", which is not among the spaces it may run in");
            } else if (cands != null) {
                vars = new Object[cands.length];
            }
            if (name == null && priority == 0 && retries == 0 && space == null && cands == null)
                return atomic ? TaskSpec.Options.ATOMIC : TaskSpec.Options.PLAIN;
            return new TaskSpec.Options(name, nameIndices, priority, retries, space, atomic, cands, vars, 0);
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
                return submit(fn, 0, null, accesses, options());
            }
            if (args.length != arity)
                throw new IllegalArgumentException("task '" + label + "' takes " + arity + " arguments; " + args.length + " given");
            spawned = true;
            return submit(fn, arity, args.clone(), null, options());
        }
    }
}
