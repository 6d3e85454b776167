package org.weft;

import org.weft.spec.Explanation;
import org.weft.spec.SpecPolicy;
import org.weft.sched.Scheduler;
import org.weft.sched.Worker;
import org.weft.trace.GraphRecorder;
import org.weft.trace.Tracer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The Weft runtime: a pool of workers on which {@linkplain #region regions} run their tasks.
 *
 * <pre>{@code
 * try (Weft weft = Weft.create()) {
 *     weft.region(r -> {
 *         r.spawn(Kernels::axpy, val(2.0), in(x), inOut(y));
 *         Task<Double> dot = r.spawn(Kernels::dot, in(x), in(y));
 *         double d = dot.get();
 *         r.spawn(() -> scale(y, d), inOut(y));
 *     });
 * }
 * }</pre>
 *
 * <p>Inside a region the observable result is that of running the tasks one by one in spawn order; tasks
 * whose accesses do not conflict run in parallel. {@link #region} returns when the body has returned and all
 * its tasks have finished. Regions may be opened from any thread, including inside a task (a nested region,
 * whose tasks may touch only what that task declared). Thread-safe.
 */
public final class Weft implements AutoCloseable {
    final Scheduler scheduler;
    final int throttle;
    final boolean inlineTiny;
    final boolean spawnSites;
    final SpecPolicy specPolicy;
    final Tracer tracer;
    final GraphRecorder graph;
    private final Path tracePath, graphPath;
    private volatile boolean closed;

    final LongAdder spawned = new LongAdder(), executed = new LongAdder(), failed = new LongAdder(),
            cancelled = new LongAdder(), inlined = new LongAdder(), waits = new LongAdder();

    private Weft(Builder b) {
        this.scheduler = new Scheduler(b.workers);
        this.throttle = b.throttle;
        this.inlineTiny = b.inlineTiny;
        this.spawnSites = b.spawnSites;
        this.specPolicy = b.specPolicy;
        this.tracePath = b.trace;
        this.graphPath = b.graph;
        this.tracer = b.trace != null ? new Tracer() : null;
        this.graph = b.graph != null ? new GraphRecorder() : null;
    }

    /** A runtime with one worker per available processor and default settings. */
    public static Weft create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of workers. */
    public int workers() {
        return scheduler.parallelism();
    }

    /** Counters since creation. */
    public Stats stats() {
        return new Stats(spawned.sum(), executed.sum(), failed.sum(), cancelled.sum(), inlined.sum(), waits.sum(), scheduler.steals());
    }

    /**
     * Runs a region: {@code body} spawns tasks; returns when it has returned and every task has finished.
     * Throws the first {@link TaskFailedException} (later failures suppressed) if a task failed, or what the
     * body threw (unchecked exceptions as they are, checked ones in a {@link WeftException}); in every case
     * only after all spawned tasks have finished or been cancelled.
     *
     * <p>Called inside a task, the region is nested: its tasks may only touch what the task declared.
     * Called inside a region body (outside any task) it is an error: spawn a task and open it there.
     */
    public void region(RegionBody body) {
        Objects.requireNonNull(body, "region body");
        if (closed) throw new IllegalStateException("this Weft runtime is closed");
        if (Thread.currentThread() instanceof Worker w && w.scheduler() == scheduler) {
            Object cur = w.current;
            if (cur instanceof RegionImpl || (cur instanceof TaskNode<?> t && t.openRegion != null))
                throw new IllegalStateException("region() called inside a region body; spawn a task and open the nested region inside it");
            TaskNode<?> parent = cur instanceof TaskNode<?> t ? t : null;
            try {
                runOn(w, parent, body);
            } finally {
                if (parent == null) writeRecordings();
            }
            return;
        }
        TopLevel top = new TopLevel(body, Thread.currentThread());
        scheduler.execute(top);
        boolean interrupted = false;
        while (!top.done) {
            LockSupport.park(top);
            if (Thread.interrupted()) interrupted = true;     // the region cannot be abandoned; keep the flag for later
        }
        if (interrupted) Thread.currentThread().interrupt();
        writeRecordings();
        if (top.error instanceof RuntimeException e) throw e;
        if (top.error instanceof Error e) throw e;
    }

    /** A top-level region body running on a worker while the calling thread waits. */
    private final class TopLevel implements Runnable {
        private final RegionBody body;
        private final Thread caller;
        volatile boolean done;
        Throwable error;

        TopLevel(RegionBody body, Thread caller) {
            this.body = body;
            this.caller = caller;
        }

        @Override
        public void run() {
            try {
                runOn((Worker) Thread.currentThread(), null, body);
            } catch (Throwable e) {
                error = e;
            } finally {
                done = true;
                LockSupport.unpark(caller);
            }
        }
    }

    /**
     * Runs a region on worker {@code w}: nested in {@code parent}, which stays the worker's current task and
     * records the open region, or at top level, when the region itself is current while its body runs.
     */
    private void runOn(Worker w, TaskNode<?> parent, RegionBody body) {
        RegionImpl r = new RegionImpl(this, parent, w);
        Object saved = w.current;
        r.callerFrame = saved;
        if (parent == null) w.current = r;
        else parent.openRegion = r;
        try {
            r.run(body);
        } finally {
            if (parent != null) parent.openRegion = null;
            w.current = saved;
        }
    }

    private void writeRecordings() {
        try {
            if (tracer != null) tracer.write(tracePath);
            if (graph != null) graph.write(graphPath);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the trace or graph", e);
        }
    }

    /**
     * Stops the workers. Regions still running are given up to 10 seconds to complete; after that the workers
     * are interrupted.
     */
    @Override
    public void close() {
        closed = true;
        scheduler.close();
    }

    // ---- specs ------------------------------------------------------------------------------------

    /**
     * Declares the modes of a method's parameters, for methods that cannot be annotated: a raw argument of a
     * task that runs this method gets the declared mode (a wrapper at the call still wins). Typed by method
     * reference, one mode per argument of the function: {@code Weft.declare(Blas::daxpy, VALUE, IN, INOUT)}.
     * For a bound reference ({@code obj::m}) the receiver's mode is left undeclared. Use the class + name +
     * parameter types form ({@link #declare(Class, String, Class[], Mode...)}) for an overloaded method, whose
     * reference the compiler cannot type by itself. Thread-safe; see that form for the rules.
     */
    public static <A, R> void declare(Fn1<A, R> fn, Mode a) { declareFor(fn, 1, a); }
    public static <A> void declare(Proc1<A> fn, Mode a) { declareFor(fn, 1, a); }
    public static <A, B, R> void declare(Fn2<A, B, R> fn, Mode a, Mode b) { declareFor(fn, 2, a, b); }
    public static <A, B> void declare(Proc2<A, B> fn, Mode a, Mode b) { declareFor(fn, 2, a, b); }
    public static <A, B, C, R> void declare(Fn3<A, B, C, R> fn, Mode a, Mode b, Mode c) { declareFor(fn, 3, a, b, c); }
    public static <A, B, C> void declare(Proc3<A, B, C> fn, Mode a, Mode b, Mode c) { declareFor(fn, 3, a, b, c); }
    public static <A, B, C, D, R> void declare(Fn4<A, B, C, D, R> fn, Mode a, Mode b, Mode c, Mode d) { declareFor(fn, 4, a, b, c, d); }
    public static <A, B, C, D> void declare(Proc4<A, B, C, D> fn, Mode a, Mode b, Mode c, Mode d) { declareFor(fn, 4, a, b, c, d); }
    public static <A, B, C, D, E, R> void declare(Fn5<A, B, C, D, E, R> fn, Mode a, Mode b, Mode c, Mode d, Mode e) { declareFor(fn, 5, a, b, c, d, e); }
    public static <A, B, C, D, E> void declare(Proc5<A, B, C, D, E> fn, Mode a, Mode b, Mode c, Mode d, Mode e) { declareFor(fn, 5, a, b, c, d, e); }
    public static <A, B, C, D, E, F, R> void declare(Fn6<A, B, C, D, E, F, R> fn, Mode a, Mode b, Mode c, Mode d, Mode e, Mode f) { declareFor(fn, 6, a, b, c, d, e, f); }
    public static <A, B, C, D, E, F> void declare(Proc6<A, B, C, D, E, F> fn, Mode a, Mode b, Mode c, Mode d, Mode e, Mode f) { declareFor(fn, 6, a, b, c, d, e, f); }

    /**
     * Declares the modes of the parameters of {@code owner.name(parameterTypes)} ({@code <init>} for a
     * constructor): one per parameter, the receiver first for an instance method; {@code null} leaves a
     * parameter to the policy. The spec belongs to that exact method (one per overload); a method that
     * overrides it and has no declaration of its own uses it too. A later declaration of the same method
     * replaces it; tasks spawned afterwards see it. Modes may be {@code IN}, {@code OUT}, {@code INOUT},
     * {@code COMMUTATIVE}, {@code CONCURRENT} or {@code VALUE} ({@code VALUE} only, for a primitive). Thread-safe.
     *
     * @throws IllegalArgumentException if the class declares no such method, the number of modes is wrong,
     *                                  or a mode cannot apply
     */
    public static void declare(Class<?> owner, String name, Class<?>[] parameterTypes, Mode... modes) {
        Specs.declare(method(owner, name, parameterTypes), modes.clone());
    }

    private static void declareFor(Object fn, int arity, Mode... modes) {
        for (Mode m : modes) Objects.requireNonNull(m, "mode");
        FnInfo info = FnInfo.of(Objects.requireNonNull(fn, "function"), arity);
        MethodKey m = info.method();
        if (m.name().startsWith("lambda$"))
            throw new IllegalArgumentException("declare(...) takes a method reference, not a lambda (" + info.label + "); a lambda's accesses are given at the call");
        Mode[] full = new Mode[m.fullParameterTypes().length];
        System.arraycopy(modes, 0, full, full.length - arity, arity);
        Specs.declare(m, full);
    }

    /**
     * What raw arguments of a task running {@code fn} get, and why, under {@link SpecPolicy#INFER}: for each
     * parameter its mode, the source (annotation, declaration, inference, precomputed, default) and the
     * reason, for an inferred mode down to the instruction and source line. For a reference to an
     * overridable method it explains the method named; at a spawn the receiver's class may select an override
     * with another spec. May analyse bytecode the first time (milliseconds); the answer is cached. Thread-safe.
     */
    public static <A, R> Explanation explain(Fn1<A, R> fn) { return explainFor(fn, 1); }
    public static <A> Explanation explain(Proc1<A> fn) { return explainFor(fn, 1); }
    public static <A, B, R> Explanation explain(Fn2<A, B, R> fn) { return explainFor(fn, 2); }
    public static <A, B> Explanation explain(Proc2<A, B> fn) { return explainFor(fn, 2); }
    public static <A, B, C, R> Explanation explain(Fn3<A, B, C, R> fn) { return explainFor(fn, 3); }
    public static <A, B, C> Explanation explain(Proc3<A, B, C> fn) { return explainFor(fn, 3); }
    public static <A, B, C, D, R> Explanation explain(Fn4<A, B, C, D, R> fn) { return explainFor(fn, 4); }
    public static <A, B, C, D> Explanation explain(Proc4<A, B, C, D> fn) { return explainFor(fn, 4); }
    public static <A, B, C, D, E, R> Explanation explain(Fn5<A, B, C, D, E, R> fn) { return explainFor(fn, 5); }
    public static <A, B, C, D, E> Explanation explain(Proc5<A, B, C, D, E> fn) { return explainFor(fn, 5); }
    public static <A, B, C, D, E, F, R> Explanation explain(Fn6<A, B, C, D, E, F, R> fn) { return explainFor(fn, 6); }
    public static <A, B, C, D, E, F> Explanation explain(Proc6<A, B, C, D, E, F> fn) { return explainFor(fn, 6); }

    /** {@link #explain(Fn1)} for {@code owner.name(parameterTypes)}: every parameter, the receiver first for an instance method. */
    public static Explanation explain(Class<?> owner, String name, Class<?>... parameterTypes) {
        MethodKey m = method(owner, name, parameterTypes);
        return ParamModes.of(m, null, m.fullParameterTypes().length).explain(m.label());
    }

    private static Explanation explainFor(Object fn, int arity) {
        FnInfo info = FnInfo.of(Objects.requireNonNull(fn, "function"), arity);
        MethodKey m = info.method();
        String function = m.name().startsWith("lambda$") ? info.label : m.label();
        if (info.dispatches()) function += " (virtual: the receiver's class selects the implementation)";
        return info.declaredModes().explain(function);
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

    /** Options of a runtime. */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private int throttle = 4096;
        private boolean inlineTiny = true;
        private boolean spawnSites;
        private SpecPolicy specPolicy = SpecPolicy.INFER;
        private Path trace, graph;

        private Builder() {
        }

        /** Number of worker threads (default: available processors). */
        public Builder workers(int n) {
            if (n < 1) throw new IllegalArgumentException("workers must be at least 1, not " + n);
            this.workers = n;
            return this;
        }

        /**
         * Pending tasks per region above which the spawning thread runs tasks instead of queueing more
         * (default 4096). Bounds the memory of a region that spawns millions of tasks.
         */
        public Builder throttle(int pendingLimit) {
            if (pendingLimit < 2) throw new IllegalArgumentException("throttle limit must be at least 2, not " + pendingLimit);
            this.throttle = pendingLimit;
            return this;
        }

        /**
         * Whether a task that is ready when spawned, and whose function has been measured to run in less than
         * a hand-off to another worker costs (about a microsecond), runs at once on the spawning thread
         * (default true, as libgomp runs undeferred tasks). Turn it off if short tasks rendezvous with tasks
         * spawned after them (for instance concurrent-mode tasks that wait for each other).
         */
        public Builder inlineTinyTasks(boolean inline) {
            this.inlineTiny = inline;
            return this;
        }

        /**
         * Records where each task is spawned (the first caller outside Weft), so failures name the spawn call
         * as well as the function (default false: a stack walk per spawn costs about a microsecond). Without
         * it, failures name the task, its function and the source line where the function's code starts.
         */
        public Builder captureSpawnSites(boolean capture) {
            this.spawnSites = capture;
            return this;
        }

        /**
         * What a raw data argument gets when neither a wrapper nor a declared spec gives its mode (default
         * {@link SpecPolicy#INFER}: inferred from the function's bytecode, else INOUT). See {@link org.weft.spec}.
         */
        public Builder specPolicy(SpecPolicy policy) {
            this.specPolicy = Objects.requireNonNull(policy, "spec policy");
            return this;
        }

        /** Writes a Chrome/Perfetto trace JSON of every top-level region to {@code file} when it ends. */
        public Builder trace(Path file) {
            this.trace = file;
            return this;
        }

        /** Writes the task graph as Graphviz DOT to {@code file} when each top-level region ends. */
        public Builder graph(Path file) {
            this.graph = file;
            return this;
        }

        public Weft build() {
            return new Weft(this);
        }
    }
}
