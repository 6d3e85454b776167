package org.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Latch and barrier helpers for the behaviour tests: they prove order and concurrency without sleeping and
 * without timing assertions.
 *
 * <ul>
 *   <li>A <b>positive wait</b> ({@link #await(CountDownLatch, String)}, {@link #meet}) waits for something a
 *       correct runtime always makes happen; the timeout ({@link #WAIT_S}) only keeps a broken runtime from
 *       hanging the build.</li>
 *   <li>A <b>negative wait</b> ({@link #staysClosed}) gives a wrongly scheduled task {@link #QUIET_MS} to show
 *       itself by counting a latch down. A correct runtime never counts it down, so the check cannot fail
 *       spuriously; it can only miss a bug that needs longer than that window to appear.</li>
 * </ul>
 * Tasks never throw assertion errors to report a violation (that would turn into a task failure); they add a
 * line to a {@link Problems} list that the test checks after the region.
 */
public final class Sync {
    /** Upper bound of every wait that a correct runtime satisfies. */
    public static final long WAIT_S = 20;
    /** How long a negative check gives a wrongly started task to show up. */
    public static final long QUIET_MS = 150;

    private Sync() {
    }

    /** Waits for {@code latch}; throws AssertionError naming {@code what} if it does not open in {@link #WAIT_S}. */
    public static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(WAIT_S, TimeUnit.SECONDS)) throw new AssertionError("timed out waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    /**
     * {@link #await(CountDownLatch, String)} through {@link ForkJoinPool#managedBlock}, as code that blocks on
     * a pool thread should: the pool may start another worker meanwhile, so a test that blocks several workers
     * this way still leaves the runtime threads to make progress with.
     */
    public static void awaitManaged(CountDownLatch latch, String what) {
        boolean[] timedOut = {false};
        try {
            ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                @Override
                public boolean block() throws InterruptedException {
                    if (!latch.await(WAIT_S, TimeUnit.SECONDS)) timedOut[0] = true;
                    return true;
                }

                @Override
                public boolean isReleasable() {
                    return latch.getCount() == 0;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
        if (timedOut[0]) throw new AssertionError("timed out waiting for " + what);
    }

    /** True if {@code latch} is still closed after {@link #QUIET_MS}: nothing that should not happen happened. */
    public static boolean staysClosed(CountDownLatch latch) {
        try {
            return !latch.await(QUIET_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Waits at {@code barrier} for the other parties; returns false (and records why) if they do not all
     * arrive within {@link #WAIT_S}, which means the parties were not running at the same time.
     */
    public static boolean meet(CyclicBarrier barrier, Problems problems, String who) {
        try {
            barrier.await(WAIT_S, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException | BrokenBarrierException e) {
            problems.add(who + " did not meet the other parties at the barrier: they did not run at the same time");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(who + " interrupted at the barrier");
            return false;
        }
    }

    /** Waits at {@code barrier}; throws AssertionError if the other parties do not arrive within {@link #WAIT_S}. */
    public static void meetOrFail(CyclicBarrier barrier) {
        try {
            barrier.await(WAIT_S, TimeUnit.SECONDS);
        } catch (TimeoutException | BrokenBarrierException e) {
            throw new AssertionError("the parties did not meet: they did not run at the same time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted at the barrier", e);
        }
    }

    /** Violations recorded by tasks, checked by the test once the region is over. */
    public static final class Problems {
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

        public void add(String line) {
            lines.add(line);
        }

        public void check(boolean ok, String lineIfNot) {
            if (!ok) add(lineIfNot);
        }

        public List<String> all() {
            return new ArrayList<>(lines);
        }

        public void assertNone() {
            assertEquals(List.of(), all(), "violations recorded by tasks");
        }
    }
}
