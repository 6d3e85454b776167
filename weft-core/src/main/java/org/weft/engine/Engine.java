package org.weft.engine;

import org.weft.Mode;
import org.weft.RegionBody;
import org.weft.Stats;
import org.weft.Weft;
import org.weft.WeftException;
import org.weft.Shared;
import org.weft.coherence.Coherence;
import org.weft.coherence.Directory;
import org.weft.memory.MemoryStats;
import org.weft.resolve.FnInfo;
import org.weft.resolve.Links;
import org.weft.resolve.MethodKey;
import org.weft.resolve.ParamModes;
import org.weft.resolve.Specs;
import org.weft.sched.Headroom;
import org.weft.sched.Scheduler;
import org.weft.sched.Work;
import org.weft.sched.Worker;
import org.weft.spec.Explanation;
import org.weft.spec.SpecPolicy;
import org.weft.trace.GraphRecorder;
import org.weft.trace.Tracer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine behind one {@link Weft} runtime, and the one door from the API into the engine: {@link #start}
 * makes it, and {@code Weft} forwards to it. It owns the workers, the admission policy, the per-runtime
 * measurements and links, the recorders, and the set of running top-level regions; it runs regions (top-level
 * ones as a {@link Body} on a worker while the caller waits, nested ones on the worker running the parent task)
 * and closes the runtime (see {@link Weft#close()} for the contract).
 *
 * <p>Thread-safe: regions may be run from any thread, concurrently.
 */
public final class Engine {
    /** What a runtime is built with: {@link Weft.Builder}'s options, checked there. */
    public record Settings(int workers, int throttle, boolean inlineTiny, boolean spawnSites, SpecPolicy specPolicy,
                           Path trace, Path graph, boolean atomicTasks, long renamingBudget) {
    }

    final Weft facade;
    final Scheduler scheduler;
    final boolean spawnSites;
    final SpecPolicy specPolicy;
    /** True if every task is atomic unless its builder says otherwise. */
    final boolean atomicTasks;
    /** Bytes of fresh versions renamed writers may hold at once; 0: no renaming. */
    final long renamingBudget;
    private final java.util.concurrent.atomic.AtomicLong renamedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong renamedPeak = new java.util.concurrent.atomic.AtomicLong();
    private final LongAdder renames = new LongAdder();
    final Tracer tracer;
    final GraphRecorder graph;
    final RunTimes runTimes = new RunTimes();
    /** Whether a new task is queued, run at once by its spawner, or holds the spawner back. */
    final Admission admission;
    /** What stores what, as far as tasks of this runtime showed (see {@link Links}). */
    final Links links = new Links();
    /** This runtime's memory spaces and where the current bytes of placed data are. */
    final Coherence coherence = new Coherence();
    /** Chooses among candidate spaces, from run times measured in this runtime. */
    final AutoPlacement placement = new AutoPlacement();
    private final Path tracePath, graphPath;
    private volatile boolean closed;
    /** Top-level regions that have started and not ended (a region removes itself at its end). */
    private final Set<RegionImpl> running = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    /** Set by a close() called from a worker: the last region to end stops the workers. */
    private volatile boolean stopWhenIdle;

    final LongAdder spawned = new LongAdder(), executed = new LongAdder(), failed = new LongAdder(),
            cancelled = new LongAdder(), inlined = new LongAdder(), waits = new LongAdder();

    private Engine(Weft facade, Settings s) {
        this.facade = facade;
        this.scheduler = new Scheduler(s.workers());
        this.admission = new Admission(s.throttle(), s.inlineTiny(), runTimes);
        this.spawnSites = s.spawnSites();
        this.specPolicy = s.specPolicy();
        this.atomicTasks = s.atomicTasks();
        this.renamingBudget = s.renamingBudget();
        this.tracePath = s.trace();
        this.graphPath = s.graph();
        this.tracer = s.trace() != null ? new Tracer() : null;
        this.graph = s.graph() != null ? new GraphRecorder() : null;
    }

    /**
     * Starts the engine of runtime {@code facade}: initializes the core's classes (see {@link RuntimeClasses}) and
     * the workers.
     *
     * @throws IllegalStateException if Weft's classes cannot be initialised in this JVM
     */
    public static Engine start(Weft facade, Settings settings) {
        RuntimeClasses.initialize();
        return new Engine(Objects.requireNonNull(facade), settings);
    }

    public int workers() {
        return scheduler.parallelism();
    }

    public Stats stats() {
        return new Stats(spawned.sum(), executed.sum(), failed.sum(), cancelled.sum(), inlined.sum(), waits.sum(), scheduler.steals());
    }

    public MemoryStats memoryStats() {
        return coherence.stats(renames.sum(), renamedPeak.get());
    }

    /** Reserves {@code bytes} of the renaming budget for a fresh version; false if the budget cannot hold them now. */
    boolean reserveRename(long bytes) {
        for (long cur; ; ) {
            cur = renamedBytes.get();
            if (cur + bytes > renamingBudget) return false;
            if (renamedBytes.compareAndSet(cur, cur + bytes)) break;
        }
        renamedPeak.accumulateAndGet(renamedBytes.get(), Math::max);
        renames.increment();
        return true;
    }

    void releaseRename(long bytes) {
        renamedBytes.addAndGet(-bytes);
    }

    /**
     * What a spawn of this engine resolved {@code task} to, while the task has not finished; null after, or for a task
     * Weft did not make. For tests and tools that inspect resolution (the modes raw arguments got).
     */
    public static TaskSpec specOf(org.weft.Task<?> task) {
        return task instanceof TaskNode<?> n ? n.spec() : null;
    }

    /** {@link Weft#share}. */
    public <T> Shared<T> share(T array) {
        java.util.Objects.requireNonNull(array, "array");
        if (!(array instanceof org.weft.data.NativeRoot) && (!array.getClass().isArray() || !array.getClass().getComponentType().isPrimitive()))
            throw new IllegalArgumentException("share(" + array.getClass().getSimpleName() + "): only primitive arrays and registered native roots have replicas");
        boolean[] made = new boolean[1];
        Directory d = coherence.open(array, true, made);
        if (!made[0]) throw new IllegalStateException("share(" + array.getClass().getSimpleName() + "): the array is already shared, or placed by a running region");
        return new SharedArray<>(coherence, array, d);
    }

    /** Runs a region as {@link Weft#region} describes: nested if called inside a task of this runtime. */
    public void region(RegionBody body) {
        Objects.requireNonNull(body, "region body");
        Headroom.check();           // room for the region's end, checked before anything exists to end
        TaskNode<?> onProcessor = TaskNode.OnProcessor.RUNNING.get();
        if (onProcessor != null)
            throw new IllegalStateException("task #" + onProcessor.seq + " '" + onProcessor.label() + "' runs on a memory space's processor "
                    + "and cannot open a region: its data there are replicas the region's tasks could not be ordered against");
        if (Thread.currentThread() instanceof Worker w && w.scheduler() == scheduler) {
            Object cur = w.current;
            if (cur instanceof RegionImpl || (cur instanceof TaskNode<?> t && t.openRegion != null))
                throw new IllegalStateException("region() called inside a region body; spawn a task and open the nested region inside it");
            if (cur instanceof TaskNode<?> parent) {
                TaskSpec ps = parent.spec();
                if (ps != null && ps.space != 0)
                    throw new IllegalStateException("task #" + parent.seq + " '" + parent.label() + "' runs on " + coherence.space(ps.space).name()
                            + " and cannot open a nested region: its data there are replicas the nested tasks could not be ordered against");
                runNested(w, parent, body);
                return;
            }
        }
        runTopLevel(body);
    }

    private void runNested(Worker w, TaskNode<?> parent, RegionBody body) {
        runTimes.markWaits(parent.info);
        RegionImpl r = new RegionImpl(this, parent);
        parent.openRegion = r;
        r.callerFrame = parent;
        try {
            r.run(body);
        } finally {
            parent.openRegion = null;
            w.current = parent;
        }
    }

    private void runTopLevel(RegionBody body) {
        RegionImpl r = new RegionImpl(this, null);
        running.add(r);
        try {
            if (closed) throw new IllegalStateException("this Weft runtime is closed");
            Body top = new Body(r, body, Thread.currentThread());
            scheduler.submit(top);
            while (!top.done) {
                try {
                    awaitBody(top, r);
                } catch (Throwable e) {
                    // whatever cut the wait short, region() must not return while the body runs: wait again
                }
            }
            Throwable error = writeRecordings(top.error);
            if (error instanceof RuntimeException e) throw e;
            if (error instanceof Error e) throw e;
            if (error != null) throw new WeftException("region failed: " + error, error);
        } finally {
            r.ended = true;         // a field, not a call: close() sees it even if what follows is cut short
            ended(r);
        }
    }

    /** True if a top-level region has not ended; drops ended ones whose removal was cut short. */
    private boolean stillRunning() {
        for (Iterator<RegionImpl> it = running.iterator(); it.hasNext(); ) if (it.next().ended) it.remove();
        return !running.isEmpty();
    }

    /** Waits for a top-level body to end; an interrupt cancels its region (once) and is restored afterwards. */
    private static void awaitBody(Body top, RegionImpl r) {
        boolean interrupted = false;
        while (!top.done) {
            LockSupport.parkNanos(top, 100_000_000L);
            if (Thread.interrupted() && !interrupted) {
                interrupted = true;
                r.cancel(new CancellationException("the thread waiting in region() was interrupted"));
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void ended(RegionImpl r) {
        running.remove(r);
        if (closed && running.isEmpty()) {
            if (stopWhenIdle) scheduler.shutdown();
            synchronized (lifecycle) {
                lifecycle.notifyAll();
            }
        }
    }

    /** The body of a top-level region, run on a worker while the calling thread waits. */
    private static final class Body extends Work {
        private final RegionImpl region;
        private final RegionBody body;
        private final Thread caller;
        volatile boolean done;
        Throwable error;

        Body(RegionImpl region, RegionBody body, Thread caller) {
            super(region.serial, 0);
            this.region = region;
            this.body = body;
            this.caller = caller;
        }

        @Override
        protected Work run() {
            Worker w = (Worker) Thread.currentThread();
            Object saved = w.current;
            region.callerFrame = saved;
            w.current = region;
            try {
                region.run(body);
            } catch (Throwable e) {
                error = e;
            } finally {
                w.current = saved;
                Thread.interrupted();       // an interrupt of the body's own making stays with the body
                done = true;                // fields, not calls: nothing can cut the wake-up short
                LockSupport.unpark(caller);
            }
            return null;
        }

        /** A region body never runs on top of a waiting frame: nothing orders it with that frame's tree. */
        @Override
        protected boolean mayRunAbove(Object frame) {
            return false;
        }

        @Override
        public void abandon(Throwable cause) {
            error = cause;
            done = true;
            LockSupport.unpark(caller);
        }

        /** Only the call into run can be cut short here (its own code catches everything): the body never ran. */
        @Override
        protected Work recover(Throwable cause) {
            if (!done) abandon(cause);
            return null;
        }
    }

    /**
     * Writes the trace and graph after a top-level region; a failure to write is suppressed in the region's
     * own failure if it has one, else it becomes the region's failure. Returns the failure to throw.
     */
    private Throwable writeRecordings(Throwable error) {
        try {
            if (tracer != null) tracer.write(tracePath);
            if (graph != null) graph.write(graphPath);
            return error;
        } catch (Throwable e) {
            Throwable w = e instanceof IOException io ? new UncheckedIOException("writing the trace or graph: " + io.getMessage(), io) : e;
            if (error == null) return w;
            error.addSuppressed(w);
            return error;
        }
    }

    /** Closes the runtime as {@link Weft#close()} describes. */
    public void close() {
        closed = true;
        if (scheduler.onWorker()) {
            stopWhenIdle = true;
            if (running.isEmpty()) scheduler.shutdown();
            return;
        }
        boolean interrupted = false;
        synchronized (lifecycle) {
            while (stillRunning()) {
                try {
                    lifecycle.wait(100);
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        interrupted = true;
                        CancellationException why = new CancellationException("the runtime was closed by an interrupted thread");
                        for (RegionImpl r : running) r.cancel(why);
                    }
                }
            }
        }
        scheduler.shutdown();
        boolean stopped = scheduler.awaitTermination(10);
        if (interrupted) Thread.currentThread().interrupt();
        if (!stopped) throw new IllegalStateException("Weft workers did not stop after close():" + scheduler.liveWorkers());
    }

    // ---- specs: process-wide, as the classes they describe are ---------------------------------------

    /** {@link Weft#declare(Class, String, Class[], Mode...)}. */
    public static void declare(Class<?> owner, String name, Class<?>[] parameterTypes, Mode[] modes) {
        Specs.declare(method(owner, name, parameterTypes), modes.clone());
    }

    /** {@code Weft.declare(fn, modes...)} for a function of {@code arity} arguments. */
    public static void declare(Object fn, int arity, Mode[] modes) {
        for (Mode m : modes) Objects.requireNonNull(m, "mode");
        FnInfo info = FnInfo.of(Objects.requireNonNull(fn, "function"), arity);
        MethodKey m = info.method();
        if (m.name().startsWith("lambda$"))
            throw new IllegalArgumentException("declare(...) takes a method reference, not a lambda (" + info.label + "); a lambda's accesses are given at the call");
        Mode[] full = new Mode[m.fullParameterTypes().length];
        System.arraycopy(modes, 0, full, full.length - arity, arity);
        Specs.declare(m, full);
    }

    /** {@link Weft#explain(Class, String, Class[])}. */
    public static Explanation explain(Class<?> owner, String name, Class<?>[] parameterTypes) {
        MethodKey m = method(owner, name, parameterTypes);
        return ParamModes.of(m, null, m.fullParameterTypes().length).explain(m.label());
    }

    /** {@code Weft.explain(fn)} for a function of {@code arity} arguments. */
    public static Explanation explain(Object fn, int arity) {
        FnInfo info = FnInfo.of(Objects.requireNonNull(fn, "function"), arity);
        MethodKey m = info.method();
        String function = m.name().startsWith("lambda$") ? info.label : m.label();
        if (info.dispatches()) function += " (virtual: the receiver's class selects the implementation)";
        return info.declaredModes().explain(function, fn, info);
    }

    private static MethodKey method(Class<?> owner, String name, Class<?>[] parameterTypes) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        try {
            return MethodKey.of(name.equals("<init>") ? owner.getDeclaredConstructor(parameterTypes) : owner.getDeclaredMethod(name, parameterTypes));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(owner.getName() + " declares no " + name + java.util.Arrays.toString(parameterTypes)
                    .replace('[', '(').replace(']', ')'), e);
        }
    }
}
