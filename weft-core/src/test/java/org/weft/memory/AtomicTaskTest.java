package org.weft.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.data.Views;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.concurrent;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;

/** Atomic tasks: a failure leaves the data bit for bit as it was; a retry starts from the committed value. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AtomicTaskTest {

    /** Doubles whose bits must survive, NaN payloads and signed zeros included. */
    static double[] odd() {
        return new double[]{Double.longBitsToDouble(0x7ff8000000000123L), -0.0, 1.5, Double.longBitsToDouble(0xfff0000000000042L), 7};
    }

    static long[] bits(double[] a) {
        long[] b = new long[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Double.doubleToRawLongBits(a[i]);
        return b;
    }

    static void scribbleAndFail(double[] a) {
        for (int i = 0; i < a.length; i++) a[i] = i * 100;
        throw new IllegalStateException("after writing");
    }

    @Test
    void aFailedAtomicTaskLeavesItsDataBitIdentical() {
        double[] a = odd();
        long[] before = bits(a);
        try (Weft weft = Weft.builder().workers(2).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> r.task(AtomicTaskTest::scribbleAndFail).atomic().spawn(inOut(a))));
            assertArrayEquals(before, bits(a));
            double[] b = odd();
            assertThrows(TaskFailedException.class, () -> weft.region(r -> r.spawn(AtomicTaskTest::scribbleAndFail, inOut(b))));
            assertEquals(100, b[1], "a task that is not atomic keeps what it wrote");
        }
    }

    @Test
    void aRetryOfAnAtomicTaskStartsFromTheCommittedValue() {
        for (boolean atomic : new boolean[]{true, false}) {
            double[] a = {10};
            AtomicInteger attempts = new AtomicInteger();
            try (Weft weft = Weft.builder().workers(2).build()) {
                weft.region(r -> {
                    var b = r.task((double[] x) -> {
                        x[0] += 1;
                        if (attempts.incrementAndGet() == 1) throw new IllegalStateException("transient");
                    }).retry(2);
                    (atomic ? b.atomic() : b).spawn(inOut(a));
                });
            }
            assertEquals(2, attempts.get());
            assertEquals(atomic ? 11 : 12, a[0], atomic ? "each attempt starts from the committed value" : "a retry sees what the failed attempt wrote");
        }
    }

    @Test
    void theRuntimeDefaultMakesEveryTaskAtomicIncludingClosuresAndViews() {
        double[] a = odd(), m = new double[16];
        for (int i = 0; i < m.length; i++) m[i] = Double.longBitsToDouble(0x7ff8000000000000L | i);
        long[] before = bits(a), mBefore = bits(m);
        Matrix tile = Matrix.wrap(m, 4, 4).block(1, 1, 2, 2);
        try (Weft weft = Weft.builder().workers(2).atomicTasks(true).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                r.spawn(() -> {
                    a[0] = 1;
                    a[4] = 2;
                    throw new IllegalStateException("closure");
                }, inOut(a));
                r.spawn((Matrix t) -> {
                    t.set(0, 0, 3);
                    t.set(1, 1, 4);
                    throw new IllegalStateException("tile");
                }, out(tile));
            }));
            assertArrayEquals(before, bits(a));
            assertArrayEquals(mBefore, bits(m));
        }
    }

    @Test
    void aFailedAtomicTaskOnADeviceLeavesEveryReplicaAsItWas() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = odd();
        long[] before = bits(a);
        try (Weft weft = Weft.builder().workers(2).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                r.task(CopyCountTest::negate).on(dev).spawn(inOut(Views.range(a, 2, 3)));
                r.task(AtomicTaskTest::scribbleAndFail).on(dev).atomic().spawn(inOut(a));
            }));
            before[2] = Double.doubleToRawLongBits(-1.5);
            assertArrayEquals(before, bits(a), "the committed write of the first task comes home; the failed one left nothing");
            double s = weft.regionResult(r -> r.task(CopyCountTest::sum).on(dev).spawn(in(a)).get());
            assertTrue(Double.isNaN(s));
        }
    }

    @Test
    void atomicRefusesWhatItCannotUndo() {
        double[] a = new double[4];
        StringBuilder plain = new StringBuilder();
        try (Weft weft = Weft.builder().workers(2).build()) {
            IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task((double[] x) -> { }).atomic().spawn(concurrent(a))));
            assertTrue(c.getMessage().contains("CONCURRENT") && c.getMessage().contains("argument 1"), c.getMessage());
            IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task((StringBuilder b) -> b.append('x')).atomic().spawn(inOut(plain))));
            assertTrue(o.getMessage().contains("StringBuilder cannot be restored"), o.getMessage());
        }
    }
}
