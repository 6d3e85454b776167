package org.weft.opencl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Shared;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.data.DoubleSlice;
import org.weft.data.Matrix;
import org.weft.data.Views;
import org.weft.memory.ByteRuns;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.memory.MemoryStats;
import org.weft.memory.Replica;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.val;

/**
 * An OpenCL device as a memory space: each task body launches a real kernel on the {@link ClView}s it receives, and
 * the copies the runtime makes are counted exactly. Skipped, with the reason printed, without an OpenCL device that
 * computes in double precision.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClSpaceTest {
    /** Kernels over a view: element {@code i} is {@code a[off + i * stride]}. */
    static final String SOURCE = """
            __kernel void add(__global double* a, long off, long stride, int n, double v) {
                int i = get_global_id(0);
                if (i < n) a[off + i * stride] += v;
            }
            __kernel void negate(__global double* a, long off, long stride, int n) {
                int i = get_global_id(0);
                if (i < n) a[off + i * stride] = -a[off + i * stride];
            }
            __kernel void fill(__global double* a, long off, long stride, int n, double v) {
                int i = get_global_id(0);
                if (i < n) a[off + i * stride] = v;
            }
            __kernel void sum(__global const double* a, long off, long stride, int n, __global double* out) {
                if (get_global_id(0) != 0) return;
                double s = 0;
                for (int i = 0; i < n; i++) s += a[off + i * stride];
                out[0] = s;
            }
            __kernel void scaleTile(__global double* a, long off, int ld, double v) {
                long i = get_global_id(0), j = get_global_id(1);
                a[off + i + j * ld] *= v;
            }
            /* One colour of a red-black 3-point smoothing: phase 0 updates the odd interior points, phase 1 the even ones. */
            __kernel void redBlack(__global double* u, long off, int n, int phase) {
                int i = 2 * get_global_id(0) + (phase == 0 ? 1 : 2);
                if (i < n - 1) u[off + i] = (u[off + i - 1] + u[off + i] + u[off + i + 1]) / 3.0;
            }
            """;

    static final MemorySpace HOST = MemorySpaces.host();
    static ClSpace dev;
    static String skipReason;

    @BeforeAll
    static void openDevice() {
        Optional<String> why = OpenCl.unavailableReason();
        if (why.isPresent()) skipReason = "no OpenCL: " + why.get();
        else {
            ClDevice d = OpenCl.get().devices().stream().filter(ClDevice::doublePrecision).findFirst().orElse(null);
            if (d == null) skipReason = "no OpenCL device computes in double precision";
            else {
                dev = ClSpace.open(d);
                System.out.println("OpenCL space tests on " + d);
            }
        }
        if (skipReason != null) System.out.println("OpenCL space tests skipped: " + skipReason);
    }

    @BeforeEach
    void needDevice() {
        assumeTrue(skipReason == null, () -> skipReason);
    }

    @AfterAll
    static void closeDevice() {
        if (dev != null) dev.close();
    }

    static double[] data(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    // ---- task bodies: each launches a kernel and waits for it before returning ----

    static void addOne(ClView a) {
        a.space().kernel(SOURCE, "add").arg(0, a).arg(1, a.offset()).arg(2, a.stride()).arg(3, a.count()).arg(4, 1.0).run(a.count());
    }

    static void negate(ClView a) {
        a.space().kernel(SOURCE, "negate").arg(0, a).arg(1, a.offset()).arg(2, a.stride()).arg(3, a.count()).run(a.count());
    }

    static void addValue(ClView a, double v) {
        a.space().kernel(SOURCE, "add").arg(0, a).arg(1, a.offset()).arg(2, a.stride()).arg(3, a.count()).arg(4, v).run(a.count());
    }

    static void fillSeven(ClView a) {
        a.space().kernel(SOURCE, "fill").arg(0, a).arg(1, a.offset()).arg(2, a.stride()).arg(3, a.count()).arg(4, 7.0).run(a.count());
    }

    static double sum(ClView a) {
        ClSpace s = a.space();
        try (ClBuffer out = s.context().allocate(8)) {
            s.kernel(SOURCE, "sum").arg(0, a).arg(1, a.offset()).arg(2, a.stride()).arg(3, a.count()).arg(4, out).run(1);
            double[] r = new double[1];
            out.readNow(0, MemorySegment.ofArray(r));
            return r[0];
        }
    }

    static void doubleTile(ClView t) {
        assertTrue(t.isMatrix(), t::toString);
        t.space().kernel(SOURCE, "scaleTile").arg(0, t).arg(1, t.offset()).arg(2, t.ld()).arg(3, 2.0).run(t.rows(), t.cols());
    }

    static void sweep(ClView u) {
        ClKernel k = u.space().kernel(SOURCE, "redBlack").arg(0, u).arg(1, u.offset()).arg(2, u.count());
        long half = Math.max(1, (u.count() - 1) / 2);
        try (ClEvent odd = k.arg(3, 0).enqueue(new long[]{half}, null)) {
            k.arg(3, 1).run(half);             // an in-order queue: ends after the odd phase
        }
    }

    /** The same red-black sweep on the host, in the same order of operations. */
    static void sweepOnHost(double[] u) {
        for (int phase = 0; phase < 2; phase++)
            for (int i = phase == 0 ? 1 : 2; i < u.length - 1; i += 2) u[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
    }

    // ---- the copies ----

    @Test
    void aHostCurrentArrayReadOnTheDeviceIsCopiedInOnceAndNeverOut() {
        double[] a = data(1000);
        try (Weft weft = Weft.builder().workers(2).build()) {
            double s = weft.regionResult(r -> r.task(ClSpaceTest::sum).on(dev).spawn(in(a)).get());
            assertEquals(999 * 1000 / 2.0, s);
            MemoryStats m = weft.memoryStats();
            assertEquals(1, m.copies(HOST, dev));
            assertEquals(8000, m.bytes(HOST, dev));
            assertEquals(0, m.copies(dev, HOST));
            assertEquals(0, m.allocatedBytes(dev), "a raw array's replica is dropped at the end of its region");
        }
        assertEquals(0, dev.liveBytes(), "the device buffer was released");
        assertArrayEquals(data(1000), a);
    }

    @Test
    void dataInARegisteredNativeRootArePlacedOnTheDeviceAndComeHomeExactly() {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared(); Weft weft = Weft.builder().workers(2).build()) {
            java.lang.foreign.MemorySegment seg = arena.allocate(100 * 8, 8);
            for (int i = 0; i < 100; i++) seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i, i);
            org.weft.data.NativeRoot root = org.weft.data.NativeMemory.register(seg);
            try {
                weft.region(r -> r.task(ClSpaceTest::negate).on(dev).spawn(inOut(org.weft.data.Views.strided(seg, 80, 800, 16, 8))));
                for (int i = 0; i < 100; i++)                                            // elements 10, 12, ..., 98 negated
                    assertTrue(seg.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, i) == (i >= 10 && i % 2 == 0 ? -i : i), "element " + i);
                MemoryStats m = weft.memoryStats();
                assertEquals(45 * 8, m.bytes(HOST, dev), "only the 45 strided elements go to the device");
                assertEquals(45 * 8, m.bytes(dev, HOST));
            } finally {
                org.weft.data.NativeMemory.unregister(root);
            }
        }
    }

    @Test
    void inOutOnTheDeviceOfARawArrayIsOneInAndOneOutAtRegionEnd() {
        double[] a = data(10);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task(ClSpaceTest::addOne).on(dev).spawn(inOut(a)));
            MemoryStats m = weft.memoryStats();
            assertEquals(1, m.copies(HOST, dev));
            assertEquals(1, m.copies(dev, HOST));
            assertEquals(80, m.bytes(dev, HOST));
            assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, a);
        }
    }

    @Test
    void twoSuccessiveInOutTasksOnTheDeviceStillCopyOnceEachWay() {
        double[] a = data(10);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.task(ClSpaceTest::addOne).on(dev).spawn(inOut(a));
                r.task(ClSpaceTest::addOne).on(dev).spawn(inOut(a));
            });
            MemoryStats m = weft.memoryStats();
            assertEquals(1, m.copies(HOST, dev));
            assertEquals(1, m.copies(dev, HOST));
            assertEquals(80, m.bytes(HOST, dev));
            assertArrayEquals(new double[]{2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, a);
        }
    }

    @Test
    void aRangeWithAValueArgumentMovesOnlyTheRange() {
        double[] a = data(10);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task(ClSpaceTest::addValue).on(dev).spawn(inOut(Views.range(a, 2, 6)), val(0.5)));
            assertArrayEquals(new double[]{0, 1, 2.5, 3.5, 4.5, 5.5, 6, 7, 8, 9}, a);
            MemoryStats m = weft.memoryStats();
            assertEquals(32, m.bytes(HOST, dev));
            assertEquals(32, m.bytes(dev, HOST));
        }
    }

    @Test
    void anOutOnTheDeviceIsNeverCopiedIn() {
        double[] a = data(10);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task(ClSpaceTest::fillSeven).on(dev).spawn(out(a)));
            MemoryStats m = weft.memoryStats();
            assertEquals(0, m.copies(HOST, dev));
            assertEquals(1, m.copies(dev, HOST));
            assertArrayEquals(new double[]{7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, a);
        }
    }

    @Test
    void aSharedStencilOverAHundredRegionsMovesInOnceAndOutOnceAtGet() {
        int n = 4097;
        double[] u = new double[n];
        for (int i = 0; i < n; i++) u[i] = (i * 7919) % 101;
        double[] expected = u.clone();
        for (int k = 0; k < 100; k++) sweepOnHost(expected);
        try (Weft weft = Weft.builder().workers(2).build(); Shared<double[]> s = weft.share(u)) {
            for (int k = 0; k < 100; k++) weft.region(r -> r.task(ClSpaceTest::sweep).on(dev).spawn(inOut(u)));
            MemoryStats before = weft.memoryStats();
            assertEquals(1, before.copies(HOST, dev));
            assertEquals(0, before.copies(dev, HOST));
            assertEquals(8L * n, before.allocatedBytes(dev), "the shared array's replica stays on the device");
            assertArrayEquals(expected, s.get(), "the device result equals the host's, bit for bit");
            MemoryStats after = weft.memoryStats();
            assertEquals(1, after.copies(dev, HOST));
            assertEquals(8L * n, after.bytes(dev, HOST));
            assertArrayEquals(expected, s.get(), "a second get copies nothing");
            assertEquals(1, weft.memoryStats().copies(dev, HOST));
        }
    }

    @Test
    void evenElementsOnTheDeviceAndOddOnesOnTheHostMoveOnlyTheEvenBytes() {
        int n = 1000;
        double[] a = data(n);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.task(ClSpaceTest::negate).on(dev).spawn(inOut(Views.strided(a, 0, n, 2)));
                r.spawn((DoubleSlice odd) -> {
                    for (int i = 0; i < odd.length(); i++) odd.set(i, odd.get(i) * 10);
                }, inOut(Views.strided(a, 1, n, 2)));
            });
            for (int i = 0; i < n; i++) {
                double want = i % 2 == 0 ? -i : 10.0 * i;
                assertTrue(a[i] == want, "element " + i + " is " + a[i] + ", not " + want);       // == : 0.0 and -0.0 alike
            }
            MemoryStats m = weft.memoryStats();
            assertEquals(1, m.copies(HOST, dev));
            assertEquals(1, m.copies(dev, HOST));
            assertEquals(n / 2 * 8L, m.bytes(HOST, dev), "only the even elements go to the device");
            assertEquals(n / 2 * 8L, m.bytes(dev, HOST), "and only they come back");
        }
    }

    @Test
    void aDeviceTaskThatThrowsLeavesTheRegionsOtherDeviceWrittenArrayWrittenBack() {
        double[] a = data(4), b = data(4);
        try (Weft weft = Weft.builder().workers(2).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                r.task(ClSpaceTest::addOne).on(dev).spawn(inOut(a));
                r.task((ClView x) -> {
                    fillSeven(x);
                    throw new IllegalStateException("boom after the kernel");
                }).on(dev).spawn(inOut(b));
            }));
            boolean named = false;
            for (Throwable t = e; t != null && !named; t = t.getCause()) named = String.valueOf(t.getMessage()).contains("boom after the kernel");
            assertTrue(named, "the body's exception is reported: " + e);
            assertArrayEquals(new double[]{1, 2, 3, 4}, a, "the other device task's result came home");
            assertArrayEquals(new double[]{7, 7, 7, 7}, b, "the failed task's kernel writes are kept (it is not atomic)");
            weft.region(r -> r.task(ClSpaceTest::addOne).on(dev).spawn(inOut(a)));
            assertArrayEquals(new double[]{2, 3, 4, 5}, a, "the runtime and the device are usable afterwards");
        }
    }

    @Test
    void aFailingAtomicDeviceTaskLeavesItsDataBitIdenticalNaNPayloadsIncluded() {
        double[] a = new double[16];
        for (int i = 0; i < a.length; i++) a[i] = i % 3 == 0 ? Double.longBitsToDouble(0x7ff8000000000000L | (0x123L + i)) : i;
        long[] before = new long[a.length];
        for (int i = 0; i < a.length; i++) before[i] = Double.doubleToRawLongBits(a[i]);
        try (Weft weft = Weft.builder().workers(2).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> r.task((ClView x) -> {
                fillSeven(x);
                throw new IllegalStateException("boom after the kernel");
            }).on(dev).atomic().spawn(inOut(Views.strided(a, 0, 16, 1)))));
            for (int i = 0; i < a.length; i++) assertEquals(before[i], Double.doubleToRawLongBits(a[i]), "element " + i + ", bit for bit");
            assertEquals(0, weft.memoryStats().copies(dev, HOST), "an undone task wrote nothing: the host's bytes stay current, nothing comes home");
        }
    }

    @Test
    void aRetriedAtomicDeviceTaskStartsEachAttemptFromTheCommittedValue() {
        double[] a = data(8);
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task((ClView x) -> {
                addOne(x);
                if (attempts.incrementAndGet() < 3) throw new IllegalStateException("attempt " + attempts.get() + " fails after its kernel");
            }).on(dev).atomic().retry(2).spawn(inOut(Views.strided(a, 0, 8, 2))));
        }
        assertEquals(3, attempts.get());
        for (int i = 0; i < 8; i++) assertEquals(i % 2 == 0 ? i + 1.0 : i, a[i], "element " + i + ": one increment, not three");
    }

    @Test
    void matrixTilesArePresentedWithTheirShapeAndMoveOnlyTheirColumns() {
        int n = 16;
        double[] m = data(n * n);
        Matrix whole = Matrix.wrap(m, n, n);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                for (int t = 0; t < 4; t++) r.task(ClSpaceTest::doubleTile).on(dev).spawn(inOut(whole.tile(t / 2, t % 2, 8)));
            });
            for (int i = 0; i < m.length; i++) assertEquals(2.0 * i, m[i], "element " + i);
            MemoryStats s = weft.memoryStats();
            assertEquals(4, s.copies(HOST, dev), "one copy per tile");
            assertEquals(8L * n * n, s.bytes(HOST, dev));
            assertEquals(1, s.copies(dev, HOST), "the matrix comes home in one copy of its written runs");
            assertEquals(8L * n * n, s.bytes(dev, HOST));
        }
    }

    @Test
    void aViewDescribesItsDatum() {
        double[] a = data(100);
        Matrix mat = Matrix.wrap(a, 10, 10);
        Replica r = dev.allocate(a, 0, 800);
        try {
            ClView whole = (ClView) dev.present(r, a, ClView.class);
            assertEquals(0, whole.offset());
            assertEquals(100, whole.count());
            assertEquals(8, whole.strideBytes());
            assertEquals(double.class, whole.elementType());
            assertFalse(whole.isMatrix());
            ClView odd = (ClView) dev.present(r, Views.strided(a, 1, 100, 2), ClView.class);
            assertEquals(8, odd.offsetBytes());
            assertEquals(50, odd.count());
            assertEquals(16, odd.strideBytes());
            ClView tile = (ClView) dev.present(r, mat.block(2, 3, 4, 5), ClView.class);
            assertTrue(tile.isMatrix());
            assertEquals(2 + 3 * 10, tile.offset());
            assertEquals(4, tile.rows());
            assertEquals(5, tile.cols());
            assertEquals(10, tile.ld());
            ClView diag = (ClView) dev.present(r, mat.diagonal(), ClView.class);
            assertEquals(10, diag.count());
            assertEquals(11 * 8, diag.strideBytes());
            assertTrue(whole.buffer() == r.storage() && diag.space() == dev);
        } finally {
            r.free();
        }
        assertFalse(dev.hostAddressable(), "replicas are device buffers, not Java memory");
        assertTrue(dev.canPresent(a, ClView.class));
        assertTrue(dev.canPresent(Views.range(new int[4], 1, 3), Object.class));
        assertFalse(dev.canPresent(a, double[].class), "a device buffer is not a Java array");
        assertFalse(dev.canPresent(Matrix.wrap(MemorySegment.ofArray(new double[4]), 2, 2, 2), ClView.class), "native-memory data stays on the host");
    }

    @Test
    void aTaskThatTakesAJavaArrayIsRefusedAtSpawnNamingTheSpace() {
        double[] a = data(4);
        try (Weft weft = Weft.builder().workers(2).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task((double[] x) -> x[0]++).on(dev).spawn(inOut(a))));
            assertTrue(e.getMessage().contains(dev.name()), e.getMessage());
            assertEquals(0, weft.memoryStats().copies());
        }
    }

    // ---- the copy paths, driven directly ----

    /** Copies {@code runs} through {@code space} and waits, returning the failure reported, or null. */
    static Throwable copy(ClSpace space, Object home, Replica r, boolean toReplica, ByteRuns runs) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        space.copy(home, r, toReplica, runs, new MemorySpace.Landing() {
            @Override
            public void landed() {
                done.countDown();
            }

            @Override
            public void failed(Throwable cause) {
                failure.set(cause);
                done.countDown();
            }
        });
        assertTrue(done.await(60, TimeUnit.SECONDS), "the copy did not land");
        return failure.get();
    }

    @Test
    void everyCopyPathMovesExactlyItsRuns() throws InterruptedException {
        ClSpace mapping = new ClSpace(dev.context(), false, "cl-map", 1L << 30, dev.device().hostUnifiedMemory());
        ClSpace staging = new ClSpace(dev.context(), false, "cl-staged", 1L << 30, false);
        ByteRuns single = new ByteRuns(new long[]{16}, new long[]{40});
        ByteRuns regular = new ByteRuns(new long[]{0, 24, 48, 72}, new long[]{8, 8, 8, 8});
        ByteRuns irregular = new ByteRuns(new long[]{8, 40, 200}, new long[]{16, 64, 8});
        for (ClSpace space : new ClSpace[]{mapping, staging}) {
            for (ByteRuns runs : new ByteRuns[]{single, regular, irregular}) {
                double[] home = data(32);
                Replica r = space.allocate(home, 0, 256);
                try {
                    ClBuffer b = (ClBuffer) r.storage();
                    double[] marker = new double[32];
                    java.util.Arrays.fill(marker, -1);
                    b.writeNow(0, MemorySegment.ofArray(marker));
                    assertNull(copy(space, home, r, true, runs));
                    double[] onDevice = new double[32];
                    b.readNow(0, MemorySegment.ofArray(onDevice));
                    double[] back = new double[32];
                    java.util.Arrays.fill(back, -2);
                    assertNull(copy(space, back, r, false, runs));
                    for (int i = 0; i < 32; i++) {
                        boolean inRuns = false;
                        for (int k = 0; k < runs.count(); k++)
                            inRuns |= 8L * i >= runs.start(k) && 8L * i < runs.start(k) + runs.length(k);
                        String where = space.name() + ", " + runs + ", element " + i;
                        assertEquals(inRuns ? i : -1, onDevice[i], where + " on the device");
                        assertEquals(inRuns ? i : -2, back[i], where + " back home");
                    }
                } finally {
                    r.free();
                }
            }
        }
        assertEquals(0, mapping.liveBytes());
        assertEquals(0, staging.liveBytes());
    }

    @Test
    void aFailedCopyIsReportedNotThrownAndAnOversizedReplicaIsRefused() throws InterruptedException {
        ClSpace small = new ClSpace(dev.context(), false, "cl-small", 1024, true);
        Replica r = small.allocate(new double[64], 0, 512);
        try {
            Throwable f = copy(small, new double[64], r, true, new ByteRuns(new long[]{0}, new long[]{4096}));
            assertTrue(f instanceof ClException && f.getMessage().contains("cl-small"), "reported: " + f);
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> small.allocate(new double[128], 0, 1024));
            assertTrue(full.getMessage().contains("cl-small") && full.getMessage().contains("1024"), full.getMessage());
        } finally {
            r.free();
        }
        assertEquals(0, small.liveBytes());
    }
}
