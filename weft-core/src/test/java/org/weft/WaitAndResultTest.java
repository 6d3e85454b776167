package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Sync.await;
import static org.weft.Sync.staysClosed;

/**
 * Waiting and results (DESIGN §1 "Dynamic regions", §2 {@code Task}): {@code get()} in a region body returns a
 * task's value while other tasks are still running, so the body can decide what to spawn next; a {@link Task}
 * passed as an argument makes the later task wait for it and receive its value, also along long chains; a
 * waiting thread helps instead of deadlocking, even with one worker; {@code await()} reports the final state;
 * {@code state()} follows the lifecycle; a task that waits for itself gets an error instead of hanging.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitAndResultTest {

    @Test
    void getInTheBodyReturnsTheValueWhileOtherTasksKeepRunning() {
        CountDownLatch blockerRunning = new CountDownLatch(1), release = new CountDownLatch(1);
        long[] x = {0}, y = {0};
        AtomicReference<Task.State> blockerStateAtGet = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(4).build()) {
            weft.region(r -> {
                Task<Void> blocker = r.spawn((long[] a) -> {
                    blockerRunning.countDown();
                    await(release, "release of the blocker");
                    a[0] = 1;
                }, inOut(x));
                await(blockerRunning, "the blocker to start");   // it is on another worker: get() cannot help-run it
                Task<Integer> answer = r.spawn(() -> 6 * 7);
                int v = answer.get();
                blockerStateAtGet.set(blocker.state());
                if (v == 42) r.spawn((long[] a) -> { a[0] = 42; }, out(y));
                else r.spawn((long[] a) -> { a[0] = -1; }, out(y));
                release.countDown();
            });
        }
        assertEquals(Task.State.RUNNING, blockerStateAtGet.get(), "get() must not wait for unrelated tasks");
        assertEquals(42, y[0], "the body spawned according to the value it got");
        assertEquals(1, x[0]);
    }

    @Test
    void aTaskPassedAsArgumentIsWaitedForAndItsValueReceived() {
        CountDownLatch producerRunning = new CountDownLatch(1), release = new CountDownLatch(1), consumerRunning = new CountDownLatch(1);
        AtomicReference<Integer> received = new AtomicReference<>();
        AtomicReference<Task<Integer>> consumer = new AtomicReference<>();
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(4).build()) {
            weft.region(r -> {
                Task<Integer> producer = r.spawn(() -> {
                    producerRunning.countDown();
                    await(release, "release of the producer");
                    return 21;
                });
                await(producerRunning, "the producer to start");
                consumer.set(r.spawn((Integer v) -> {
                    consumerRunning.countDown();
                    received.set(v);
                    return v * 2;
                }, producer));
                problems.check(staysClosed(consumerRunning), "the consumer started before the task it takes as argument finished");
                release.countDown();
            });
        }
        problems.assertNone();
        assertEquals(21, received.get());
        assertEquals(42, consumer.get().get());
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 8})
    void aLongChainOfResultsGivesTheSequentialValue(int workers) {
        int length = 20_000;
        AtomicReference<Task<Long>> last = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(workers).build()) {
            weft.region(r -> {
                Task<Long> prev = r.spawn(() -> 1L);
                for (int i = 0; i < length; i++) prev = r.spawn((Long v) -> (v * 31 + 7) % 1_000_000_007L, prev);
                last.set(prev);
            });
        }
        long expected = 1;
        for (int i = 0; i < length; i++) expected = (expected * 31 + 7) % 1_000_000_007L;
        assertEquals(expected, last.get().get());
    }

    @Test
    void getFromTheBodyWithOneWorkerHelpsInsteadOfDeadlocking() {
        long[] x = {0};
        AtomicReference<Long> seen = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(1).build()) {
            weft.region(r -> {
                for (int i = 0; i < 100; i++) r.spawn((long[] a) -> { a[0]++; }, inOut(x));
                Task<Long> read = r.spawn((long[] a) -> a[0], in(x));
                seen.set(read.get());          // the only worker is this body's: it must run the 101 tasks itself
                r.spawn((long[] a) -> { a[0] *= 2; }, inOut(x));
            });
        }
        assertEquals(100L, seen.get());
        assertEquals(200, x[0]);
    }

    @Test
    void getInsideATaskWithOneWorkerHelpsInsteadOfDeadlocking() {
        AtomicReference<Integer> seen = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(1).build()) {
            weft.region(r -> {
                Task<Integer> early = r.spawn(() -> 5);
                // Spawned last, so the single worker takes it first (LIFO) and must run 'early' inside get().
                r.spawn(() -> seen.set(early.get() + 1));
            });
        }
        assertEquals(6, seen.get());
    }

    @Test
    void awaitReturnsTheFinalStateWithoutThrowing() {
        long[] a = {0}, b = {0};
        AtomicReference<Task.State> ok = new AtomicReference<>(), failed = new AtomicReference<>(), cancelled = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                ok.set(r.spawn((long[] x) -> { x[0] = 1; }, inOut(b)).await());
                Task<Void> bad = r.spawn((long[] x) -> { throw new IllegalStateException("boom"); }, out(a));
                Task<Void> dependent = r.spawn((long[] x) -> { }, in(a));
                failed.set(bad.await());               // await() never throws
                cancelled.set(dependent.await());
            }));
        }
        assertEquals(Task.State.DONE, ok.get());
        assertEquals(Task.State.FAILED, failed.get());
        assertEquals(Task.State.CANCELLED, cancelled.get());
    }

    @Test
    void stateFollowsTheLifecycle() {
        CountDownLatch firstRunning = new CountDownLatch(1), release = new CountDownLatch(1);
        long[] x = {0};
        AtomicReference<Task.State> firstWhileHeld = new AtomicReference<>(), secondWhileHeld = new AtomicReference<>();
        AtomicReference<Task<Void>> first = new AtomicReference<>(), second = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(4).build()) {
            weft.region(r -> {
                first.set(r.spawn((long[] a) -> {
                    firstRunning.countDown();
                    await(release, "release of the first task");
                }, inOut(x)));
                await(firstRunning, "the first task to start");
                second.set(r.spawn((long[] a) -> { a[0] = 1; }, inOut(x)));
                firstWhileHeld.set(first.get().state());
                secondWhileHeld.set(second.get().state());
                release.countDown();
            });
        }
        assertEquals(Task.State.RUNNING, firstWhileHeld.get());
        assertEquals(Task.State.WAITING, secondWhileHeld.get());
        assertEquals(Task.State.DONE, first.get().state());
        assertEquals(Task.State.DONE, second.get().state());
        assertTrue(second.get().isDone());
    }

    @Test
    void nameAndIdIdentifyTheTask() {
        AtomicReference<Task<?>> named = new AtomicReference<>(), unnamed = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                named.set(r.task(() -> 1).name("one").spawn());
                unnamed.set(r.spawn(WaitAndResultTest::two));
            });
        }
        assertEquals("one", named.get().name());
        assertEquals(1, named.get().id());
        assertTrue(unnamed.get().name().contains("two"), "an unnamed task is named after its function: " + unnamed.get().name());
        assertEquals(2, unnamed.get().id());
    }

    private static int two() {
        return 2;
    }

    @Test
    void aTaskWaitingForItselfIsAnError() {
        CountDownLatch handleKnown = new CountDownLatch(1);
        AtomicReference<Task<Integer>> self = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                self.set(r.task(() -> {
                    await(handleKnown, "the task's own handle");
                    try {
                        return self.get().get();
                    } catch (Throwable t) {
                        error.set(t);
                        return -1;
                    }
                }).name("narcissus").spawn());
                handleKnown.countDown();
            });
        }
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, error.get());
        assertTrue(e.getMessage().contains("narcissus") && e.getMessage().contains("itself"), e.getMessage());
        assertEquals(-1, self.get().get());
    }

    @Test
    void resultsOfSeveralTasksCombineInALaterTask() {
        AtomicReference<Task<long[]>> sum = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                Task<Long> a = r.spawn(() -> 3L), b = r.spawn(() -> 4L), c = r.spawn(() -> 5L);
                sum.set(r.spawn((Long x, Long y, Long z) -> new long[]{x + y + z, x * y * z}, a, b, c));
            });
        }
        assertArrayEquals(new long[]{12, 60}, sum.get().get());
    }
}
