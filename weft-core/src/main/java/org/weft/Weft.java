package org.weft;

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

    /** Options of a runtime. */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private int throttle = 4096;
        private boolean inlineTiny = true;
        private boolean spawnSites;
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
