package org.weft.resolve;

import org.weft.Mode;
import org.weft.Proc0;
import org.weft.Task;
import org.weft.Weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.spec.Explanation;
import org.weft.spec.SpecPolicy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.val;

/**
 * What a closure captured, as the runtime sees it without an inference on the class path: which captured values
 * may be data ({@link FnInfo#captured}), the STRICT error that names an undeclared one, {@code val(x)} and
 * declared accesses covering it, READ_BY_DEFAULT ordering a captured reader after a writer, and the explanation of
 * a closure listing its captured values.
 */
@Timeout(60)
class ClosureCaptureTest {

    @Test
    void onlyCapturedValuesThatMayBeDataAreListed() {
        double[] data = new double[4];
        AtomicInteger counter = new AtomicInteger();
        String label = "x";
        int n = 3;
        Proc0 onlyValues = () -> counter.addAndGet(n + label.length());
        assertNull(FnInfo.of(onlyValues, 0).captured, "primitives, strings and atomics are not data");
        Proc0 withData = () -> data[0] += n + counter.get();
        FnInfo.Captured[] c = FnInfo.of(withData, 0).captured;
        assertNotNull(c);
        assertEquals(1, c.length);
        assertEquals(double[].class, c[0].type());
    }

    @Test
    void strictRejectsAnUndeclaredCapturedArrayNamingIt() {
        double[] totals = new double[2];
        try (Weft weft = Weft.builder().workers(2).specPolicy(SpecPolicy.STRICT).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.spawn(() -> totals[0] += 1)));
            assertTrue(e.getMessage().contains("captured totals"), e.getMessage());
            assertTrue(e.getMessage().contains("STRICT"), e.getMessage());
            weft.region(r -> r.spawn(() -> totals[0] += 1, inOut(totals)));
            AtomicInteger seen = new AtomicInteger();
            weft.region(r -> r.spawn(() -> seen.set((int) totals.length), val(totals)));
            assertEquals(2, seen.get());
        }
        assertEquals(1.0, totals[0]);
    }

    @Test
    void readByDefaultOrdersACapturedReaderAfterAnEarlierWriter() throws InterruptedException {
        double[] x = {0};
        CountDownLatch writerStarted = new CountDownLatch(1), release = new CountDownLatch(1);
        AtomicInteger readerSaw = new AtomicInteger(-1);
        try (Weft weft = Weft.builder().workers(2).specPolicy(SpecPolicy.READ_BY_DEFAULT).build()) {
            weft.region(r -> {
                r.spawn(() -> {
                    writerStarted.countDown();
                    if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
                    x[0] = 7;
                }, inOut(x));
                if (!writerStarted.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the writer did not start");
                Task<Void> reader = r.spawn(() -> readerSaw.set((int) x[0]));      // captures x: IN by default
                assertFalse(reader.isDone(), "the reader ran while the writer held x");
                release.countDown();
            });
        }
        assertEquals(7, readerSaw.get());
    }

    @Test
    void anExplanationListsTheCapturedValues() {
        double[] buffer = new double[3];
        int scale = 2;
        Proc0 body = () -> buffer[0] *= scale;
        Explanation e = FnInfo.of(body, 0).declaredModes().explain("closure");
        assertEquals(0, e.params().size());
        assertEquals(2, e.captured().size());
        Explanation.Param b = e.captured().get(0);
        assertEquals("buffer", b.name());
        assertEquals(Mode.VALUE, b.mode(), "without an inference a spawn does not track captured data");
        assertEquals(Mode.VALUE, e.captured().get(1).mode());
        assertTrue(e.toString().contains("\n  captured buffer (double[]): VALUE [default] — not tracked: "), e.toString());
    }
}
