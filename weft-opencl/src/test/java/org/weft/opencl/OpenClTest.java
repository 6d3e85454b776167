package org.weft.opencl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The FFM binding against a real OpenCL platform (PoCL's CPU device in CI); skipped, with the reason printed, without one. */
class OpenClTest {
    static final String SOURCE = """
            __kernel void axpy(double a, __global const double* x, __global double* y, int n) {
                int i = get_global_id(0);
                if (i < n) y[i] += a * x[i];
            }
            __kernel void fill(__global double* y, double v) { y[get_global_id(0)] = v; }
            """;

    static ClContext ctx;
    /** Why the tests cannot run here, or null; each test is then skipped with it (and counted as skipped). */
    static String skipReason;

    @BeforeAll
    static void openDevice() {
        Optional<String> why = OpenCl.unavailableReason();
        if (why.isPresent()) {
            skipReason = "no OpenCL: " + why.get();
        } else {
            ClDevice d = OpenCl.get().devices().stream().filter(ClDevice::doublePrecision).findFirst().orElse(null);
            if (d == null) skipReason = "no OpenCL device computes in double precision";
            else {
                System.out.println("OpenCL tests on " + d);
                ctx = OpenCl.get().createContext(d);
            }
        }
        if (skipReason != null) System.out.println("OpenCL tests skipped: " + skipReason);
    }

    @BeforeEach
    void needDevice() {
        assumeTrue(skipReason == null, () -> skipReason);
    }

    @AfterAll
    static void closeDevice() {
        if (ctx != null) ctx.close();
    }

    static double[] ramp(int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = i * scale;
        return a;
    }

    @Test
    void devicesDescribeThemselves() {
        for (ClDevice d : OpenCl.get().devices()) {
            assertTrue(!d.name().isEmpty() && !d.platform().isEmpty(), d::toString);
            assertTrue(d.computeUnits() >= 1 && d.globalMemBytes() > 0 && d.maxAllocBytes() > 0, d::toString);
        }
    }

    @Test
    void aKernelChainedByEventsComputesExactly() {
        int n = 100_003;
        double[] x = ramp(n, 0.5), y = ramp(n, -2.0);
        try (Arena arena = Arena.ofConfined();
             ClBuffer bx = ctx.allocate(8L * n); ClBuffer by = ctx.allocate(8L * n);
             ClKernel k = ctx.program(SOURCE, "").kernel("axpy")) {
            MemorySegment hx = arena.allocateFrom(JAVA_DOUBLE, x), hy = arena.allocateFrom(JAVA_DOUBLE, y);
            try (ClEvent wx = bx.write(0, hx); ClEvent wy = by.write(0, hy);
                 ClEvent run = k.arg(0, 3.0).arg(1, bx).arg(2, by).arg(3, n).enqueue(new long[]{n}, null, wx, wy);
                 ClEvent back = by.read(0, hy, run)) {
                back.await();
                assertEquals(0, back.status());
            }
            double[] got = hy.toArray(JAVA_DOUBLE);
            for (int i = 0; i < n; i++) assertEquals(y[i] + 3.0 * x[i], got[i], 0.0, "element " + i);
        }
    }

    @Test
    void aCallbackFiresWhenTheBytesHaveLandedAndAThrowingOneHarmsNothing() throws InterruptedException {
        int n = 1 << 16;
        try (Arena arena = Arena.ofShared(); ClBuffer b = ctx.allocate(8L * n)) {
            MemorySegment src = arena.allocateFrom(JAVA_DOUBLE, ramp(n, 1.0));
            MemorySegment dst = arena.allocate(8L * n);
            CountDownLatch landed = new CountDownLatch(2);
            AtomicInteger status = new AtomicInteger(Integer.MIN_VALUE);
            AtomicReference<Throwable> reported = new AtomicReference<>();
            Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
            Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
                reported.set(e);
                landed.countDown();
            });
            try (ClEvent w = b.write(0, src); ClEvent r = b.read(0, dst, w)) {
                w.onComplete(s -> {
                    throw new IllegalStateException("a handler that throws must not take the JVM down");
                });
                r.onComplete(s -> {
                    status.set(s);
                    landed.countDown();
                });
                ctx.flush();
                assertTrue(landed.await(60, TimeUnit.SECONDS), "callbacks did not arrive");
                assertEquals(0, status.get());
                assertTrue(r.isDone());
                assertTrue(reported.get() instanceof IllegalStateException, "the handler's exception was not reported: " + reported.get());
            } finally {
                Thread.setDefaultUncaughtExceptionHandler(previous);
            }
            assertArrayEquals(src.toArray(JAVA_DOUBLE), dst.toArray(JAVA_DOUBLE));
        }
    }

    @Test
    void aTileMovesInOneRectangularCommandEachWay() {
        int ld = 37, cols = 20, m = 9, n = 6, i0 = 5, j0 = 11;       // an m×n tile at (i0, j0) of a column-major ld×cols matrix
        double[] a = ramp(ld * cols, 1.0);
        try (Arena arena = Arena.ofConfined(); ClBuffer tile = ctx.allocate(8L * m * n)) {
            MemorySegment host = arena.allocateFrom(JAVA_DOUBLE, a);
            ClBuffer.Rect r = new ClBuffer.Rect(0, 8L * (i0 + (long) j0 * ld), 8L * m, n, 8L * m, 8L * ld);
            try (ClEvent in = tile.writeRect(r, host)) {
                double[] packed = new double[m * n];
                tile.readNow(0, MemorySegment.ofArray(packed), in);
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++) assertEquals(a[(i0 + i) + (j0 + j) * ld], packed[i + j * m], 0.0);
            }
            try (ClKernel fill = ctx.program(SOURCE, "").kernel("fill");
                 ClEvent f = fill.arg(0, tile).arg(1, -1.0).enqueue(new long[]{(long) m * n}, null);
                 ClEvent out = tile.readRect(r, host, f)) {
                out.await();
            }
            double[] after = host.toArray(JAVA_DOUBLE);
            for (int j = 0; j < cols; j++)
                for (int i = 0; i < ld; i++) {
                    boolean inTile = i >= i0 && i < i0 + m && j >= j0 && j < j0 + n;
                    assertEquals(inTile ? -1.0 : a[i + j * ld], after[i + j * ld], 0.0, "(" + i + ", " + j + ")");
                }
        }
    }

    @Test
    void copiesOnTheDeviceAndMapsForTheHost() {
        int n = 4096;
        double[] v = ramp(n, 0.25);
        try (ClBuffer a = ctx.allocate(8L * n); ClBuffer b = ctx.allocate(8L * n)) {
            a.writeNow(0, MemorySegment.ofArray(v));
            try (ClEvent c = a.copyTo(b, 8L * 10, 0, 8L * 100)) {
                MemorySegment mapped = b.map(0, 8L * 100, true, c);
                for (int i = 0; i < 100; i++) assertEquals(v[10 + i], mapped.getAtIndex(JAVA_DOUBLE, i), 0.0);
                mapped.setAtIndex(JAVA_DOUBLE, 7, 42.0);
                try (ClEvent u = b.unmap(mapped)) {
                    double[] back = new double[100];
                    b.readNow(0, MemorySegment.ofArray(back), u);
                    assertEquals(42.0, back[7], 0.0);
                    assertEquals(v[11], back[1], 0.0);
                }
            }
        }
    }

    @Test
    void errorsNameTheCallTheCodeAndTheCompilerLog() {
        ClException e = assertThrows(ClException.class, () -> ctx.program("__kernel void broken(__global double* y) { y[0] = nope; }", ""));
        assertEquals(-11, e.code());
        assertTrue(e.getMessage().startsWith("clBuildProgram: CL_BUILD_PROGRAM_FAILURE (-11)"), e.getMessage());
        assertTrue(e.getMessage().contains("nope"), "the build log is missing: " + e.getMessage());

        ClException k = assertThrows(ClException.class, () -> ctx.program(SOURCE, "").kernel("absent"));
        assertTrue(k.getMessage().contains("CL_INVALID_KERNEL_NAME"), k.getMessage());

        try (ClBuffer b = ctx.allocate(64); Arena arena = Arena.ofConfined()) {
            assertThrows(IndexOutOfBoundsException.class, () -> b.writeNow(32, MemorySegment.ofArray(new double[8])));
            IllegalArgumentException heap = assertThrows(IllegalArgumentException.class, () -> b.write(0, MemorySegment.ofArray(new double[8])));
            assertTrue(heap.getMessage().contains("native"), heap.getMessage());
            b.writeNow(0, arena.allocate(64));          // the buffer is still usable after the refusals
        }
        assertThrows(IllegalArgumentException.class, () -> ctx.allocate(0));
    }

    @Test
    void aClosedContextRefusesWorkAndReleasesWhatItHeld() {
        ClContext own = OpenCl.get().createContext(ctx.device());
        ClBuffer b = own.allocate(1024);
        ClKernel k = own.program(SOURCE, "").kernel("fill");
        own.close();
        own.close();                                   // idempotent
        assertThrows(IllegalStateException.class, () -> own.allocate(8));
        assertThrows(IllegalStateException.class, () -> k.arg(0, 1.0));
        b.close();                                     // already released by the context: a no-op
    }
}
