package org.weft.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.TaskFailedException;
import org.weft.Weft;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;

/**
 * The seam between dependencies and execution: tasks placed on a space with a processor of its own run on its
 * thread, never on the host's workers, and what they release goes back to the workers.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessorTest {

    /** A heap mirror whose tasks run on one "device" thread. */
    private static final class DeviceSpace implements MemorySpace, Processor, AutoCloseable {
        final MemorySpace mirror = MemorySpaces.heapMirror("device");
        final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "device-0"));

        @Override public String name() { return "device"; }
        @Override public boolean hostAddressable() { return true; }
        @Override public long capacity() { return Long.MAX_VALUE; }
        @Override public Replica allocate(Object root, long offset, long byteSize) { return mirror.allocate(root, offset, byteSize); }
        @Override public void copy(Object home, Replica replica, boolean toReplica, ByteRuns runs, Landing done) { mirror.copy(home, replica, toReplica, runs, done); }
        @Override public boolean canPresent(Object datum, Class<?> type) { return mirror.canPresent(datum, type); }
        @Override public Object present(Replica replica, Object datum, Class<?> type) { return mirror.present(replica, datum, type); }
        @Override public Processor processor() { return this; }
        @Override public void execute(Runnable ready) { thread.execute(ready); }
        @Override public void close() { thread.shutdownNow(); }
    }

    static String step(double[] a) {
        for (int i = 0; i < a.length; i++) a[i] = a[i] * 2 + 1;
        return Thread.currentThread().getName();
    }

    @Test
    void placedTasksRunOnTheSpacesProcessorAndTheirSuccessorsOnTheWorkers() {
        double[] a = {1, 2};
        try (DeviceSpace dev = new DeviceSpace(); Weft weft = Weft.builder().workers(2).build()) {
            List<String> threads = weft.regionResult(r -> {
                var d1 = r.task(ProcessorTest::step).on(dev).spawn(inOut(a));
                var d2 = r.task(ProcessorTest::step).on(dev).spawn(inOut(a));
                var h = r.spawn(ProcessorTest::step, inOut(a));
                var d3 = r.task(ProcessorTest::step).on(dev).spawn(inOut(a));
                return List.of(d1.get(), d2.get(), h.get(), d3.get());
            });
            assertEquals("device-0", threads.get(0));
            assertEquals("device-0", threads.get(1));
            assertTrue(!threads.get(2).equals("device-0"), "the host task ran on a worker, not on the device thread: " + threads);
            assertEquals("device-0", threads.get(3));
            assertArrayEquals(new double[]{31, 47}, a);
        }
    }

    @Test
    void aTaskOnAProcessorCannotOpenARegion() {
        double[] a = {1};
        try (DeviceSpace dev = new DeviceSpace(); Weft weft = Weft.builder().workers(2).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> weft.region(r -> r.task((double[] x) -> weft.region(q -> { })).on(dev).spawn(inOut(a))));
            assertTrue(e.getCause() instanceof IllegalStateException && e.getCause().getMessage().contains("cannot open a region"),
                    String.valueOf(e.getCause()));
        }
    }

    @Test
    void aProcessorThatCannotTakeTheTaskFailsItAndTheRegionStillEnds() {
        double[] a = {1};
        try (DeviceSpace dev = new DeviceSpace(); Weft weft = Weft.builder().workers(2).build()) {
            dev.thread.shutdown();
            // ready at once, the spawn itself throws; ready after its copy, the task fails: either way the region says why
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> weft.region(r -> r.task(ProcessorTest::step).on(dev).spawn(in(a))));
            Throwable why = e instanceof TaskFailedException ? e.getCause() : e;
            assertTrue(why instanceof RejectedExecutionException, String.valueOf(e));
            weft.region(r -> r.spawn(ProcessorTest::step, inOut(a)));
            assertEquals(3, a[0], "the runtime is usable afterwards");
        }
    }
}
