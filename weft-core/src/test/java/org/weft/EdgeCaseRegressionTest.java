package org.weft;

import org.weft.engine.InlineTinyTasksTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.commutative;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.reduce;
import static org.weft.Access.weakInOut;

/** Regressions for bugs found in review: each test failed on the code before its fix. */
@Timeout(60)
class EdgeCaseRegressionTest {

    /** A failed reader still cancels a later writer when another reader came between them (pruning kept it). */
    @Test
    void aFailedReaderCancelsALaterWriterWhateverCameBetween() {
        double[] x = new double[4];
        AtomicBoolean writerRan = new AtomicBoolean();
        AtomicReference<Task<Void>> writer = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                Task<?> failing = r.task((Proc0) () -> { throw new IllegalStateException("reader fails"); }).name("failing reader").spawn(in(x));
                failing.await();
                r.spawn(() -> { }, in(x));
                writer.set(r.spawn(() -> writerRan.set(true), inOut(x)));
            }));
        }
        assertEquals(Task.State.CANCELLED, writer.get().state());
        assertTrue(!writerRan.get(), "the writer depends on the failed reader and must not run");
    }

    /** A weak-writing parent does not finish before the writer it replaced in the history, even with no children. */
    @Test
    void aWeakWriterCompletesAfterTheWritersItDisplaced() {
        double[] x = new double[1];
        CountDownLatch neverReleased = new CountDownLatch(1);
        AtomicBoolean readerSawWrite = new AtomicBoolean();
        try (Weft weft = Weft.builder().workers(2).inlineTinyTasks(false).build()) {
            weft.region(r -> {
                r.spawn(() -> {
                    neverReleased.await(300, TimeUnit.MILLISECONDS);   // a slow writer
                    x[0] = 1;
                }, inOut(x));
                r.spawn(() -> { }, weakInOut(x));                       // spawns no children
                r.spawn(() -> readerSawWrite.set(x[0] == 1), in(x));
            });
        }
        assertTrue(readerSawWrite.get(), "the reader ran before the earlier writer finished");
    }

    /** A child of a reduce task may not touch the original datum: the parent only owns a private partial. */
    @Test
    void aReduceAccessDoesNotCoverNestedAccesses() {
        long[] acc = new long[2];
        try (Weft weft = Weft.builder().workers(2).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                Weft w = r.runtime();
                r.spawn((long[] partial) -> w.region(inner -> inner.spawn(() -> { }, in(acc))), reduce(Reduction.longSum(), acc));
            }));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("not covered"), e.getCause().getMessage());
        }
    }

    /** Tiny commutative tasks that find the group's lock taken are still finished when the region returns. */
    @Test
    void tinyCommutativeTasksFinishBeforeTheRegionReturns() {
        for (int round = 0; round < 30; round++) {
            long[] sum = new long[1];
            List<Task<Void>> tasks = new ArrayList<>();
            Proc0 add = () -> sum[0]++;
            try (Weft weft = Weft.builder().workers(2).build()) {
                InlineTinyTasksTest.measured(weft, add, 0, 10);
                weft.region(r -> {
                    for (int i = 0; i < 200; i++) tasks.add(r.spawn(add, commutative(sum)));
                });
            }
            for (Task<Void> t : tasks) assertTrue(t.isDone(), "round " + round + ": " + t + " outlived its region");
            assertEquals(200, sum[0], "round " + round);
        }
    }

    /**
     * Weak accesses stay weak through two levels of nesting: the middle task starts while the outer writer
     * is still running (it releases that writer), and the innermost task, which really writes, waits for it.
     */
    @Test
    void weakAccessesStayWeakThroughTwoLevelsOfNesting() {
        double[] x = new double[1];
        CountDownLatch middleStarted = new CountDownLatch(1);
        AtomicBoolean middleStartedFirst = new AtomicBoolean();
        AtomicBoolean leafSawWriter = new AtomicBoolean();
        try (Weft weft = Weft.builder().workers(2).inlineTinyTasks(false).build()) {
            weft.region(r -> {
                r.spawn(() -> {
                    middleStartedFirst.set(middleStarted.await(5, TimeUnit.SECONDS));
                    x[0] = 1;
                }, inOut(x));
                r.spawn(() -> weft.region(mid -> mid.spawn(() -> {
                    middleStarted.countDown();
                    weft.region(leaf -> leaf.spawn(() -> leafSawWriter.set(x[0] == 1), inOut(x)));
                }, weakInOut(x))), weakInOut(x));
            });
        }
        assertTrue(middleStartedFirst.get(), "the middle task waited for the outer writer instead of starting at once");
        assertTrue(leafSawWriter.get(), "the innermost task ran before the outer writer finished");
    }

    /** With spawn sites captured, a failure names the line of the spawn call in this file. */
    @Test
    void aFailureNamesItsSpawnCallWhenSpawnSitesAreCaptured() {
        double[] x = new double[1];
        try (Weft weft = Weft.builder().workers(2).captureSpawnSites(true).build()) {
            int line = new Throwable().getStackTrace()[0].getLineNumber() + 2;
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r ->
                    r.task((Proc0) () -> { throw new IllegalStateException("boom"); }).name("doomed").spawn(inOut(x))));
            assertTrue(e.getMessage().contains("spawned at EdgeCaseRegressionTest.") && e.getMessage().contains("(EdgeCaseRegressionTest.java:" + line + ")"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("'doomed'"), e.getMessage());
        }
    }
}
