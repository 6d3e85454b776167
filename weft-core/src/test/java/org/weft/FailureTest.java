package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Sync.await;
import static org.weft.Sync.staysClosed;

/**
 * The failure contract (DESIGN §1 "Failure"): a task that throws makes the region throw a
 * {@link TaskFailedException} that names it and carries the original exception; the tasks that depend on it,
 * directly or transitively, are cancelled without running, whether they were spawned before or after it
 * failed; independent tasks still run; the runtime and its counters stay usable; a body that throws still
 * waits for its tasks; {@code retry(n)} re-runs a failing task; with several failures the first by spawn
 * order is thrown and the others are attached as suppressed.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FailureTest {
    private static final int WORKERS = 4;

    private static Proc1<long[]> throwing(RuntimeException e) {
        return a -> {
            throw e;
        };
    }

    @Test
    void regionThrowsTaskFailedExceptionNamingTheTaskWithTheOriginalCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        long[] a = {0};
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> weft.region(r -> r.task(throwing(boom)).name("exploder").spawn(out(a))));
            assertTrue(e.getMessage().contains("exploder"), "message should name the task: " + e.getMessage());
            assertTrue(e.getMessage().contains("FailureTest"), "message should say where the function is: " + e.getMessage());
            assertEquals("exploder", e.taskName());
            assertEquals(1, e.taskId());
            assertFalse(e.cancelled());
            assertSame(boom, e.getCause(), "cause must be the exception the task threw");
        }
    }

    @Test
    void dependentsOfAFailedTaskNeverRunAndAreCancelled() {
        long[] a = {0}, b = {0};
        AtomicBoolean readerRan = new AtomicBoolean(), transitiveRan = new AtomicBoolean();
        CountDownLatch dependentsSpawned = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("boom");
        List<Task<?>> dependents = new ArrayList<>();
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                // The failing writer waits until both dependents exist, so they are linked to it before it fails.
                r.task((long[] x) -> {
                    await(dependentsSpawned, "the dependents to be spawned");
                    throw boom;
                }).name("writer").spawn(out(a));
                dependents.add(r.task((long[] x, long[] y) -> { readerRan.set(true); y[0] = x[0] + 1; }).name("reader").spawn(in(a), out(b)));
                dependents.add(r.task((long[] y) -> { transitiveRan.set(true); }).name("transitive").spawn(in(b)));
                dependentsSpawned.countDown();
            }));
            assertEquals("writer", e.taskName());
            assertSame(boom, e.getCause());
        }
        assertFalse(readerRan.get(), "the direct dependent (RAW) must never run");
        assertFalse(transitiveRan.get(), "the transitive dependent must never run");
        assertArrayEquals(new long[]{0}, b);
        for (Task<?> t : dependents) assertCancelledBecauseOf(t, boom);
    }

    @Test
    void dependentsSpawnedAfterTheTaskFailedAreCancelledToo() {
        long[] a = {0}, b = {0};
        AtomicBoolean readerRan = new AtomicBoolean(), transitiveRan = new AtomicBoolean();
        IllegalStateException boom = new IllegalStateException("boom");
        List<Task<?>> dependents = new ArrayList<>();
        // One worker: join() runs the writer to its very end on the body's thread, so it has certainly completed
        // (successor list closed) when the dependents are spawned.
        try (Weft weft = Weft.builder().workers(1).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                Task<Void> writer = r.task(throwing(boom)).name("writer").spawn(out(a));
                assertEquals(Task.State.FAILED, writer.await());
                dependents.add(r.task((long[] x, long[] y) -> { readerRan.set(true); y[0] = x[0] + 1; }).name("reader").spawn(in(a), out(b)));
                dependents.add(r.task((long[] y) -> { transitiveRan.set(true); }).name("transitive").spawn(in(b)));
            }));
        }
        assertFalse(readerRan.get(), "a task reading the output of a task that already failed must never run");
        assertFalse(transitiveRan.get(), "its dependents must never run either");
        for (Task<?> t : dependents) assertCancelledBecauseOf(t, boom);
    }

    private static void assertCancelledBecauseOf(Task<?> t, Throwable root) {
        assertEquals(Task.State.CANCELLED, t.state(), t.name());
        assertEquals(Task.State.CANCELLED, t.await(), t.name());
        TaskFailedException e = assertThrows(TaskFailedException.class, t::get, t.name());
        assertTrue(e.cancelled(), t.name() + ": get() must report a cancellation");
        assertEquals(t.name(), e.taskName());
        assertTrue(e.getMessage().contains(t.name()) && e.getMessage().contains("writer"),
                "message should name the cancelled task and the failed one: " + e.getMessage());
        assertSame(root, e.getCause(), t.name() + ": cause should be the original failure");
    }

    @Test
    void independentTasksRunToCompletionAfterAFailure() {
        long[] a = {0}, other = {0};
        CountDownLatch independentRunning = new CountDownLatch(1), failed = new CountDownLatch(1);
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                Task<Void> bad = r.task(throwing(new IllegalStateException("boom"))).name("bad").spawn(out(a));
                r.task((long[] o) -> {
                    independentRunning.countDown();
                    await(failed, "the failure");
                    o[0] = 42;
                }).name("independent").spawn(inOut(other));
                // Let another worker take the independent task before joining, so that join() cannot help-run it here.
                await(independentRunning, "the independent task to start");
                bad.await();
                failed.countDown();
                r.spawn((long[] o) -> { o[0] += 1; }, inOut(other));   // spawned after the failure, depends on the independent task
            }));
        }
        assertEquals(43, other[0], "tasks not depending on the failed one must run, before and after the failure");
    }

    @Test
    void runtimeStaysUsableAndStatsCountFailedAndCancelledTasks() {
        long[] a = {0}, b = {0};
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            Stats before = weft.stats();
            assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                r.task(throwing(new IllegalStateException("boom"))).name("bad").spawn(out(a));
                r.spawn((long[] x) -> { }, in(a));
                r.spawn((long[] x) -> { }, inOut(a));
                r.spawn((long[] y) -> { y[0] = 1; }, inOut(b));
            }));
            Stats after = weft.stats();
            assertEquals(4, after.tasks() - before.tasks(), "tasks spawned");
            assertEquals(1, after.failed() - before.failed(), "failed");
            assertEquals(2, after.cancelled() - before.cancelled(), "cancelled");
            assertEquals(2, after.executed() - before.executed(), "executed: the failed task and the independent one");

            long[] c = {0};
            weft.region(r -> {
                for (int i = 0; i < 10; i++) r.spawn((long[] x) -> { x[0]++; }, inOut(c));
                r.spawn((long[] x) -> { x[0]++; }, inOut(a));
            });
            assertEquals(10, c[0], "a region after the failure works");
            assertEquals(1, a[0], "data written by the failed region's dependents can be used again");
            assertEquals(0, weft.stats().failed() - after.failed());
        }
    }

    @Test
    void aBodyThatThrowsWaitsForItsTasksBeforeRethrowing() throws Exception {
        CountDownLatch taskRunning = new CountDownLatch(1), bodyThrowing = new CountDownLatch(1),
                release = new CountDownLatch(1), regionReturned = new CountDownLatch(1);
        AtomicBoolean taskDone = new AtomicBoolean();
        Sync.Problems problems = new Sync.Problems();
        long[] x = {0};
        IllegalArgumentException bodyError = new IllegalArgumentException("body failed");
        // Releases the task only after checking that the region did not return while the task was still running.
        Thread releaser = new Thread(() -> {
            await(bodyThrowing, "the body to throw");
            problems.check(staysClosed(regionReturned), "region returned while a task of its body was still running");
            release.countDown();
        });
        releaser.setDaemon(true);
        releaser.start();
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> weft.region(r -> {
                r.spawn(() -> {
                    taskRunning.countDown();
                    await(release, "release of the task");
                    x[0] = 1;
                    taskDone.set(true);
                }, inOut(x));
                await(taskRunning, "the task to start");
                bodyThrowing.countDown();
                throw bodyError;
            }));
            regionReturned.countDown();
            assertSame(bodyError, thrown, "an unchecked exception of the body is rethrown as it is");
            assertTrue(taskDone.get(), "the task spawned by the body must have finished when region() throws");
            assertEquals(1, x[0]);
        }
        releaser.join(Sync.WAIT_S * 1000);
        problems.assertNone();
    }

    @Test
    void aCheckedExceptionOfTheBodyIsWrappedInWeftException() {
        Exception checked = new Exception("checked");
        try (Weft weft = Weft.builder().workers(2).build()) {
            WeftException e = assertThrows(WeftException.class, () -> weft.region(r -> {
                throw checked;
            }));
            assertSame(checked, e.getCause());
        }
    }

    @Test
    void retryMakesATaskThatFailsTwiceSucceed() {
        AtomicInteger attempts = new AtomicInteger();
        long[] x = {0};
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            AtomicReference<Task<Long>> task = new AtomicReference<>();
            weft.region(r -> task.set(r.task((long[] a) -> {
                if (attempts.incrementAndGet() <= 2) throw new IllegalStateException("transient " + attempts.get());
                a[0] = 5;
                return 99L;
            }).name("flaky").retry(2).spawn(inOut(x))));
            assertEquals(3, attempts.get(), "one run and two retries");
            assertEquals(99L, task.get().get());
            assertEquals(Task.State.DONE, task.get().state());
            assertEquals(5, x[0]);
            assertEquals(0, weft.stats().failed());
        }
    }

    @Test
    void retryIsBounded() {
        AtomicInteger attempts = new AtomicInteger();
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r ->
                    r.task((long[] a) -> {
                        throw new IllegalStateException("attempt " + attempts.incrementAndGet());
                    }).name("flaky").retry(1).spawn(inOut(new long[1]))));
            assertEquals(2, attempts.get(), "retry(1) runs the function at most twice");
            assertEquals("attempt 2", e.getCause().getMessage(), "the last attempt's exception is reported");
        }
    }

    @Test
    void withTwoFailuresTheFirstBySpawnOrderIsThrownAndTheOtherSuppressed() {
        CountDownLatch secondSpawned = new CountDownLatch(1);
        AtomicReference<Task<?>> second = new AtomicReference<>();
        IllegalStateException firstError = new IllegalStateException("first"), secondError = new IllegalStateException("second");
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                // The first task by spawn order fails last in time: it waits until the second has failed.
                r.task((long[] a) -> {
                    await(secondSpawned, "the second task to be spawned");
                    second.get().await();
                    throw firstError;
                }).name("first").spawn(inOut(new long[1]));
                second.set(r.task(throwing(secondError)).name("second").spawn(inOut(new long[1])));
                secondSpawned.countDown();
            }));
            assertEquals("first", e.taskName());
            assertSame(firstError, e.getCause());
            assertEquals(1, e.getSuppressed().length, "the other failure is suppressed");
            TaskFailedException other = assertInstanceOf(TaskFailedException.class, e.getSuppressed()[0]);
            assertEquals("second", other.taskName());
            assertSame(secondError, other.getCause());
        }
    }
}
