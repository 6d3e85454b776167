package org.weft;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.inOut;
import static org.weft.Sync.await;

/**
 * Interrupts (issue 9, item 10). A task's interrupt status is its own: an interrupt a task leaves behind, or one
 * aimed at a region's body, never reaches the next task on that worker. Interrupting the thread waiting in
 * {@code region()} cancels the region. Waiting in {@code get()} is not interruptible, keeps the interrupt for the
 * code that waits, and does not spin while the thread is interrupted.
 */
class InterruptTest {

    /** One worker: a task interrupts its own thread and returns; the next task on that worker sleeps undisturbed. */
    @Test
    void anInterruptLeftByATaskDoesNotReachTheNextTask() {
        Watchdog.within(60, "tasks after a self-interrupting task", () -> {
            long[] x = {0};
            AtomicInteger interruptedStarts = new AtomicInteger();
            try (Weft weft = Weft.builder().workers(1).build()) {
                weft.region(r -> {
                    for (int i = 0; i < 50; i++) {
                        r.spawn((long[] a) -> Thread.currentThread().interrupt(), inOut(x));
                        r.spawn((long[] a) -> {
                            if (Thread.currentThread().isInterrupted()) interruptedStarts.incrementAndGet();
                            Thread.sleep(0, 1000);          // throws InterruptedException if the status leaked
                            a[0]++;
                        }, inOut(x));
                    }
                });
            }
            assertEquals(0, interruptedStarts.get());
            assertEquals(50, x[0]);
        });
    }

    /** An interrupt the body leaves on its worker does not leak into the next region's tasks. */
    @Test
    void anInterruptLeftByARegionBodyDoesNotReachTheNextRegion() {
        Watchdog.within(60, "regions after a self-interrupting body", () -> {
            AtomicInteger interruptedTasks = new AtomicInteger();
            try (Weft weft = Weft.builder().workers(1).build()) {
                for (int round = 0; round < 20; round++) {
                    weft.region(r -> Thread.currentThread().interrupt());
                    weft.region(r -> r.spawn(() -> {
                        if (Thread.currentThread().isInterrupted()) interruptedTasks.incrementAndGet();
                    }));
                }
            }
            assertEquals(0, interruptedTasks.get());
        });
    }

    /** Interrupting the caller of region() cancels the region: queued tasks never run, region() throws, the status stays set. */
    @Test
    void interruptingTheCallerCancelsTheRegion() {
        Watchdog.within(60, "an interrupted region caller", () -> {
            try (Weft weft = Weft.builder().workers(2).build()) {
                BlockedRegion region = new BlockedRegion(weft, 10);
                await(region.blockerRunning, "the blocker to start");
                region.caller.interrupt();
                region.caller.join();
                assertInstanceOf(CancellationException.class, region.thrown.get());
                assertEquals(0, region.ranAfterBlocker.get());
                assertTrue(region.callerInterrupted.get(), "region() must leave the interrupt status set");
                long[] y = {0};
                weft.region(r -> r.spawn((long[] a) -> { a[0] = 1; }, inOut(y)));   // the runtime stays usable
                assertEquals(1, y[0]);
            }
        });
    }

    /**
     * get() on an interrupted thread waits without spinning (parking returns at once while the status is set, so a
     * careless wait burns a core) and returns with the status still set. Checked by the waiting thread's CPU
     * time over a wait of a few hundred milliseconds: a spinning wait uses about all of it.
     */
    @Test
    void getOnAnInterruptedThreadDoesNotSpin() {
        Watchdog.within(60, "get() on an interrupted thread", () -> {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            CountDownLatch release = new CountDownLatch(1), waiting = new CountDownLatch(1);
            AtomicLong cpuNanos = new AtomicLong(), wallNanos = new AtomicLong();
            AtomicBoolean statusKept = new AtomicBoolean();
            try (Weft weft = Weft.builder().workers(2).build()) {
                Thread releaser = Thread.ofPlatform().start(() -> {
                    await(waiting, "the body to wait");
                    try {
                        Thread.sleep(400);                 // the length of the measured wait, not a condition of the test
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    release.countDown();
                });
                CountDownLatch slowStarted = new CountDownLatch(1);
                weft.region(r -> {
                    Task<Integer> slow = r.spawn(() -> {
                        slowStarted.countDown();
                        await(release, "release of the slow task");
                        return 1;
                    });
                    Sync.awaitManaged(slowStarted, "the slow task to start on the other worker");
                    Thread.currentThread().interrupt();
                    waiting.countDown();
                    long cpu0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                    slow.get();
                    cpuNanos.set(mx.getCurrentThreadCpuTime() - cpu0);
                    wallNanos.set(System.nanoTime() - t0);
                    statusKept.set(Thread.interrupted());
                });
                releaser.join();
            }
            assertTrue(statusKept.get(), "get() must keep the interrupt status");
            assertTrue(cpuNanos.get() < wallNanos.get() / 4,
                    "the waiting thread used " + cpuNanos.get() / 1_000_000 + " ms of CPU in " + wallNanos.get() / 1_000_000 + " ms: it spun");
        });
    }

    /** The same from a thread outside the runtime. */
    @Test
    void getFromOutsideOnAnInterruptedThreadDoesNotSpin() {
        Watchdog.within(60, "get() from outside on an interrupted thread", () -> {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            CountDownLatch release = new CountDownLatch(1), spawned = new CountDownLatch(1);
            AtomicReference<Task<Integer>> slow = new AtomicReference<>();
            AtomicLong cpuNanos = new AtomicLong(), wallNanos = new AtomicLong();
            AtomicBoolean statusKept = new AtomicBoolean();
            try (Weft weft = Weft.builder().workers(2).build()) {
                Thread outside = Thread.ofPlatform().start(() -> {
                    await(spawned, "the slow task");
                    Thread.currentThread().interrupt();
                    long cpu0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                    slow.get().get();
                    cpuNanos.set(mx.getCurrentThreadCpuTime() - cpu0);
                    wallNanos.set(System.nanoTime() - t0);
                    statusKept.set(Thread.interrupted());
                });
                weft.region(r -> {
                    slow.set(r.spawn(() -> {
                        await(release, "release of the slow task");
                        return 1;
                    }));
                    spawned.countDown();
                    Thread.sleep(400);                     // the length of the measured wait, not a condition of the test
                    release.countDown();
                });
                outside.join();
            }
            assertTrue(statusKept.get());
            assertFalse(cpuNanos.get() >= wallNanos.get() / 4,
                    "the waiting thread used " + cpuNanos.get() / 1_000_000 + " ms of CPU in " + wallNanos.get() / 1_000_000 + " ms: it spun");
        });
    }
}
