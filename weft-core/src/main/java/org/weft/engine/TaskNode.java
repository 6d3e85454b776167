package org.weft.engine;

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
import org.weft.Task;
import org.weft.TaskFailedException;
import org.weft.resolve.FnInfo;

import org.weft.coherence.Coherence;
import org.weft.coherence.Directory;
import org.weft.deps.AccessRec;
import org.weft.memory.MemorySpace;
import org.weft.memory.Processor;
import org.weft.memory.Replica;
import org.weft.deps.CommuteLock;
import org.weft.deps.GraphNode;
import org.weft.deps.Group;
import org.weft.sched.Work;
import org.weft.sched.Worker;
import org.weft.trace.TaskEvent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A spawned task: the function, its arguments, its accesses, and its place in the graph.
 *
 * <p>Arguments are stored as the function will receive them, except for two kinds marked in bit masks and
 * resolved just before the call: {@link Task} arguments (replaced by their results) and reduction arguments
 * (replaced by a private partial of the group). Threads waiting in {@link #get()} are kept on a Treiber stack
 * that completion swaps for a closed marker and unparks.
 *
 * <p><b>Running never throws.</b> What the function throws is the task's failure (after retries, each
 * earlier attempt's exception suppressed in the last one); what the runtime's own code throws around the call
 * (resolving arguments, taking and giving back locks, waiting for weak predecessors) fails the task too, and
 * what tracing throws is recorded as a failure of the region, so every run ends in {@link #complete}. A task
 * starts with a clear interrupt status and leaves its thread's status as it found it, so an interrupt never
 * leaks from one task into the next or into the frame below.
 */
final class TaskNode<T> extends RegionNode implements Task<T> {
    private static final WaitNode CLOSED = new WaitNode(null, null);
    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(TaskNode.class, "waiters", WaitNode.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record WaitNode(Thread thread, WaitNode next) {
    }

    /*
     * The spec is dropped when the task finishes: the access history keeps finished tasks as "last writer" until a
     * later access replaces them, and must not keep their closures and data alive. What is still needed after the
     * end (the label, what the result may alias) is kept beside it.
     */
    private TaskSpec spec;
    final FnInfo info;
    /** The data this task's result may alias (see {@link TaskSpec#resultAliases}), or null; kept after the end. */
    private final Object[] resultAliases;
    CommuteLock[] locks;
    /** True if some access is weak and recorded predecessors (set at spawn, before the node is sealed). */
    boolean hasWeakWaits;
    /** True if some writing access is to data tracked for coherence: its directory learns what was written. */
    boolean hasCoherentWrites;
    /** True if some access was renamed: the task writes a fresh version its commit node installs. */
    boolean hasRenamed;
    /** What the worker was executing when this task started on it: the frame below this one. */
    Object callerFrame;
    /** Where the task was spawned ("Demo.main(Demo.java:42)"), if the runtime captures spawn sites. */
    String spawnSite;
    /** The nested region this task is running the body of, or null; a second one opened from that body is an error. */
    RegionImpl openRegion;
    private final String givenName;
    private final int[] nameIndices;

    private T result;
    private Throwable failure;
    /** True if the failure came from the runtime's own code (the task could not run), not from the function. */
    private boolean runtimeFault;
    /** True once the function was called; a weak parent that inherits a failure is cancelled after running. */
    private boolean ran;
    /** True if an atomic task's failed attempt was undone: what it wrote is not recorded as current anywhere. */
    private boolean undone;
    /** The directories whose replicas in its space this placed task pinned while it runs, and how many. */
    private Directory[] pinned;
    private int pinnedCount;
    /** What a placed task's space handed it while it runs; null for a host task and once it was ended. */
    private Presentation presentation;
    private volatile WaitNode waiters;

    TaskNode(RegionImpl region, long seq, TaskSpec spec) {
        super(region, seq, spec.options.priority());
        this.spec = spec;
        this.info = spec.info;
        this.resultAliases = spec.resultAliases;
        this.givenName = spec.options.name();
        this.nameIndices = spec.options.nameIndices();
    }

    /** Hands the ready task to its space's processor, if it has one, else to the host's workers. */
    @Override
    public void schedule() {
        Processor p = processor();
        if (p == null) super.schedule();
        else p.execute(new OnProcessor(this));
    }

    @Override
    protected boolean runsOnWorkers() {
        return processor() == null;
    }

    /** Who runs this task if not the host's workers (its space's processor), or null; null too once it finished. */
    Processor processor() {
        TaskSpec s = spec;
        return s == null ? null : s.processor;
    }

    /** A ready task as its processor runs it: the task, then what it released, queued on the host's workers. */
    static final class OnProcessor implements Runnable {
        /** The placed task a processor's thread is running, if any: such a task cannot open a region. */
        static final ThreadLocal<TaskNode<?>> RUNNING = new ThreadLocal<>();
        private final TaskNode<?> task;

        OnProcessor(TaskNode<?> task) {
            this.task = task;
        }

        @Override
        public void run() {
            RUNNING.set(task);
            try {
                task.region.scheduler.runHere(task);
            } finally {
                RUNNING.remove();
            }
        }
    }

    /** The task's spec while it has not finished, else null. */
    TaskSpec spec() {
        return spec;
    }

    /** The task's accesses while it has not finished, else null. */
    AccessRec[] accesses() {
        TaskSpec s = spec;
        return s == null ? null : s.accesses;
    }

    Object[] resultAliases() {
        return resultAliases;
    }

    /** Makes this node wait for the tasks passed as its arguments; called by its spawner while registering it. */
    void dependOnTaskArguments() {
        TaskSpec s = spec;
        if (s.taskArgs == 0) return;
        for (int i = 0; i < s.arity; i++) if ((s.taskArgs & (1 << i)) != 0) dependOn((TaskNode<?>) s.args[i]);
    }

    @Override
    protected Work run() {
        if (completing()) return null;          // ended already (abandoned while queued): never run twice
        try {
            if (poisonedBy() != null || region.root.cancellation != null) return complete(CANCELLED);
            if (locks != null && !acquireLocks()) return null;      // queued on the busy lock; rescheduled on its release
        } catch (Throwable e) {
            failure = e;
            runtimeFault = true;
            return complete(FAILED);
        }
        return runBody();
    }

    private Work runBody() {
        Worker w = Thread.currentThread() instanceof Worker ww ? ww : null;
        Object previous = w != null ? w.current : null;
        boolean outerInterrupt = Thread.interrupted();
        TaskEvent ev = null;
        long t0 = 0;
        boolean sample = false;
        Object[] partials = null;
        try {
            if (w != null) {
                callerFrame = previous;
                w.current = this;
            }
            setRunning();
            if (RuntimeClasses.jfrEvents) {
                ev = new TaskEvent();
                ev.begin();
            }
            sample = region.runTimes.sampleNext(info);
            if (sample || region.tracer != null || spec.options.candidates() != null) t0 = System.nanoTime();
            TaskSpec s = spec;
            Object[] a = s.args;
            if ((s.taskArgs | s.reduceArgs) != 0) {
                a = a.clone();
                partials = new Object[a.length];
                for (int i = 0; i < a.length; i++) {
                    if ((s.taskArgs & (1 << i)) != 0) a[i] = argumentFromTask(i, (TaskNode<?>) a[i]);
                    else if ((s.reduceArgs & (1 << i)) != 0) a[i] = partials[i] = reductionOf(i).partials().acquire();
                }
            }
            if (s.space != 0) a = presentedIn(s, a);
            else if (hasCoherentWrites) pinWrittenOnHost(s);
            if (hasRenamed) a = withFreshVersions(s, a);
            ran = true;
            invokeWithRetries(s, a);
            if (hasWeakWaits) awaitWeakPredecessors();
        } catch (Throwable e) {
            if (failure != null && failure != e) e.addSuppressed(failure);
            failure = e;
        } finally {
            if (w != null) w.current = previous;
            if (presentation != null && presentation.count > 0) {
                try {
                    unpresent();            // before the writes are recorded: what the body wrote is in the replica
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                        runtimeFault = true;
                    } else if (failure != e) {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (partials != null) {
                try {
                    releasePartials(partials);
                } catch (Throwable e) {
                    failure = failure != null ? failure : e;
                }
            }
            if (locks != null) {
                try {
                    releaseLocks();
                } catch (Throwable e) {
                    releaseLocks();             // resumes where the throwable cut it short
                }
            }
            Thread.interrupted();
            if (outerInterrupt) Thread.currentThread().interrupt();
        }
        if (presentation != null && (presentation.windows != null || presentation.windowBytes > 0)) {
            try {
                endWindows(ran && !undone);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                    runtimeFault = true;
                } else if (failure != e) {
                    failure.addSuppressed(e);
                }
            }
        }
        presentation = null;
        if (hasCoherentWrites && ran && !undone) {
            try {
                recordWrites(spec);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                    runtimeFault = true;
                }
            }
        }
        if (pinned != null) {
            try {
                unpin();
            } catch (Throwable e) {
                region.runtimeFailure(e);       // the replicas stay pinned: never evicted, nothing waits for them
            }
        }
        record(ev, sample, t0);
        int state = failure == null ? DONE : FAILED;
        if (state == DONE && hasWeakWaits) state = inheritWeakFailure();
        return complete(state);
    }

    /** The arguments with each renamed access's datum replaced by a fresh version, handed to its commit node. */
    private Object[] withFreshVersions(TaskSpec s, Object[] a) {
        Object[] out = a == s.args ? a.clone() : a;
        for (AccessRec r : s.accesses) {
            if (r.renamedTo == null) continue;
            Object fresh = CommitNode.freshLike(out[r.argIndex]);
            ((CommitNode) r.renamedTo).fresh = fresh;
            out[r.argIndex] = fresh;
        }
        return out;
    }

    /** The arguments as the task receives them in its space: each datum rebuilt over that space's replica. */
    private Object[] presentedIn(TaskSpec s, Object[] a) {
        Object[] out = a == s.args ? a.clone() : a;
        Coherence c = region.engine.coherence;
        MemorySpace space = c.space(s.space);
        Directory[] pins = new Directory[s.accesses.length];
        pinned = pins;
        Directory[] dirs = new Directory[s.accesses.length];
        Presentation p = presentation = new Presentation(space, s.accesses.length);
        for (int j = 0; j < dirs.length; j++) {
            Directory d = dirs[j] = c.directory(s.accesses[j].view.base());
            boolean seen = false;
            for (int k = 0; k < pinnedCount; k++) seen |= pins[k] == d;
            if (!seen) {
                c.pin(d, s.space);                  // not evicted while the task uses it
                pins[pinnedCount++] = d;
            }
        }
        long[][] extents = null;            // per access on a root larger than the space: its window, made on the first
        long reserve = 0;
        for (int j = 0; j < dirs.length; j++) {
            if (!c.windowed(dirs[j], s.space)) continue;
            boolean first = true;
            for (int k = 0; k < j; k++) first &= dirs[k] != dirs[j];
            if (!first) continue;
            if (extents == null) extents = new long[dirs.length][];
            long[] e = extents[j] = SpawnResolver.extentOf(s.accesses, dirs[j].root());
            reserve += e[1] - Coherence.windowStart(e[0]);
        }
        if (reserve > 0) {
            c.reserveWindows(s.space, reserve);     // all of the task's windows at once: none is held while waiting
            p.windowBytes = reserve;
        }
        for (int j = 0; j < dirs.length; j++) {
            AccessRec r = s.accesses[j];
            int i = r.argIndex;
            Directory d = dirs[j];
            Replica replica;
            if (c.windowed(d, s.space)) {
                replica = windowFor(c, s, dirs, j, extents);
                if (r.mode != Mode.OUT) fillWindow(c, d, replica, r.view, s.space);
            } else {
                if (r.mode != Mode.OUT) faultIn(c, d, r.view, s.space);
                replica = c.replica(d, s.space);
            }
            out[i] = space.present(replica, out[i], info.params[i]);
            p.add(replica, out[i]);
        }
        return out;
    }

    /**
     * The window of access {@code j}'s root for this task (see {@link Coherence#windowed}): one per root, covering every
     * access of the task to it ({@code extents}, kept at the root's first access), made on the first of them.
     */
    private Replica windowFor(Coherence c, TaskSpec s, Directory[] dirs, int j, long[][] extents) {
        Replica[] windows = presentation.windows;
        if (windows == null) windows = presentation.windows = new Replica[dirs.length];
        for (int k = 0; k < j; k++) {
            if (dirs[k] == dirs[j] && windows[k] != null) return windows[j] = windows[k];
        }
        int first = j;
        for (int k = j - 1; k >= 0; k--) if (dirs[k] == dirs[j]) first = k;
        long[] e = extents[first];
        return windows[j] = c.window(dirs[j], s.space, e[0], e[1]);
    }

    private static void fillWindow(Coherence c, Directory d, Replica w, org.weft.data.View v, int space) {
        int n = v.spanCount();
        long[] starts = new long[n], lengths = new long[n];
        for (int k = 0; k < n; k++) {
            starts[k] = v.spanStart(k);
            lengths[k] = v.spanLength(k);
        }
        c.fillWindow(d, space, w, starts, lengths, n);
    }

    /**
     * Ends this task's windows: copies home what it wrote through them if {@code keep} (it ran and was not undone),
     * which makes the host those bytes' only current space, then frees each window, also after a failure; throws the
     * first throwable.
     */
    private void endWindows(boolean keep) {
        Presentation p = presentation;
        Replica[] ws = p.windows != null ? p.windows : new Replica[0];
        p.windows = null;
        TaskSpec s = spec;
        Coherence c = region.engine.coherence;
        Throwable first = null;
        for (int j = 0; j < ws.length; j++) {
            AccessRec r = s.accesses[j];
            if (ws[j] == null || !keep || !r.mode.writes()) continue;
            org.weft.data.View v = r.view;
            int n = v.spanCount();
            long[] starts = new long[n], lengths = new long[n];
            for (int k = 0; k < n; k++) {
                starts[k] = v.spanStart(k);
                lengths[k] = v.spanLength(k);
            }
            try {
                c.drainWindow(c.directory(v.base()), s.space, ws[j], starts, lengths, n);
            } catch (Throwable e) {
                first = firstOf(first, e);
            }
        }
        for (int j = 0; j < ws.length; j++) {
            boolean seen = false;
            for (int k = 0; k < j; k++) seen |= ws[k] == ws[j];
            if (ws[j] == null || seen) continue;
            try {
                c.freeWindow(ws[j]);
            } catch (Throwable e) {
                first = firstOf(first, e);
            }
        }
        long reserved = p.windowBytes;
        p.windowBytes = 0;
        if (reserved > 0) c.releaseWindows(s.space, reserved);
        throwIfAny(first);
    }

    /**
     * True while this placed task holds what its space presented to it (a mapped device buffer, say). Then a worker
     * waiting inside its body runs nothing on top of it: the space may tie what it presented to the thread (a device
     * command from a thread that holds a mapping fails rather than wait for itself), and a task run there could need
     * what this body holds. Read by the thread that runs the body.
     */
    boolean holdsPresentations() {
        Presentation p = presentation;
        return p != null && p.count > 0;
    }

    /** True while this task holds presentations of a space whose replicas are not host memory (a device). */
    private boolean holdsDeviceMemory() {
        Presentation p = presentation;
        return p != null && p.count > 0 && !p.space.hostAddressable();
    }

    /**
     * Ends every presentation of this placed task (a mapped device buffer is unmapped), also after one of them threw;
     * throws the first throwable.
     */
    private void unpresent() {
        Presentation p = presentation;
        Throwable first = null;
        while (p.count > 0) {
            int k = --p.count;                  // first: never twice, even if what follows is cut short
            try {
                p.space.unpresent((Replica) p.pairs[2 * k], p.pairs[2 * k + 1]);
            } catch (Throwable e) {
                first = firstOf(first, e);
            }
        }
        throwIfAny(first);
    }

    /**
     * Pins the roots a host task writes that have directories, while it runs, so that no eviction writes stale bytes
     * home over what the task writes meanwhile.
     */
    private void pinWrittenOnHost(TaskSpec s) {
        Coherence c = region.engine.coherence;
        Directory[] pins = new Directory[s.accesses.length];
        pinned = pins;
        for (AccessRec r : s.accesses) {
            if (!r.coherent || !r.mode.writes()) continue;
            Directory d = c.directory(r.view.base());
            if (d == null) continue;
            boolean seen = false;
            for (int k = 0; k < pinnedCount; k++) seen |= pins[k] == d;
            if (!seen) {
                c.pin(d, 0);
                pins[pinnedCount++] = d;
            }
        }
    }

    /**
     * Makes the bytes of {@code v} current in space {@code space} if they are not: normally its copy node did (then this
     * finds nothing stale), but an eviction to make room in the space may have dropped them since.
     */
    private static void faultIn(Coherence c, Directory d, org.weft.data.View v, int space) {
        int n = v.spanCount();
        long[] starts = new long[n], lengths = new long[n];
        for (int k = 0; k < n; k++) {
            starts[k] = v.spanStart(k);
            lengths[k] = v.spanLength(k);
        }
        c.bring(d, starts, lengths, n, space);
    }

    /** Lets the replicas this task pinned be evicted again. */
    private void unpin() {
        Directory[] pins = pinned;
        Coherence c = region.engine.coherence;
        int space = spec.space;
        while (pinnedCount > 0) {
            c.unpin(pins[pinnedCount - 1], space);
            pinnedCount--;
        }
        pinned = null;
    }

    /**
     * Records in the directories of tracked data that this task's space now holds the only current bytes of what it
     * wrote; also after a failure, since a task that is not atomic keeps what it wrote.
     */
    private void recordWrites(TaskSpec s) {
        Coherence c = region.engine.coherence;
        for (AccessRec r : s.accesses) {
            if (r.coherent && r.mode.writes() && !(s.space != 0 && c.windowed(c.directory(r.view.base()), s.space)))
                c.written(r.view, s.space);         // a window's writes were recorded when they came home
        }
    }

    private void invokeWithRetries(TaskSpec s, Object[] a) {
        int retries = s.options.retries();
        Undo undo = null;
        if (s.options.atomic()) {
            try {
                undo = saved(s, a);
            } catch (Throwable e) {
                undone = true;                  // the body never ran: nothing it could have written is kept or copied
                runtimeFault = true;
                throw e;
            }
        }
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    result = invoke(s.fn, s.arity, a);
                    failure = null;
                    undone = false;
                    return;
                } catch (Throwable e) {
                    if (failure != null && failure != e) e.addSuppressed(failure);     // keep what earlier attempts threw
                    failure = e;
                    if (undo != null) {
                        undone = true;
                        try {
                            undo.restore(); // a failed attempt leaves nothing behind
                        } catch (Throwable f) {
                            runtimeFault = true;        // it could not be undone: the task fails as the runtime's
                            throw f;
                        }
                    }
                    if (attempt >= retries || e instanceof VirtualMachineError) return;
                }
            }
        } finally {
            if (undo != null) {
                try {
                    undo.discard();
                } catch (Throwable e) {
                    region.runtimeFailure(e);   // the task's outcome stands; what the saved bytes held may be lost
                }
            }
        }
    }

    /**
     * What an atomic task's writing accesses cover, saved before its first attempt: memory the task receives (host
     * arrays, a replica or mapped buffer as memory) in an {@link UndoLog}; a device buffer handed as a handle by its
     * space ({@link MemorySpace#save}).
     */
    private record Undo(UndoLog memory, MemorySpace.Saved[] device, int devices) {
        /** Restores every part, also after one of them threw; throws the first throwable. */
        void restore() {
            Throwable first = null;
            try {
                memory.restore();
            } catch (Throwable e) {
                first = e;
            }
            for (int i = 0; i < devices; i++) {
                try {
                    device[i].restore();
                } catch (Throwable e) {
                    first = firstOf(first, e);
                }
            }
            throwIfAny(first);
        }

        /** Discards every part, also after one of them threw; throws the first throwable. */
        void discard() {
            Throwable first = null;
            for (int i = 0; i < devices; i++) {
                try {
                    device[i].discard();
                } catch (Throwable e) {
                    first = firstOf(first, e);
                }
            }
            throwIfAny(first);
        }
    }

    /** {@code first}, with {@code e} suppressed in it, or {@code e} if there is no first: for steps that all must run. */
    private static Throwable firstOf(Throwable first, Throwable e) {
        if (first == null) return e;
        first.addSuppressed(e);
        return first;
    }

    /** Throws {@code t} (a checked one wrapped), if there is one. */
    private static void throwIfAny(Throwable t) {
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
    }

    private Undo saved(TaskSpec s, Object[] a) {
        Object[] targets = new Object[s.accesses.length];
        int n = 0, nd = 0;
        MemorySpace.Saved[] device = null;
        Presentation p = presentation;
        try {
            for (int j = 0; j < s.accesses.length; j++) {
                AccessRec r = s.accesses[j];
                if (!r.mode.writes()) continue;
                Object t = r.argIndex >= 0 ? a[r.argIndex] : r.datum;
                if (p == null || UndoLog.restorable(t)) {
                    targets[n++] = t;
                    continue;
                }
                if (device == null) device = new MemorySpace.Saved[s.accesses.length];
                MemorySpace.Saved saved = p.space.save((Replica) p.pairs[2 * j], runsOf(r.view));
                if (saved == null)
                    throw new IllegalStateException(p.space.name() + " cannot save what atomic task #" + seq + " '" + label() + "' writes to argument " + r.argIndex);
                device[nd++] = saved;
            }
            return new Undo(UndoLog.save(targets, n), device, nd);
        } catch (Throwable e) {
            for (int i = 0; i < nd; i++) {
                try {
                    device[i].discard();
                } catch (Throwable f) {
                    e.addSuppressed(f);
                }
            }
            throw e;
        }
    }

    /** The spans of {@code v} as sorted, disjoint byte runs. */
    private static org.weft.memory.ByteRuns runsOf(org.weft.data.View v) {
        int n = v.spanCount();
        long[][] spans = new long[n][];
        for (int k = 0; k < n; k++) spans[k] = new long[]{v.spanStart(k), v.spanLength(k)};
        java.util.Arrays.sort(spans, java.util.Comparator.comparingLong(x -> x[0]));
        long[] starts = new long[n], lengths = new long[n];
        int m = 0;
        for (long[] x : spans) {
            if (x[1] <= 0) continue;
            if (m > 0 && starts[m - 1] + lengths[m - 1] >= x[0]) {
                lengths[m - 1] = Math.max(starts[m - 1] + lengths[m - 1], x[0] + x[1]) - starts[m - 1];
            } else {
                starts[m] = x[0];
                lengths[m++] = x[1];
            }
        }
        return new org.weft.memory.ByteRuns(java.util.Arrays.copyOf(starts, m), java.util.Arrays.copyOf(lengths, m));
    }

    /** Run time, trace span and JFR event; a failure here is the region's, not the task's. */
    private void record(TaskEvent ev, boolean sample, long t0) {
        try {
            if (t0 != 0) {
                long t1 = System.nanoTime();
                if (sample) region.runTimes.record(info, t1 - t0);
                TaskSpec s = spec;
                if (s != null && s.options.candidates() != null && failure == null)
                    region.engine.placement.record(info.id, s.space, s.options.sizeClass(), t1 - t0);
                if (region.tracer != null) region.traceSpan(label(), "task", t0, key());
            }
            if (ev != null && ev.shouldCommit()) {
                ev.task = label();
                ev.taskId = seq;
                ev.region = region.serial;
                ev.outcome = failure == null ? "done" : "failed";
                ev.commit();
            }
        } catch (Throwable e) {
            region.runtimeFailure(e);
        }
    }

    private void releasePartials(Object[] partials) {
        for (int i = 0; i < partials.length; i++) {
            if (partials[i] == null) continue;
            try {
                reductionOf(i).partials().release(partials[i]);
            } catch (Throwable e) {
                // the partial is still combined; it is only not reused
            }
        }
    }

    /**
     * Gives back every lock still held; each entry is cleared once given back, so a call cut short by a
     * throwable can be repeated. A release cut short is tried again; if that fails too, the task fails.
     */
    private void releaseLocks() {
        CommuteLock[] ls = locks;
        for (int i = 0; i < ls.length; i++) {
            CommuteLock l = ls[i];
            if (l == null) continue;
            try {
                l.release(this);
            } catch (Throwable e) {
                try {
                    l.release(this);
                } catch (Throwable again) {
                    if (failure == null) {
                        failure = again;
                        runtimeFault = true;
                    }
                }
            }
            ls[i] = null;
        }
    }

    private Object argumentFromTask(int i, TaskNode<?> t) {
        Object v = t.result;
        Class<?> want = info.params[i];
        if (v != null && !want.isInstance(v))
            throw new IllegalArgumentException("task #" + seq + " '" + label() + "' argument " + (i + 1) + ": task #" + t.seq + " '"
                    + t.label() + "' produced a " + v.getClass().getName() + " but the function takes a " + want.getName());
        if (v == null && info.primitive[i])
            throw new IllegalArgumentException("task #" + seq + " '" + label() + "' argument " + (i + 1) + ": task #" + t.seq
                    + " produced null for a primitive parameter");
        return v;
    }

    private Group reductionOf(int argIndex) {
        for (AccessRec r : spec.accesses) if (r.argIndex == argIndex) return r.groups().getFirst();
        throw new IllegalStateException("no reduction access for argument " + argIndex);
    }

    /**
     * A weak access replaces the earlier writers and readers in the access history by this task, so this task
     * must not finish before them even if its children did not touch all of the datum.
     */
    private void awaitWeakPredecessors() {
        for (AccessRec r : spec.accesses) {
            List<GraphNode> preds = r.weakPreds();
            for (int i = 0; i < preds.size(); i++) {
                GraphNode p = preds.get(i);
                if (p.isFinished()) continue;
                region.runTimes.markWaits(info);
                if (p instanceof TaskNode<?> t) t.awaitFinished();
                else region.scheduler.helpUntil(p.whenFinished());
            }
        }
    }

    /**
     * A weak access stands for the writes of its predecessors in the access history: if one of them failed or
     * was cancelled, what depends on this task must be cancelled too, though this task ran.
     */
    private int inheritWeakFailure() {
        try {
            for (AccessRec r : spec.accesses) {
                List<GraphNode> preds = r.weakPreds();
                for (int i = 0; i < preds.size(); i++) {
                    GraphNode p = preds.get(i);
                    if (p.status() != DONE) {
                        poison(p);
                        return CANCELLED;
                    }
                }
            }
            return DONE;
        } catch (Throwable e) {
            failure = e;
            runtimeFault = true;
            return FAILED;
        }
    }

    /** Takes every commutative lock, or none: on a busy lock the task is queued there and the others are given back. */
    private boolean acquireLocks() {
        int taken = 0;
        try {
            while (taken < locks.length && locks[taken].tryAcquire(this)) taken++;
        } finally {
            if (taken < locks.length)
                for (int j = taken - 1; j >= 0; j--) locks[j].release(this);
        }
        return taken == locks.length;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private T invoke(Object f, int arity, Object[] a) throws Exception {
        return (T) switch (arity) {
            case 0 -> { if (f instanceof Fn0 g) yield g.apply(); ((Proc0) f).run(); yield null; }
            case 1 -> { if (f instanceof Fn1 g) yield g.apply(a[0]); ((Proc1) f).run(a[0]); yield null; }
            case 2 -> { if (f instanceof Fn2 g) yield g.apply(a[0], a[1]); ((Proc2) f).run(a[0], a[1]); yield null; }
            case 3 -> { if (f instanceof Fn3 g) yield g.apply(a[0], a[1], a[2]); ((Proc3) f).run(a[0], a[1], a[2]); yield null; }
            case 4 -> { if (f instanceof Fn4 g) yield g.apply(a[0], a[1], a[2], a[3]); ((Proc4) f).run(a[0], a[1], a[2], a[3]); yield null; }
            case 5 -> { if (f instanceof Fn5 g) yield g.apply(a[0], a[1], a[2], a[3], a[4]); ((Proc5) f).run(a[0], a[1], a[2], a[3], a[4]); yield null; }
            case 6 -> { if (f instanceof Fn6 g) yield g.apply(a[0], a[1], a[2], a[3], a[4], a[5]); ((Proc6) f).run(a[0], a[1], a[2], a[3], a[4], a[5]); yield null; }
            default -> throw new IllegalStateException("arity " + arity);
        };
    }

    /** Gives back the locks a cut-short run may still hold, then ends the task (see {@link GraphNode#recover}). */
    @Override
    protected Work recover(Throwable cause) {
        if (locks != null) {
            try {
                releaseLocks();
            } catch (Throwable e) {
                releaseLocks();
            }
        }
        return super.recover(cause);
    }

    @Override
    protected void completed(int state) {
        spec = null;
        WaitNode w = (WaitNode) WAITERS.getAndSet(this, CLOSED);
        for (; w != null && w != CLOSED; w = w.next) LockSupport.unpark(w.thread);
        report(state);
    }

    /** Waits until finished, running other work meanwhile when called on a worker. */
    private void waitForEnd() {
        Worker w = Thread.currentThread() instanceof Worker ww && ww.scheduler() == region.scheduler ? ww : null;
        if (w != null && w.current instanceof TaskNode<?> running && running.holdsDeviceMemory())    // whether or not this one ended
            throw new IllegalStateException("task #" + running.seq + " '" + running.label() + "' runs on " + running.presentation.space.name()
                    + " and holds what it was handed there (a mapped buffer, say) while it runs, so it cannot wait for task #" + seq + " '"
                    + label() + "', which could need it: take that task's result as an argument, so that it runs first");
        if (isFinished()) return;
        if (w != null) {
            String bad = waitsUnderItself(w);
            if (bad != null) throw new IllegalStateException(bad);
            if (w.current instanceof TaskNode<?> running) region.runTimes.markWaits(running.info);
        }
        region.engine.waits.increment();
        long t0 = region.tracer != null ? System.nanoTime() : 0;
        awaitFinished();
        if (t0 != 0) region.traceSpan("wait " + label(), "wait", t0, key());
    }

    /** Registers the calling thread to be unparked on completion and waits, helping, until this task finished. */
    private void awaitFinished() {
        WaitNode head;
        do {
            head = waiters;
            if (head == CLOSED) return;
        } while (!WAITERS.compareAndSet(this, head, new WaitNode(Thread.currentThread(), head)));
        region.scheduler.helpUntil(whenFinished());
    }

    /**
     * Why waiting for this task on worker {@code w} can never end, or null: this task is a frame of the
     * thread's stack, or an ancestor of one (it ends only after its nested region, which holds the waiter).
     */
    private String waitsUnderItself(Worker w) {
        Object f = w.current;
        while (f != null) {
            if (f instanceof TaskNode<?> t) {
                if (t == this) return "task #" + seq + " '" + label() + "' waits for itself";
                if (t.descendsFrom(this))
                    return "task #" + t.seq + " '" + t.label() + "' waits for task #" + seq + " '" + label()
                            + "', which encloses it: that task ends only after its nested region, which holds the waiter";
                f = t.callerFrame;
            } else if (f instanceof RegionImpl r) {
                f = r.callerFrame;
            } else break;
        }
        return null;
    }

    private boolean descendsFrom(TaskNode<?> t) {
        for (RegionImpl r = region; r.parent != null; r = r.parent.region)
            if (r.parent == t) return true;
        return false;
    }

    @Override
    public T get() {
        waitForEnd();
        if (status() == DONE) return result;
        throw failureException();
    }

    @Override
    public State await() {
        waitForEnd();
        return state();
    }

    @Override
    public State state() {
        return switch (status()) {
            case WAITING -> State.WAITING;
            case RUNNING -> State.RUNNING;
            case DONE -> State.DONE;
            case FAILED -> State.FAILED;
            default -> State.CANCELLED;
        };
    }

    /** The exception describing why this task failed or was cancelled. */
    TaskFailedException failureException() {
        if (status() == FAILED) {
            Throwable f = failure != null ? failure : abandonedBecause();
            boolean runtime = runtimeFault || failure == null;
            return new TaskFailedException("task #" + seq + " '" + label() + "'" + where()
                    + (runtime ? " could not run: the runtime failed: " : " failed: ") + f, label(), seq, false, f);
        }
        GraphNode cause = poisonedBy();
        if (cause == null) {
            Throwable why = region.root.cancellation;
            return new TaskFailedException("task #" + seq + " '" + label() + "' was cancelled: its region was cancelled"
                    + (why != null ? " (" + why.getMessage() + ")" : ""), label(), seq, true, why);
        }
        Throwable root = cause instanceof TaskNode<?> t ? t.rootFailure() : cause instanceof CombineNode c ? c.failure()
                : cause instanceof CopyNode cp ? cp.failure() : cause instanceof CommitNode cm ? cm.failure() : null;
        String what = "task #" + cause.seq + " '" + cause.label() + "'" + (cause instanceof RegionNode rn && rn.region != region
                ? " (of another region)" : "");
        String why = ran
                ? " ran, but its weak access stands for the writes of " + what + ", which failed, so what depends on it is cancelled"
                : " was cancelled: it depends on " + what + ", which failed";
        return new TaskFailedException("task #" + seq + " '" + label() + "'" + why, label(), seq, true, root);
    }

    private Throwable rootFailure() {
        return failure != null ? failure : abandonedBecause();
    }

    private String where() {
        String loc;
        try {
            loc = info.location();          // reads a class file: the message does without it if that fails
        } catch (Throwable e) {
            loc = null;
        }
        String fn = loc == null ? "" : info.label + " at " + loc;
        String spawned = spawnSite == null ? "" : "spawned at " + spawnSite;
        if (fn.isEmpty() && spawned.isEmpty()) return "";
        return " (" + fn + (fn.isEmpty() || spawned.isEmpty() ? "" : ", ") + spawned + ")";
    }

    @Override
    public String name() {
        return label();
    }

    @Override
    public long id() {
        return seq;
    }

    @Override
    public String label() {
        if (givenName == null) return info.label;
        int[] ix = nameIndices;
        if (ix == null) return givenName;
        StringBuilder b = new StringBuilder(givenName.length() + 4 * ix.length + 2).append(givenName).append('(');
        for (int i = 0; i < ix.length; i++) (i == 0 ? b : b.append(',')).append(ix[i]);
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return "task #" + seq + " '" + label() + "' " + state();
    }
}
