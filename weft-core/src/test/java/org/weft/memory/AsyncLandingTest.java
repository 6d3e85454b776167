package org.weft.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Task;
import org.weft.TaskFailedException;
import org.weft.Weft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;

/**
 * Spaces that report their copies later, on a thread of their own, as a device driver's callback would: the copy node
 * ends from that report, the counts stay exact, a failure reported later fails the copy and its reader, and the
 * runtime stays usable.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncLandingTest {

    /**
     * A heap mirror whose copies are made and reported on a thread of its own ("lander"), each after {@code gate} opens;
     * with {@code failWith} set, reported as failed instead.
     */
    static final class Later implements MemorySpace, AutoCloseable {
        private final MemorySpace inner;
        private final ExecutorService lander = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lander");
            t.setDaemon(true);
            return t;
        });
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile String failWith;
        final AtomicReference<Thread> landedOn = new AtomicReference<>();

        Later(String name) {
            inner = MemorySpaces.heapMirror(name);
        }

        @Override public String name() { return inner.name(); }
        @Override public boolean hostAddressable() { return true; }
        @Override public long capacity() { return Long.MAX_VALUE; }
        @Override public Replica allocate(Object root, long offset, long byteSize) { return inner.allocate(root, offset, byteSize); }
        @Override public boolean canPresent(Object datum, Class<?> type) { return inner.canPresent(datum, type); }
        @Override public Object present(Replica replica, Object datum, Class<?> type) { return inner.present(replica, datum, type); }

        @Override
        public void copy(Object home, Replica replica, boolean toReplica, ByteRuns runs, Landing done) {
            CountDownLatch g = gate;
            String fail = failWith;
            lander.execute(() -> {
                try {
                    if (!g.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the gate never opened");
                    if (fail != null) throw new IllegalStateException(fail);
                    inner.copy(home, replica, toReplica, runs, new Landing() {
                        @Override
                        public void landed() {
                            landedOn.set(Thread.currentThread());
                            done.landed();
                        }

                        @Override
                        public void failed(Throwable cause) {
                            done.failed(cause);
                        }
                    });
                } catch (Throwable e) {
                    done.failed(e);
                }
            });
        }

        @Override
        public void close() {
            lander.shutdownNow();
        }
    }

    @Test
    void aCopyReportedLaterOnItsOwnThreadReleasesItsReaderWithExactCounts() {
        double[] a = {1, 2, 3, 4};
        double[] sum = new double[1];
        try (Later dev = new Later("later"); Weft weft = Weft.builder().workers(2).build()) {
            CountDownLatch gate = new CountDownLatch(1);
            dev.gate = gate;
            weft.region(r -> {
                Task<Double> s = r.task(CopyCountTest::sum).on(dev).spawn(in(a));
                r.spawn((double[] x) -> { gate.countDown(); }, inOut(new double[1]));    // opens the gate from a worker
                r.spawn((Double v) -> { sum[0] = v; }, s);
            });
            assertEquals(10, sum[0]);
            assertEquals("lander", dev.landedOn.get().getName(), "the copy landed on the space's own thread");
            MemoryStats m = weft.memoryStats();
            assertEquals(1, m.copies(MemorySpaces.host(), dev));
            assertEquals(32, m.bytes(MemorySpaces.host(), dev));
            assertEquals(0, m.copies(dev, MemorySpaces.host()), "a reader writes nothing back");
        }
    }

    @Test
    void aChainOnTheDeviceCopiesInOnceAndOutOnceWhenEveryCopyLandsLater() {
        double[] a = {1, 2, 3, 4};
        try (Later dev = new Later("later"); Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                for (int i = 0; i < 5; i++) r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a));
                r.spawn((double[] x) -> { for (int i = 0; i < x.length; i++) x[i] *= 10; }, inOut(a));   // the host, after
                r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a));
            });
            assertArrayEquals(new double[]{61, 71, 81, 91}, a);
            MemoryStats m = weft.memoryStats();
            assertEquals(2, m.copies(MemorySpaces.host(), dev), "in before the chain, in again after the host wrote");
            assertEquals(2, m.copies(dev, MemorySpaces.host()), "home for the host task, home at region end");
        }
    }

    @Test
    void aFailureReportedLaterFailsTheCopyAndItsReaderAndTheRuntimeStaysUsable() {
        double[] a = {1, 2, 3, 4};
        try (Later dev = new Later("later"); Weft weft = Weft.builder().workers(2).build()) {
            dev.failWith = "link down later";
            Task<?>[] t = new Task<?>[1];
            assertThrows(RuntimeException.class, () -> weft.region(r -> { t[0] = r.task(CopyCountTest::sum).on(dev).spawn(in(a)); }));
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> t[0].get());
            assertTrue(String.valueOf(e.getCause()).contains("link down later"), String.valueOf(e.getCause()));
            dev.failWith = null;
            double got = weft.regionResult(r -> r.task(CopyCountTest::sum).on(dev).spawn(in(a))).get();
            assertEquals(10, got, "the same array, the same space, after the failure");
            assertArrayEquals(new double[]{1, 2, 3, 4}, a);
        }
    }

    @Test
    void manyReadersOfManyArraysOnALaterSpaceAllSeeTheirBytes() {
        int n = 16;
        List<double[]> arrays = new ArrayList<>();
        for (int k = 0; k < n; k++) arrays.add(new double[]{k, k, k, k});
        try (Later dev = new Later("later"); Weft weft = Weft.builder().workers(2).build()) {
            List<Task<Double>> sums = weft.regionResult(r -> {
                List<Task<Double>> ts = new ArrayList<>();
                for (int round = 0; round < 4; round++)
                    for (double[] x : arrays) {
                        r.task(CopyCountTest::addOne).on(dev).spawn(inOut(x));
                        ts.add(r.task(CopyCountTest::sum).spawn(in(x)));          // on the host: a copy home each time
                    }
                return ts;
            });
            for (int round = 0, i = 0; round < 4; round++)
                for (int k = 0; k < n; k++, i++) assertEquals(4.0 * (k + round + 1), sums.get(i).get(), "array " + k + ", round " + round);
            assertNotEquals(Thread.currentThread(), dev.landedOn.get());
            MemoryStats m = weft.memoryStats();
            assertEquals(n, m.copies(MemorySpaces.host(), dev), "in once per array: a host read leaves the device's replica current");
            assertEquals(4L * n, m.copies(dev, MemorySpaces.host()), "home once per device write, for the host reader");
        }
    }
}
