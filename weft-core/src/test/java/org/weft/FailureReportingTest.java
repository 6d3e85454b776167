package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
import static org.weft.Access.reduce;
import static org.weft.Access.weakInOut;
import static org.weft.Sync.await;

/**
 * Failures that used to be lost or ignored (issue 9, items 6 to 9): a region whose task was cancelled because of
 * a failure elsewhere does not look successful; a weak parent stands for the failed writer it displaced; a
 * failure to write the trace never replaces the task failure, and bad output paths are refused before any work;
 * retries keep what earlier attempts threw, and cannot double-count a reduction.
 */
class FailureReportingTest {

    /** Item 6: the argument task failed in an earlier region; the consumer is cancelled, and its region says so. */
    @Test
    void aTaskCancelledBecauseOfAFailureInAnEarlierRegionFailsItsRegion() {
        AtomicBoolean consumerRan = new AtomicBoolean();
        IllegalStateException boom = new IllegalStateException("boom");
        try (Weft weft = Weft.builder().workers(2).build()) {
            AtomicReference<Task<Integer>> producer = new AtomicReference<>();
            assertThrows(TaskFailedException.class, () -> weft.region(r -> producer.set(r.spawn(() -> { throw boom; }))));
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> weft.region(r -> r.spawn((Integer v) -> { consumerRan.set(true); }, producer.get())));
            assertTrue(e.cancelled());
            assertSame(boom, e.getCause());
            assertTrue(e.getMessage().contains("of another region"), e.getMessage());
        }
        assertFalse(consumerRan.get());
    }

    /** Item 6, concurrently: the argument task belongs to a region running on another thread and fails there. */
    @Test
    void aTaskCancelledBecauseOfAFailureInAConcurrentRegionFailsItsRegion() throws InterruptedException {
        AtomicBoolean consumerRan = new AtomicBoolean();
        CountDownLatch spawned = new CountDownLatch(1), consumerSpawned = new CountDownLatch(1);
        AtomicReference<Task<Integer>> producer = new AtomicReference<>();
        AtomicReference<Throwable> otherRegion = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(3).build()) {
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    weft.region(r -> {
                        producer.set(r.spawn(() -> {
                            await(consumerSpawned, "the consumer to be spawned in the other region");
                            throw new IllegalStateException("late boom");
                        }));
                        spawned.countDown();
                    });
                } catch (Throwable e) {
                    otherRegion.set(e);
                }
            });
            await(spawned, "the producer to be spawned");
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                r.spawn((Integer v) -> { consumerRan.set(true); }, producer.get());
                consumerSpawned.countDown();
            }));
            other.join();
            assertTrue(e.cancelled());
            assertInstanceOf(TaskFailedException.class, otherRegion.get());
        }
        assertFalse(consumerRan.get());
    }

    /**
     * Item 7: P writes x and fails; a parent with weakInOut(x) completes (it has no child touching x); a later
     * reader of x must be cancelled, because the weak parent stands for P's write in x's history.
     */
    @Test
    void aReaderAfterAWeakParentOfAFailedWriterIsCancelled() {
        long[] x = {1}, copy = {-1};
        AtomicReference<Task<?>> parent = new AtomicReference<>(), reader = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                r.task((long[] a) -> { throw new IllegalStateException("P failed"); }).name("P").spawn(inOut(x));
                parent.set(r.task(() -> weft.region(inner -> { })).name("weak parent").spawn(weakInOut(x)));
                reader.set(r.task((long[] a, long[] c) -> { c[0] = a[0]; }).name("reader").spawn(in(x), out(copy)));
            }));
            assertEquals("P", e.taskName());
        }
        assertEquals(-1, copy[0], "the reader must not run");
        assertEquals(Task.State.CANCELLED, reader.get().state());
        assertEquals(Task.State.CANCELLED, parent.get().state());
        TaskFailedException why = assertThrows(TaskFailedException.class, parent.get()::get);
        assertTrue(why.getMessage().contains("weak access stands for the writes of task #1 'P'"), why.getMessage());
    }

    /** Item 8: the trace file cannot be written when the region ends; the task's failure still comes first. */
    @Test
    void aFailureToWriteTheTraceIsSuppressedInTheTaskFailure(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Path trace = dir.resolve("trace.json");
        try (Weft weft = Weft.builder().workers(2).trace(trace).build()) {
            Files.delete(dir);                          // valid when built; gone when the region ends
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> weft.region(r -> r.spawn(() -> { throw new IllegalStateException("task failure"); })));
            assertEquals("task failure", e.getCause().getMessage());
            assertTrue(Arrays.stream(e.getSuppressed()).anyMatch(s -> s instanceof UncheckedIOException), Arrays.toString(e.getSuppressed()));
            UncheckedIOException alone = assertThrows(UncheckedIOException.class, () -> weft.region(r -> r.spawn(() -> { })));
            assertTrue(alone.getMessage().contains("writing the trace"), alone.getMessage());
        }
    }

    /** Item 8: output paths are checked when the runtime is built, before any work. */
    @Test
    void badOutputPathsAreRefusedWhenTheRuntimeIsBuilt(@TempDir Path tmp) {
        IllegalArgumentException dir = assertThrows(IllegalArgumentException.class, () -> Weft.builder().trace(tmp).build());
        assertTrue(dir.getMessage().contains("is a directory"), dir.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Weft.builder().graph(tmp.resolve("no/such/dir/g.dot")).build());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        IllegalArgumentException underFile = assertThrows(IllegalArgumentException.class,
                () -> Weft.builder().trace(Path.of("/etc/passwd/t.json")).build());
        assertTrue(underFile.getMessage().contains("/etc/passwd"), underFile.getMessage());
    }

    /** Cancelling what depends on a failure is a loop, not a recursion: a chain of 100 000 dependents ends cancelled. */
    @Test
    void aFailureCancelsALongChainOfDependents() {
        long[] x = {0};
        List<Task<?>> chain = new ArrayList<>();
        try (Weft weft = Weft.builder().workers(2).throttle(1_000_000).build()) {     // no throttling: the head waits for the spawner
            CountDownLatch spawned = new CountDownLatch(1);
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                r.spawn((long[] a) -> {
                    await(spawned, "the chain to be spawned");
                    throw new IllegalStateException("head of the chain");
                }, inOut(x));
                for (int i = 0; i < 100_000; i++) chain.add(r.spawn((long[] a) -> { a[0]++; }, inOut(x)));
                spawned.countDown();
            }));
            assertEquals("head of the chain", e.getCause().getMessage());
            assertEquals(100_000, weft.stats().cancelled());
        }
        assertEquals(0, x[0]);
        assertTrue(chain.stream().allMatch(t -> t.state() == Task.State.CANCELLED));
    }

    /** Item 9: a task that fails on every attempt reports the last exception with the earlier ones suppressed. */
    @Test
    void retriesKeepTheEarlierAttemptsExceptions() {
        AtomicInteger attempt = new AtomicInteger();
        try (Weft weft = Weft.builder().workers(1).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> r.task(() -> {
                throw new IllegalStateException("attempt " + attempt.incrementAndGet());
            }).retry(2).spawn()));
            Throwable last = e.getCause();
            assertEquals("attempt 3", last.getMessage());
            assertEquals("attempt 2", last.getSuppressed()[0].getMessage());
            assertEquals("attempt 1", last.getSuppressed()[0].getSuppressed()[0].getMessage());
        }
    }

    /** Item 9: a retried reduce member would add its contribution twice: refused at spawn, naming the argument. */
    @Test
    void retryOnAReduceAccessIsRefusedAtSpawn() {
        double[] total = {0};
        try (Weft weft = Weft.builder().workers(1).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> weft.region(r ->
                    r.task((double[] p) -> { p[0] += 1; }).retry(1).spawn(reduce(Reduction.doubleSum(), total))));
            assertTrue(e.getMessage().contains("argument 1") && e.getMessage().contains("count it twice"), e.getMessage());
        }
        assertArrayEquals(new double[]{0}, total);
    }
}
