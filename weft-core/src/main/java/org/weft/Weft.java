package org.weft;

import org.weft.engine.Engine;
import org.weft.memory.MemoryStats;
import org.weft.spec.Explanation;
import org.weft.spec.SpecPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CancellationException;




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
 *
 * <h2>Lifecycle</h2>
 * {@link #close()} stops accepting new top-level regions, waits for the running ones to finish, then stops
 * the workers. Interrupting the thread waiting in {@code close()} cancels the running regions (their tasks that
 * have not started never run; see {@link #region}) and close keeps waiting for them to end, then restores the
 * interrupt. Called from inside a task or region body of this runtime, {@code close()} cannot wait for the
 * region it runs in: it stops new top-level regions and returns at once, and the workers stop when the last
 * running region ends.
 */
public final class Weft implements AutoCloseable {
    private final Engine engine;

    private Weft(Builder b) {
        this.engine = Engine.start(this, new Engine.Settings(b.workers, b.throttle, b.inlineTiny, b.spawnSites, b.specPolicy, b.trace, b.graph, b.atomicTasks, b.renaming));
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
        return engine.workers();
    }

    /** Counters since creation. */
    public Stats stats() {
        return engine.stats();
    }

    /** Copies and bytes moved between memory spaces since creation, and the bytes of replicas each space holds now. */
    public MemoryStats memoryStats() {
        return engine.memoryStats();
    }

    /**
     * Shares {@code array} (a primitive array) across regions: replicas that tasks placed in other memory spaces
     * ({@link TaskBuilder#on}) make of it stay current there after their region, and its current value comes home
     * only through the handle ({@link Shared#get()}, {@link Shared#acquire}). Tasks keep using the array itself and
     * views over it. Close the handle to make it an ordinary array again.
     *
     * @throws IllegalArgumentException if {@code array} is not a primitive array
     * @throws IllegalStateException    if it is already shared
     */
    public <T> Shared<T> share(T array) {
        return engine.share(array);
    }

    /**
     * Runs a region: {@code body} spawns tasks; returns when it has returned and every task has finished.
     * Throws the first {@link TaskFailedException} (later failures suppressed) if a task failed or was
     * cancelled, or what the body threw (unchecked exceptions as they are, checked ones in a
     * {@link WeftException}); in every case only after all spawned tasks have finished or been cancelled.
     *
     * <p>Called inside a task, the region is nested: its tasks may only touch what the task declared.
     * Called inside a region body (outside any task) it is an error: spawn a task and open it there.
     *
     * <p><b>Where the body runs.</b> The body of a top-level region runs on one of the runtime's workers, not on
     * the calling thread, which waits: from a worker the body spawns onto its own work queue and helps run
     * tasks while it waits. So the caller's {@code ThreadLocal}s are not visible in the body (pass what it
     * needs through captured variables), and a body that blocks on something other than Weft (a latch, I/O)
     * holds a worker meanwhile: with one worker, tasks it waits for that way never run. Wait for tasks with
     * {@link Task#get()}, which runs other work meanwhile, or block through
     * {@link java.util.concurrent.ForkJoinPool#managedBlock}, which lets the pool add a worker.
     *
     * <p><b>Interrupts.</b> Interrupting the thread waiting in {@code region()} cancels the region: tasks that
     * have not started are cancelled and never run, further spawns throw {@link CancellationException}, tasks
     * already running finish; then {@code region()} throws {@link CancellationException}, with the interrupt
     * status set. Waiting inside a region ({@link Task#get()}, a nested region) is not interruptible; an
     * interrupt there is kept for the code that waits.
     *
     * @throws IllegalStateException if the runtime is closed (for a top-level region)
     */
    public void region(RegionBody body) {
        engine.region(body);
    }

    /**
     * Runs a region as {@link #region} does and returns what its body returned, once every task has finished:
     * {@code double d = weft.regionResult(r -> r.spawn(Kernels::dot, in(x), in(y)).get());}. A separate name,
     * not an overload of {@code region}: for a lambda such as {@code r -> r.spawn(...)}, which fits both a
     * body with a result and one without, javac could not choose between the two.
     *
     * @throws IllegalStateException if the runtime is closed (for a top-level region)
     */
    public <R> R regionResult(RegionFn<R> body) {
        ResultBody<R> b = new ResultBody<>(Objects.requireNonNull(body, "region body"));
        region(b);
        return b.result;
    }

    /** Keeps what a {@link RegionFn} returned; read after the region ended, which orders it after the write. */
    private static final class ResultBody<R> implements RegionBody {
        private final RegionFn<R> fn;
        R result;

        ResultBody(RegionFn<R> fn) {
            this.fn = fn;
        }

        @Override
        public void run(Region region) throws Exception {
            result = fn.apply(region);
        }
    }

    /**
     * Stops the runtime: no new top-level region may start; waits for the running ones to finish, then for
     * the workers to stop. See the class comment for interrupts and for a call from inside the runtime.
     *
     * @throws IllegalStateException if the workers do not stop within 10 seconds of the last region's end,
     *                               which means a thread of this runtime is stuck outside any region
     */
    @Override
    public void close() {
        engine.close();
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
        Engine.declare(owner, name, parameterTypes, modes);
    }

    private static void declareFor(Object fn, int arity, Mode... modes) {
        Engine.declare(fn, arity, modes);
    }

    /**
     * What raw arguments of a task running {@code fn} get, and why, under {@link SpecPolicy#INFER}: for each
     * parameter its mode, the source (annotation, declaration, inference, precomputed, default) and the
     * reason, for an inferred mode down to the instruction and source line. For a reference to an
     * overridable method it explains the method named; at a spawn the receiver's class may select an override
     * with another spec. For a lambda, each value it captured follows ({@link Explanation#captured()}): the mode a
     * spawn without an access list naming it tracks it with, and why. May analyse bytecode the first time
     * (milliseconds); the answer is cached. Thread-safe.
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

    /**
     * {@link #explain(Fn1)} for a closure that takes no arguments: what a spawn of {@code body} without an access list
     * tracks, each captured value with its mode and reason ({@link Explanation#captured()}).
     */
    public static <R> Explanation explain(Fn0<R> body) { return explainFor(body, 0); }
    /** {@link #explain(Fn0)} for a closure without a result. */
    public static Explanation explain(Proc0 body) { return explainFor(body, 0); }

    /** {@link #explain(Fn1)} for {@code owner.name(parameterTypes)}: every parameter, the receiver first for an instance method. */
    public static Explanation explain(Class<?> owner, String name, Class<?>... parameterTypes) {
        return Engine.explain(owner, name, parameterTypes);
    }

    private static Explanation explainFor(Object fn, int arity) {
        return Engine.explain(fn, arity);
    }

    /** The most workers a runtime can have. */
    public static final int MAX_WORKERS = 32_767;

    /** Options of a runtime. */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private int throttle = 4096;
        private boolean inlineTiny = true;
        private boolean atomicTasks;
        private long renaming;
        private boolean spawnSites;
        private SpecPolicy specPolicy = SpecPolicy.INFER;
        private Path trace, graph;

        private Builder() {
        }

        /** Number of worker threads (default: available processors). */
        public Builder workers(int n) {
            if (n < 1) throw new IllegalArgumentException("workers must be at least 1, not " + n);
            if (n > MAX_WORKERS) throw new IllegalArgumentException("workers must be at most " + MAX_WORKERS + " (the limit of a ForkJoinPool), not " + n);
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
         * Whether every task is atomic ({@link TaskBuilder#atomic()}) without asking (default false): what a task
         * writes is committed only if it returns normally, a failed task leaves its data bit for bit as it was, and a
         * retry starts from that committed value. Costs one copy of each task's written views per run.
         */
        public Builder atomicTasks(boolean atomic) {
            this.atomicTasks = atomic;
            return this;
        }

        /**
         * Renaming (default 0: off): a task's {@code out} argument that would wait for earlier tasks still reading or
         * writing those bytes gets a fresh buffer of the same shape instead, so the task runs at once; what it wrote is
         * installed after those tasks end, so earlier readers see the old value and later tasks the new one. At most
         * {@code budgetBytes} of fresh versions exist at a time; when the budget is short the task waits as without
         * renaming, so memory stays bounded. Applies to whole arrays, array slices and matrices over arrays passed as
         * arguments to host tasks, when no other access of the task touches those bytes; the task receives the fresh
         * buffer (a contiguous slice, a compact matrix), so it must use the view it is given.
         */
        public Builder renaming(long budgetBytes) {
            if (budgetBytes < 0) throw new IllegalArgumentException("renaming budget " + budgetBytes + " is negative");
            this.renaming = budgetBytes;
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

        /**
         * Writes a Perfetto trace JSON of every top-level region to {@code file} when it ends: a track per worker,
         * a slice per task run named as the task ({@code gemm(3,1,2)}), an arrow per dependency. Open it at
         * {@code https://ui.perfetto.dev} (or {@code chrome://tracing}). The file is checked by {@link #build()}:
         * its directory must exist and be writable, and the path must not be a directory.
         */
        public Builder trace(Path file) {
            this.trace = file;
            return this;
        }

        /** Writes the task graph as Graphviz DOT to {@code file} when each top-level region ends; checked as {@link #trace}. */
        public Builder graph(Path file) {
            this.graph = file;
            return this;
        }

        /**
         * Builds the runtime.
         *
         * @throws IllegalArgumentException if a trace or graph file cannot be written
         * @throws IllegalStateException    if Weft's classes cannot be initialised in this JVM
         */
        public Weft build() {
            if (trace != null) checkWritable("trace", trace);
            if (graph != null) checkWritable("graph", graph);
            return new Weft(this);
        }

        private static void checkWritable(String what, Path file) {
            Path abs = file.toAbsolutePath();
            Path dir = abs.getParent();
            String problem = null;
            if (Files.isDirectory(abs)) problem = "it is a directory";
            else if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) problem = dir + " is a file, not a directory";
            else if (dir == null || !Files.isDirectory(dir)) problem = "its directory " + dir + " does not exist";
            else if (Files.exists(abs) ? !Files.isWritable(abs) : !Files.isWritable(dir))
                problem = Files.exists(abs) ? "it is not writable" : "its directory " + dir + " is not writable";
            if (problem != null) throw new IllegalArgumentException("cannot write the " + what + " file " + file + ": " + problem);
        }
    }
}
