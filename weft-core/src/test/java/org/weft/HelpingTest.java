package org.weft;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Sync.awaitManaged;

/**
 * What a waiting thread may run (issue 9, items 1 and 2). A worker that waits helps, running other tasks on top
 * of the waiting frame; a task that needs that frame to finish must never be run there, or the frame can never
 * resume. Each test builds the exact shape of the hang: the waiting frame is F (a task in {@code get()}, or a task
 * at the end of its nested region), a later sibling G waits for Y, and Y reads what F writes. The test's own
 * waits block through {@code managedBlock}, so the only worker left to pick up G is the one waiting in F; before
 * the fix it ran G on top of F, every time.
 */
class HelpingTest {

    /** Item 1: Q, Z (after Q), F (waits on Z), Y (reads what F writes), G (waits on Y); every wait is on an earlier task. */
    @RepeatedTest(5)
    void aTaskWaitingInGetNeverRunsALaterTaskThatNeedsIt() {
        Watchdog.within(30, "Q, Z, F, Y, G on 3 workers", () -> {
            long[] q = {0}, f = {0};
            AtomicReference<Long> gotInG = new AtomicReference<>();
            CountDownLatch releaseQ = new CountDownLatch(1), fWaiting = new CountDownLatch(1), gStarted = new CountDownLatch(1);
            try (Weft weft = Weft.builder().workers(3).build()) {
                weft.region(r -> {
                    r.task((long[] x) -> {
                        awaitManaged(releaseQ, "the body to release Q");
                        x[0] = 41;
                    }).name("Q").spawn(inOut(q));
                    Task<Long> z = r.task((long[] x) -> x[0] + 1).name("Z").spawn(in(q));
                    r.task((long[] x) -> {
                        fWaiting.countDown();
                        x[0] = z.get();
                    }).name("F").spawn(out(f));
                    awaitManaged(fWaiting, "F to wait for Z");
                    Task<Long> y = r.task((long[] x) -> x[0]).name("Y").spawn(in(f));
                    r.task(() -> {
                        gStarted.countDown();
                        gotInG.set(y.get());
                    }).name("G").spawn();
                    awaitManaged(gStarted, "G to start");
                    releaseQ.countDown();
                });
            }
            assertEquals(42, f[0]);
            assertEquals(42L, gotInG.get());
        });
    }

    /**
     * Item 2: task T opens a nested region and waits at its end for its child; a later sibling G waits for Y,
     * which reads what T writes. T's worker must not run G while T's region waits.
     */
    @RepeatedTest(5)
    void aTaskWaitingForItsNestedRegionNeverRunsALaterSiblingThatNeedsIt() {
        Watchdog.within(30, "T with a nested region, Y, G on 3 workers", () -> {
            long[] t = {0};
            AtomicReference<Long> gotInG = new AtomicReference<>();
            CountDownLatch childStarted = new CountDownLatch(1), releaseChild = new CountDownLatch(1),
                    tWaiting = new CountDownLatch(1), gStarted = new CountDownLatch(1);
            try (Weft weft = Weft.builder().workers(3).build()) {
                weft.region(r -> {
                    r.task((long[] x) -> weft.region(inner -> {
                        inner.spawn((long[] c) -> {
                            childStarted.countDown();
                            awaitManaged(releaseChild, "the body to release T's child");
                            c[0] = 7;
                        }, out(x));
                        awaitManaged(childStarted, "T's child to start on another worker");
                        tWaiting.countDown();
                    })).name("T").spawn(out(t));
                    awaitManaged(tWaiting, "T to reach the end of its nested region");
                    Task<Long> y = r.task((long[] x) -> x[0] * 6).name("Y").spawn(in(t));
                    r.task(() -> {
                        gStarted.countDown();
                        gotInG.set(y.get());
                    }).name("G").spawn();
                    awaitManaged(gStarted, "G to start");
                    releaseChild.countDown();
                });
            }
            assertEquals(7, t[0]);
            assertEquals(42L, gotInG.get());
        });
    }

    /**
     * The rule lets a waiting frame run what it may: with one worker, a body that waits for a task runs it itself,
     * and a task that waits for an earlier sibling runs that sibling itself (it comes first in spawn order).
     */
    @Test
    void withOneWorkerAWaitingTaskRunsTheEarlierTaskItWaitsFor() {
        Watchdog.within(30, "a chain of waits on one worker", () -> {
            long[] a = {0};
            try (Weft weft = Weft.builder().workers(1).build()) {
                weft.region(r -> {
                    Task<Long> first = r.spawn((long[] x) -> x[0] = 5, inOut(a));
                    Task<Long> second = r.spawn(() -> first.get() * 2);
                    Task<Long> third = r.spawn(() -> second.get() + first.get());
                    assertEquals(15L, third.get());
                });
            }
        });
    }
}
