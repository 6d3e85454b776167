package org.weft.sched;

import org.weft.deps.GraphNode;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs ready graph nodes on a {@link ForkJoinPool} of {@link Worker}s.
 *
 * <p><b>How it works.</b> A ready node is wrapped in a tiny {@link ForkJoinTask} and forked: onto the
 * current worker's own deque (LIFO for the owner, stolen FIFO by others) when a worker readies it, onto a
 * submission queue otherwise. Once any node with a non-zero priority has been submitted, every node goes
 * into one shared priority queue instead and a token task is forked; whichever worker runs a token runs the
 * most urgent node queued at that moment, so prioritized work keeps the pool's stealing and wake-up
 * machinery while obeying priorities (priority 0 included). A worker that finishes a node runs the successor
 * it released itself ({@link #runChain}), so a chain stays on one core, unless a queued node is more urgent.
 *
 * <p>Waiting never blocks a worker while there is work: {@link #helpUntil} runs queued or stealable tasks
 * until the condition holds and parks only when there is nothing to run; completions unpark the waiters
 * they concern, and every submit unparks a worker parked there for want of work. Threads outside the
 * pool just park.
 *
 * <p>Helping runs a task on top of the waiting frame, which cannot resume until that task returns. A task
 * that may itself wait for tasks not yet finished (a parent with weak accesses, whose children wait for the
 * weak predecessors, one of which may be the very frame below) must therefore not run there: such a node
 * asks to be {@linkplain #defer deferred} when {@link #helping()} is true; it is resubmitted when the help
 * frame ends, or, if the frame runs out of other work first, handed to the pool while the frame blocks
 * through {@link ForkJoinPool#managedBlock}, which starts a spare worker if every worker is blocked, so the
 * deferred task always finds a thread with a clean stack. Every other ready task only waits, if at all, for
 * tasks spawned inside it, which helping runs.
 */
public final class Scheduler implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ForkJoinPool pool;
    /** Set once a node with a non-zero priority was submitted; from then on every node goes through the queue. */
    private volatile boolean prioritiesInUse;
    private final PriorityBlockingQueue<GraphNode> prioritized = new PriorityBlockingQueue<>(64,
            Comparator.comparingInt((GraphNode n) -> -n.priority).thenComparingLong(n -> n.seq));
    /**
     * Workers parked in {@link #helpUntil} for want of work. The pool wakes its own idle workers when a task
     * is forked, but not these, which park outside it; {@link #submit} wakes them, so that a waiting worker
     * takes new work at once instead of after its park times out (which left one of two cores idle in the
     * tail of every tiled factorization), one helper per submitted task. The count makes the check on submit
     * one volatile read.
     */
    private final Set<Thread> idleHelpers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger idleHelperCount = new AtomicInteger();

    public Scheduler(int workers) {
        int id = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ForkJoinPool(workers, p -> {
            Worker w = new Worker(p, this);
            w.setName("weft-" + id + "-worker-" + threads.getAndIncrement());
            return w;
        }, null, false);
    }

    public int parallelism() {
        return pool.getParallelism();
    }

    public long steals() {
        return pool.getStealCount();
    }

    /** True if the calling thread is a worker of this scheduler. */
    public boolean onWorker() {
        return Thread.currentThread() instanceof Worker w && w.scheduler == this;
    }

    /** Queues a ready node. */
    public void submit(GraphNode n) {
        ForkJoinTask<Void> job;
        if (n.priority != 0 && !prioritiesInUse) prioritiesInUse = true;
        if (prioritiesInUse) {
            prioritized.add(n);
            job = new Token(this);
        } else job = new Job(this, n);
        if (onWorker()) job.fork();
        else pool.execute(job);
        if (idleHelperCount.get() != 0) wakeIdleHelper();
    }

    /** Unparks one worker parked in {@link #helpUntil} for want of work: one task arrived, one helper can take it. */
    private void wakeIdleHelper() {
        for (Thread t : idleHelpers) {
            LockSupport.unpark(t);
            return;
        }
    }

    /**
     * Parks helping worker {@code w} until work may have arrived: registered as idle first and then checking
     * for work once more, so that a submit racing with the registration is not missed. Returns the new
     * idle count (reset to 0 if it found work, which it runs).
     */
    private int parkForWork(Worker w, BooleanSupplier done, int idle) {
        idleHelpers.add(w);
        idleHelperCount.incrementAndGet();
        ForkJoinTask<?> t;
        try {
            t = Job.pollAny();
            if (t == null && !done.getAsBoolean()) LockSupport.parkNanos(this, idle < 64 ? 2_000 : 200_000);
        } finally {
            idleHelperCount.decrementAndGet();
            idleHelpers.remove(w);
        }
        if (t == null) return idle + 1;
        t.quietlyInvoke();
        return 0;
    }

    /** Blocks a worker until {@code done}, letting the pool start a spare worker to keep its parallelism. */
    private static void blockUntil(BooleanSupplier done) {
        try {
            ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                @Override
                public boolean block() {
                    if (!done.getAsBoolean()) LockSupport.parkNanos(100_000);
                    return done.getAsBoolean();
                }

                @Override
                public boolean isReleasable() {
                    return done.getAsBoolean();
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True if the calling thread is a worker running tasks on top of a waiting frame. */
    public static boolean helping() {
        return Thread.currentThread() instanceof Worker w && w.helpDepth > 0;
    }

    /** Sets a ready node aside until the calling worker's innermost help frame ends. Only while {@link #helping()}. */
    public static void defer(GraphNode n) {
        ((Worker) Thread.currentThread()).deferred.add(n);
    }

    /** Runs a task outside of the graph (a region body) on a worker. */
    public void execute(Runnable r) {
        pool.execute(r);
    }

    /** Runs {@code n} on this thread and queues the successor it hands back, if any. */
    public static void runOnly(GraphNode n) {
        GraphNode next = n.execute();
        if (next != null) next.schedule();
    }

    /**
     * Runs {@code n} and then, on this thread, every successor it hands back, unless a queued node has a
     * higher priority than that successor, which is then queued instead.
     */
    public void runChain(GraphNode n) {
        while (n != null) {
            n = n.execute();
            if (n != null && prioritiesInUse) {
                GraphNode top = prioritized.peek();
                if (top != null && top.priority > n.priority) {
                    submit(n);
                    n = null;
                }
            }
        }
    }

    /**
     * Returns once {@code done} holds. On a worker of this scheduler, runs other queued work meanwhile; the
     * caller arranges for the thread to be unparked when {@code done} may have become true.
     */
    public void helpUntil(BooleanSupplier done) {
        if (Thread.currentThread() instanceof Worker w && w.scheduler == this) {
            int mark = w.deferred.size();
            w.helpDepth++;
            try {
                int idle = 0;
                while (!done.getAsBoolean()) {
                    ForkJoinTask<?> t = Job.pollAny();
                    if (t != null) {
                        t.quietlyInvoke();
                        idle = 0;
                    } else if (w.deferred.size() > mark) {
                        // Nothing else to run, and the deferred tasks must not run on this stack: hand them to
                        // the pool and block, so that another worker (a spare one if all are blocked) runs them.
                        while (w.deferred.size() > mark) pool.execute(new Job(this, w.deferred.removeLast()));
                        blockUntil(done);
                    } else {
                        idle = parkForWork(w, done, idle);
                    }
                }
            } finally {
                w.helpDepth--;
                while (w.deferred.size() > mark) submit(w.deferred.removeLast());
            }
        } else {
            while (!done.getAsBoolean()) LockSupport.parkNanos(this, 1_000_000);
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) pool.shutdownNow();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One ready node. */
    static final class Job extends ForkJoinTask<Void> {
        private final Scheduler scheduler;
        private final GraphNode node;

        Job(Scheduler scheduler, GraphNode node) {
            this.scheduler = scheduler;
            this.node = node;
        }

        static ForkJoinTask<?> pollAny() {
            return pollTask();
        }

        @Override public Void getRawResult() { return null; }
        @Override protected void setRawResult(Void v) { }

        @Override
        protected boolean exec() {
            scheduler.runChain(node);
            return true;
        }
    }

    /** Runs the most urgent prioritized node at the time it executes. */
    static final class Token extends ForkJoinTask<Void> {
        private final Scheduler scheduler;

        Token(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override public Void getRawResult() { return null; }
        @Override protected void setRawResult(Void v) { }

        @Override
        protected boolean exec() {
            GraphNode n = scheduler.prioritized.poll();
            if (n != null) scheduler.runChain(n);
            return true;
        }
    }
}
