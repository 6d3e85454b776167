package org.weft;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.inOut;
import static org.weft.Sync.await;
import static org.weft.Sync.staysClosed;

/**
 * The contract of {@link Weft#close()} (issue 9, item 3): close waits for running regions (it used to give up
 * after 10 s, drop the queued tasks and leave the region's caller blocked for ever); interrupting the closing
 * thread cancels them, and their callers get a {@link CancellationException} promptly; close called inside a task
 * returns at once instead of waiting for itself; no region starts after close.
 */
class CloseTest {

    /** 41 tasks, 27 of them queued behind a blocker when close() is called: close waits, and all 41 run. */
    @Test
    void closeWaitsForARunningRegionAndEveryQueuedTaskRuns() {
        Watchdog.within(60, "close during a long region", () -> {
            long[] x = {0};
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch blockerRunning = new CountDownLatch(1), release = new CountDownLatch(1), closeReturned = new CountDownLatch(1);
            AtomicReference<Throwable> regionError = new AtomicReference<>();
            Weft weft = Weft.builder().workers(2).build();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    weft.region(r -> {
                        r.spawn((long[] a) -> {
                            blockerRunning.countDown();
                            await(release, "release of the blocker");
                            ran.incrementAndGet();
                        }, inOut(x));
                        for (int i = 0; i < 40; i++) r.spawn((long[] a) -> { a[0]++; ran.incrementAndGet(); }, inOut(x));
                    });
                } catch (Throwable e) {
                    regionError.set(e);
                }
            });
            await(blockerRunning, "the blocker to start");
            Thread closer = Thread.ofPlatform().start(() -> {
                weft.close();
                closeReturned.countDown();
            });
            assertTrue(staysClosed(closeReturned), "close() returned while a region was still running");
            assertThrows(IllegalStateException.class, () -> weft.region(r -> { }), "a region started after close()");
            release.countDown();
            await(closeReturned, "close() to return once the region ended");
            caller.join();
            closer.join();
            assertNull(regionError.get());
            assertEquals(41, ran.get());
            assertEquals(40, x[0]);
        });
    }

    /**
     * Interrupting the closing thread cancels the running region: tasks not started never run, region() throws.
     * The blocker sees the cancellation the way any task does: a spawn in a cancelled region throws.
     */
    @Test
    void interruptingCloseCancelsTheRunningRegion() {
        Watchdog.within(60, "an interrupted close", () -> {
            AtomicBoolean interruptKept = new AtomicBoolean();
            Weft weft = Weft.builder().workers(2).build();
            BlockedRegion region = new BlockedRegion(weft, 20);
            await(region.blockerRunning, "the blocker to start");
            Thread closer = Thread.ofPlatform().start(() -> {
                weft.close();
                interruptKept.set(Thread.currentThread().isInterrupted());
            });
            closer.interrupt();
            region.caller.join();
            closer.join();
            assertTrue(region.blockerSawCancel.get());
            assertInstanceOf(CancellationException.class, region.thrown.get());
            assertEquals(0, region.ranAfterBlocker.get(), "tasks queued behind the blocker must be cancelled, not run");
            assertTrue(interruptKept.get(), "close() must restore the interrupt status");
        });
    }

    /** close() inside a task cannot wait for its own region: it returns, the region completes, then the workers stop. */
    @Test
    void closeInsideATaskReturnsAtOnceAndTheRegionCompletes() {
        Watchdog.within(60, "close inside a task", () -> {
            long[] x = {0};
            Weft weft = Weft.builder().workers(2).build();
            weft.region(r -> {
                r.spawn((long[] a) -> { weft.close(); a[0] = 1; }, inOut(x));
                for (int i = 0; i < 10; i++) r.spawn((long[] a) -> { a[0] *= 2; }, inOut(x));
            });
            assertEquals(1024, x[0]);
            assertThrows(IllegalStateException.class, () -> weft.region(r -> { }));
            weft.close();           // a second close from outside waits for the workers and returns
        });
    }

    /** Nested regions of a running region still work after close(): they belong to work that was accepted. */
    @Test
    void aRunningRegionMayStillOpenNestedRegionsAfterClose() {
        Watchdog.within(60, "nested regions after close", () -> {
            long[] x = {0};
            CountDownLatch closed = new CountDownLatch(1);
            Weft weft = Weft.builder().workers(2).build();
            Thread closer = Thread.ofPlatform().unstarted(weft::close);
            weft.region(r -> {
                r.spawn((long[] a) -> {
                    closer.start();
                    while (closer.getState() != Thread.State.WAITING && closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive())
                        Thread.onSpinWait();
                    closed.countDown();
                    weft.region(inner -> inner.spawn((long[] b) -> { b[0] = 5; }, inOut(a)));
                }, inOut(x));
            });
            closer.join();
            assertEquals(0, closed.getCount());
            assertEquals(5, x[0]);
            assertFalse(closer.isAlive());
        });
    }
}
