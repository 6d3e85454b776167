package org.weft.engine;

import org.weft.Stats;
import org.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.weft.Access.inOut;

/**
 * Throttling bounds memory (DESIGN §4 "Scheduler"): a region spawning 10^7 tasks completes in a JVM limited
 * to 1 GiB of heap (a child JVM runs {@link ThrottleChainMain}), the number of pending tasks a region holds
 * never exceeds the throttle limit, and a spawner that outruns the workers runs ready tasks itself (counted in
 * {@link Stats#inlined()}).
 */
class ThrottleMemoryTest {

    @Test
    @Timeout(value = 400, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aChainOfTenMillionTasksCompletesInOneGigabyteOfHeap(@TempDir Path tmp) throws IOException, InterruptedException {
        // One worker: nothing runs unless the spawner runs it, so only throttling keeps the 10^7 nodes from piling
        // up (checked by hand: with throttle(10^8) the child runs out of memory).
        int tasks = 10_000_000;
        Path out = tmp.resolve("child.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                ThrottleChainMain.class.getName(), Integer.toString(tasks), "1")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) fail("child JVM did not finish the chain in 300 s:\n" + tail(out));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        String output = tail(out);
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + output);
        assertTrue(Files.readAllLines(out).contains("count=" + tasks), "child JVM output:\n" + output);
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) return "(no output)";
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void pendingTasksOfAChainStayWithinTheThrottleLimit() {
        int limit = 100, tasks = 100_000;
        long[] x = {0};
        AtomicLong maxPending = new AtomicLong();
        try (Weft weft = Weft.builder().workers(2).throttle(limit).inlineTinyTasks(false).build()) {
            weft.region(r -> {
                RegionImpl region = (RegionImpl) r;
                for (int i = 0; i < tasks; i++) {
                    r.spawn((long[] a) -> { a[0]++; }, inOut(x));
                    maxPending.accumulateAndGet(region.pending(), Math::max);
                }
            });
        }
        assertEquals(tasks, x[0]);
        assertTrue(maxPending.get() <= limit, "pending tasks reached " + maxPending.get() + " with throttle(" + limit + ")");
        assertTrue(maxPending.get() > 1, "the chain should have queued up tasks at all: " + maxPending.get());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSpawnerThatOutrunsTheWorkersRunsReadyTasksItself() {
        // One worker, which runs the body: ready tasks pile up until the limit, then the spawner must run them.
        int limit = 100, tasks = 100_000;
        long[] cells = new long[tasks];
        AtomicLong maxPending = new AtomicLong();
        try (Weft weft = Weft.builder().workers(1).throttle(limit).inlineTinyTasks(false).build()) {
            weft.region(r -> {
                RegionImpl region = (RegionImpl) r;
                for (int i = 0; i < tasks; i++) {
                    int k = i;
                    r.spawn(() -> { cells[k] = k + 1; });
                    maxPending.accumulateAndGet(region.pending(), Math::max);
                }
            });
            Stats s = weft.stats();
            assertTrue(s.inlined() >= tasks - limit, "expected the spawner to inline almost every task: " + s);
            assertEquals(tasks, s.executed());
        }
        for (int i = 0; i < tasks; i++) assertEquals(i + 1, cells[i], "cell " + i);
        assertTrue(maxPending.get() <= limit, "pending tasks reached " + maxPending.get() + " with throttle(" + limit + ")");
    }
}
