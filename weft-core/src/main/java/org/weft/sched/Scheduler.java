package org.weft.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs ready {@link Work} on a {@link ForkJoinPool} of {@link Worker}s.
 *
 * <p><b>How it works.</b> Ready work is wrapped in a tiny {@link ForkJoinTask} and forked: onto the current
 * worker's own deque (LIFO for the owner, stolen FIFO by others) when a worker readies it, onto a submission
 * queue otherwise. Once any work with a non-zero priority has been submitted, every submission goes into one
 * shared priority queue instead and a token task is forked; whichever worker runs a token runs the most
 * urgent work queued at that moment, so prioritized work keeps the pool's stealing and wake-up machinery
 * while obeying priorities. A worker that finishes work runs the successor it released itself
 * ({@link #runChain}), so a chain stays on one core, unless queued work is more urgent.
 *
 * <p><b>Helping, and what a waiting frame may run.</b> A worker that waits ({@link #helpUntil}: a
 * {@code get()}, the end of a region, a throttled spawn) runs other queued work meanwhile, on top of the
 * waiting frame, which cannot resume until that work returns. Running work W there is safe only if W can
 * never need the frame to finish; otherwise W waits for the frame while the frame waits under W, for ever.
 * Each work says whether it may run above a frame ({@link Work#mayRunAbove}); for tasks the rule is the
 * order of sequential execution (a task may run above a frame if it is a descendant of the frame's task or
 * comes before it in spawn order, so everything it can wait for does too: see {@code SerialOrder}), the
 * leapfrogging rule of Cilk and of ForkJoinPool's own {@code helpJoin}. Work that may not run is set aside
 * (deferred) in an intrusive list of the worker's; it is resubmitted when the frame stops waiting, or, when
 * the frame has nothing else to run, handed back to the pool at once while the frame blocks through
 * {@link ForkJoinPool#managedBlock}, which activates or starts another worker if every worker is blocked,
 * so deferred work always finds a thread. Each frame of a worker's stack therefore needs only the frames
 * above it, never the ones below, and no cycle of waits can form.
 *
 * <p><b>Depth.</b> A worker stacks at most {@link #MAX_HELP_DEPTH} waiting frames; a deeper wait blocks
 * (with the same compensation) instead of helping, so that deep nesting spreads over threads instead of
 * overflowing one stack.
 *
 * <p><b>Failure.</b> Submitting may throw (out of memory, a pool that was shut down); the caller then
 * {@linkplain Work#abandon abandons} the work it holds, which ends it as failed. Everything the scheduler
 * does after work was handed over is best-effort and guarded, so a throwable never loses work.
 *
 * <p><b>Interrupts.</b> Waiting here is not interruptible: an interrupt of a waiting thread is remembered and
 * restored when the wait returns, and never makes a wait spin. Work run while helping starts and ends with
 * its own interrupt status (see the task's run).
 *
 * <p><b>Thread-safety.</b> {@link #submit} and {@link #helpUntil} may be called from any thread; the
 * per-worker state is touched by its own thread only.
 */
public final class Scheduler {
    /** Waiting frames a worker stacks before a further wait blocks instead of helping. */
    public static final int MAX_HELP_DEPTH = 48;
    /** Deferred work a helping frame holds before it hands it back and blocks. */
    private static final int MAX_DEFERRED = 16;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ForkJoinPool pool;
    /** Set once work with a non-zero priority was submitted; from then on every work goes through the queue. */
    private volatile boolean prioritiesInUse;
    private final PriorityBlockingQueue<Work> prioritized = new PriorityBlockingQueue<>(64, new MostUrgentFirst());
    /**
     * The live workers, for waking one parked in {@link #helpUntil} for want of work. The pool wakes its own
     * idle workers when a task is forked, but not these, which park outside it; without the wake-up a waiting
     * worker takes new work only when its park times out, which left one of two cores idle in the tail of
     * every tiled factorization. {@link #parkedHelpers} makes the check on submit one volatile read.
     */
    private volatile Worker[] workers = new Worker[0];
    /** Steals of workers that have stopped. */
    private final AtomicLong retiredSteals = new AtomicLong();
    /**
     * Workers parked in {@link #parkForWork}. Updated through a {@code VarHandle}, which cannot throw: a throwable
     * in the decrement would lose the job the parked worker had just polled.
     */
    private volatile int parkedHelpers;
    private static final VarHandle PARKED_HELPERS;

    static {
        try {
            PARKED_HELPERS = MethodHandles.lookup().findVarHandle(Scheduler.class, "parkedHelpers", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public Scheduler(int workers) {
        this.pool = new ForkJoinPool(workers, new Factory(this, POOLS.incrementAndGet()), null, false);
    }

    private static final class Factory implements ForkJoinPool.ForkJoinWorkerThreadFactory {
        private final Scheduler scheduler;
        private final int id;
        private final AtomicInteger threads = new AtomicInteger();

        Factory(Scheduler scheduler, int id) {
            this.scheduler = scheduler;
            this.id = id;
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            Worker w = new Worker(pool, scheduler);
            w.setName("weft-" + id + "-worker-" + threads.getAndIncrement());
            return w;
        }
    }

    public int parallelism() {
        return pool.getParallelism();
    }

    /**
     * Work that one worker queued and another ran: a task (or combine step) taken from the queue of the worker
     * that made it ready. Work queued from outside the pool (a region's body) and successors a worker runs
     * itself are not steals. Summed over the live workers and those that stopped; a snapshot, not atomic.
     */
    public long steals() {
        long sum = retiredSteals.get();
        for (Worker w : workers) sum += w.steals;
        return sum;
    }

    /** True if the calling thread is a worker of this scheduler. */
    public boolean onWorker() {
        return Thread.currentThread() instanceof Worker w && w.scheduler == this;
    }

    /**
     * Queues ready work. Throws if it cannot (then the work was not queued and the caller still owns it);
     * everything after the hand-over is best-effort.
     */
    public void submit(Work n) {
        n.queuedBy = Thread.currentThread() instanceof Worker w && w.scheduler == this ? w : null;
        if (n.priority != 0 && !prioritiesInUse) prioritiesInUse = true;
        if (prioritiesInUse) {
            Token token = new Token(this);
            prioritized.add(n);
            try {
                push(token);
            } catch (Throwable e) {
                prioritized.remove(n);
                throw e;
            }
        } else {
            push(new Job(this, n));
        }
        try {
            if (parkedHelpers != 0) wakeParkedHelper();
        } catch (Throwable e) {
            // n is queued: a helper that is not woken finds it when its park times out
        }
    }

    private void push(ForkJoinTask<?> job) {
        if (onWorker()) job.fork();
        else pool.execute(job);
    }

    /** Submits {@code n}, or abandons it if it cannot be queued. Never throws. */
    void submitOrAbandon(Work n) {
        try {
            submit(n);
        } catch (Throwable e) {
            n.abandon(e);
        }
    }

    /** Unparks one worker parked in {@link #helpUntil} for want of work: one work arrived, one helper can take it. */
    private void wakeParkedHelper() {
        for (Worker w : workers) {
            if (w.parkedForWork) {
                w.parkedForWork = false;
                LockSupport.unpark(w);
                return;
            }
        }
    }

    synchronized void register(Worker w) {
        try {
            Worker[] ws = Arrays.copyOf(workers, workers.length + 1);
            ws[ws.length - 1] = w;
            workers = ws;
        } catch (Throwable e) {
            // not registered: it is woken by its park timing out instead
        }
    }

    synchronized void unregister(Worker w) {
        retiredSteals.addAndGet(w.steals);
        Worker[] ws = workers;
        for (int i = 0; i < ws.length; i++) {
            if (ws[i] == w) {
                Worker[] shorter = new Worker[ws.length - 1];
                System.arraycopy(ws, 0, shorter, 0, i);
                System.arraycopy(ws, i + 1, shorter, i, ws.length - i - 1);
                workers = shorter;
                return;
            }
        }
    }

    /** True if the calling thread is a worker waiting inside {@link #helpUntil}. */
    public static boolean helping() {
        return Thread.currentThread() instanceof Worker w && w.waitFrame != null;
    }

    /**
     * Runs {@code n} on this thread and queues the successor it hands back, if any. Throws only if the call
     * itself was cut short before {@code n} ran (then the caller still owns {@code n}).
     */
    public void runHere(Work n) {
        Work next = runGuarded(n);
        if (next != null) {
            try {
                submitOrAbandon(next);
            } catch (Throwable e) {
                next.abandon(e);
            }
        }
    }

    /** Runs {@code n}; if a throwable escapes its run, recovers it here, one frame up. */
    private static Work runGuarded(Work n) {
        try {
            return n.run();
        } catch (Throwable e) {
            return n.recover(e);
        }
    }

    /**
     * Runs {@code n} and then, on this thread, every successor it hands back, unless queued work has a higher
     * priority than that successor, which is then queued instead. While the thread helps inside a waiting
     * frame, work that may not run above that frame is deferred instead of run.
     */
    void runChain(Work first) {
        Worker w = (Worker) Thread.currentThread();
        Work n = first;
        while (n != null) {
            Work next = null;
            boolean ran = false;
            try {
                Object frame = w.waitFrame;
                if (frame != null && !mayRunAbove(n, frame)) {
                    n.nextDeferred = w.deferred;
                    w.deferred = n;
                    return;
                }
                ran = true;
                if (n == first && n.queuedBy != w && n.queuedBy != null) w.steals++;
                next = n.run();
                if (next != null && prioritiesInUse && yieldsTo(next)) {
                    submitOrAbandon(next);
                    next = null;
                }
            } catch (Throwable e) {
                // Cut short by the runtime's own code. Keep what is in hand: work not yet run is deferred (always
                // safe), work whose run threw is recovered, and a successor already handed back is run next.
                if (!ran) {
                    n.nextDeferred = w.deferred;
                    w.deferred = n;
                    return;
                }
                if (next == null) next = n.recover(e);
            }
            n = next;
        }
    }

    private static boolean mayRunAbove(Work n, Object frame) {
        try {
            return n.mayRunAbove(frame);
        } catch (Throwable e) {
            return false;       // deferring is always safe
        }
    }

    /** True if queued work is more urgent than {@code n}. */
    private boolean yieldsTo(Work n) {
        try {
            Work top = prioritized.peek();
            return top != null && top.priority > n.priority;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Returns once {@code done} holds; the caller arranges for this thread to be unparked when it may have
     * become true (a timed park covers a lost wake-up). On a worker of this scheduler, runs other queued
     * work meanwhile that may run above the waiting frame (the worker's {@link Worker#current}); elsewhere,
     * or deeper than {@link #MAX_HELP_DEPTH}, it blocks. Not interruptible: an interrupt is remembered and
     * restored on return. Throws only what the runtime's own code throws (an {@link OutOfMemoryError}), never
     * before deferred work is handed back.
     */
    public void helpUntil(BooleanSupplier done) {
        if (done.getAsBoolean()) return;
        Headroom.check();           // room for the ends of the tasks run on top of this frame
        if (!(Thread.currentThread() instanceof Worker w) || w.scheduler != this) {
            parkUntil(done);
            return;
        }
        boolean interrupted = Thread.interrupted();
        Object outerFrame = w.waitFrame;
        Work mark = w.deferred;
        w.waitFrame = w.current;
        w.helpDepth++;
        try {
            if (w.helpDepth > MAX_HELP_DEPTH) interrupted |= block(done);
            else interrupted |= help(w, done, mark);
        } finally {
            w.helpDepth--;
            w.waitFrame = outerFrame;
            try {
                resubmitDeferred(w, mark);
            } catch (Throwable e) {
                resubmitDeferred(w, mark);      // goes on from where the throwable cut it short
            }
            if (interrupted) w.interrupt();
        }
    }

    /** The helping loop; returns true if the thread was interrupted meanwhile. */
    private boolean help(Worker w, BooleanSupplier done, Work mark) {
        boolean interrupted = false;
        int idle = 0, deferred = 0;
        while (!done.getAsBoolean()) {
            ForkJoinTask<?> t = Job.poll();
            if (t == null) {
                if (w.deferred != mark) return interrupted | handOffAndBlock(w, done, mark);
                t = parkForWork(w, done, idle);
                if (Thread.interrupted()) interrupted = true;
                if (t == null) {
                    idle++;
                    continue;
                }
            }
            idle = 0;
            Work before = w.deferred;
            try {
                t.quietlyInvoke();
            } catch (Throwable e) {
                t.quietlyInvoke();              // the call was cut short before the task ran; a task that ran is not run again
            }
            if (w.deferred != before && ++deferred >= MAX_DEFERRED) return interrupted | handOffAndBlock(w, done, mark);
        }
        return interrupted;
    }

    /**
     * What is left may not run on this stack: hands the deferred work to the pool and blocks, so that another
     * worker (a spare one if all are blocked) runs it. Returns true if the thread was interrupted meanwhile.
     */
    private boolean handOffAndBlock(Worker w, BooleanSupplier done, Work mark) {
        resubmitDeferred(w, mark);
        return block(done);
    }

    private void resubmitDeferred(Worker w, Work mark) {
        while (w.deferred != mark) {
            Work n = w.deferred;
            w.deferred = n.nextDeferred;
            n.nextDeferred = null;
            try {
                submitOrAbandon(n);
            } catch (Throwable e) {
                n.abandon(e);
            }
        }
    }

    /**
     * Parks helping worker {@code w} until work may have arrived: flagged as parked first and then checking
     * for work once more, so that a submit racing with the flag is not missed. Returns work found on that
     * second look, else null after parking.
     */
    private ForkJoinTask<?> parkForWork(Worker w, BooleanSupplier done, int idle) {
        w.parkedForWork = true;
        PARKED_HELPERS.getAndAdd(this, 1);
        try {
            ForkJoinTask<?> t = Job.poll();
            if (t == null && !done.getAsBoolean()) LockSupport.parkNanos(this, idle < 64 ? 2_000 : 200_000);
            return t;
        } finally {
            w.parkedForWork = false;
            PARKED_HELPERS.getAndAdd(this, -1);
        }
    }

    /**
     * Returns once {@code done} holds, without running other work: a worker of this scheduler blocks with
     * compensation (the pool keeps its parallelism), any other thread parks. Keeps the interrupt status.
     */
    public void blockUntil(BooleanSupplier done) {
        if (onWorker()) {
            boolean interrupted = Thread.interrupted();
            if (block(done) || interrupted) Thread.currentThread().interrupt();
        } else {
            parkUntil(done);
        }
    }

    /**
     * Blocks a worker until {@code done}, letting the pool activate or start another worker to keep its
     * parallelism. Returns true if the thread was interrupted meanwhile.
     */
    private static boolean block(BooleanSupplier done) {
        Blocker b = new Blocker(done);
        while (!b.isReleasable()) {
            try {
                ForkJoinPool.managedBlock(b);
            } catch (InterruptedException e) {
                // the pool is stopping and cannot compensate: wait without it
                b.interrupted = true;
                while (!b.isReleasable()) b.block();
            }
        }
        return b.interrupted;
    }

    /** Parks a thread that is not a worker until {@code done}, keeping its interrupt status. */
    private static void parkUntil(BooleanSupplier done) {
        boolean interrupted = Thread.interrupted();
        long nanos = 50_000;
        while (!done.getAsBoolean()) {
            LockSupport.parkNanos(done, nanos);
            if (Thread.interrupted()) interrupted = true;
            nanos = Math.min(nanos * 2, 10_000_000);
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Stops accepting work once what is queued has run; see {@link #awaitTermination}. */
    public void shutdown() {
        pool.shutdown();
    }

    /**
     * Waits for the workers to stop after {@link #shutdown}: they stop as soon as they are idle. Returns false
     * if they have not within {@code seconds}. Remembers an interrupt and restores it.
     */
    public boolean awaitTermination(long seconds) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            for (;;) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return pool.isTerminated();
                try {
                    return pool.awaitTermination(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Names of the worker threads still alive, for an error message. */
    public String liveWorkers() {
        StringBuilder b = new StringBuilder();
        for (Worker w : workers) {
            StackTraceElement[] st = w.getStackTrace();
            b.append("\n  ").append(w.getName()).append(st.length > 0 ? " at " + st[0] : "");
        }
        return b.toString();
    }

    private static final class MostUrgentFirst implements Comparator<Work> {
        @Override
        public int compare(Work a, Work b) {
            int c = Integer.compare(b.priority, a.priority);
            return c != 0 ? c : Long.compare(a.seq, b.seq);
        }
    }

    /** Parks until a condition holds, for {@link ForkJoinPool#managedBlock}. */
    private static final class Blocker implements ForkJoinPool.ManagedBlocker {
        private final BooleanSupplier done;
        boolean interrupted;

        Blocker(BooleanSupplier done) {
            this.done = done;
        }

        @Override
        public boolean block() {
            if (!done.getAsBoolean()) LockSupport.parkNanos(this, 1_000_000);
            if (Thread.interrupted()) interrupted = true;
            return done.getAsBoolean();
        }

        @Override
        public boolean isReleasable() {
            return done.getAsBoolean();
        }
    }

    /** One ready work. */
    static final class Job extends ForkJoinTask<Void> {
        private final Scheduler scheduler;
        private final Work work;

        Job(Scheduler scheduler, Work work) {
            this.scheduler = scheduler;
            this.work = work;
        }

        static ForkJoinTask<?> poll() {
            return pollTask();
        }

        @Override public Void getRawResult() { return null; }
        @Override protected void setRawResult(Void v) { }

        @Override
        protected boolean exec() {
            try {
                scheduler.runChain(work);
            } catch (Throwable e) {
                // the call was cut short before the work ran: recovering ends it
                Work next = work.recover(e);
                if (next != null) scheduler.submitOrAbandon(next);
            }
            return true;
        }
    }

    /** Runs the most urgent prioritized work at the time it executes. */
    static final class Token extends ForkJoinTask<Void> {
        private final Scheduler scheduler;

        Token(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override public Void getRawResult() { return null; }
        @Override protected void setRawResult(Void v) { }

        @Override
        protected boolean exec() {
            Work n;
            try {
                n = scheduler.prioritized.poll();
            } catch (Throwable e) {
                // the queue still holds the work this token stood for: stand in again
                try {
                    scheduler.push(new Token(scheduler));
                } catch (Throwable again) {
                    // a second failure in a row: the work runs when a later token finds it
                }
                return true;
            }
            if (n != null) {
                try {
                    scheduler.runChain(n);
                } catch (Throwable e) {
                    Work next = n.recover(e);
                    if (next != null) scheduler.submitOrAbandon(next);
                }
            }
            return true;
        }
    }
}
