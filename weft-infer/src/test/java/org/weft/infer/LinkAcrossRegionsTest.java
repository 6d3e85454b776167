package org.weft.infer;

import org.junit.jupiter.api.Test;
import org.weft.Weft;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.inOut;

/**
 * Links belong to the runtime, not to one region: a structure built in one region and used in the next, or inside a
 * nested region, still orders a read through the container after a direct write of what it holds.
 *
 * <p>As in {@link LinkDifferentialTest}, without timing: the writer waits (with a timeout) for a latch that only the
 * reader counts down, and the reader records whether the writer had finished when it started. Ordered, the reader
 * starts after the writer; unordered, with two workers, it starts while the writer waits and sees it unfinished.
 */
class LinkAcrossRegionsTest {
    private static CountDownLatch readerStarted;
    private static volatile boolean written, writtenWhenReaderStarted;

    public static void link(Object[] holder, double[] x) {
        holder[0] = x;
    }

    public static void writeDirect(double[] x) throws InterruptedException {
        readerStarted.await(1, TimeUnit.SECONDS);
        x[0] = 5;
        written = true;
    }

    public static void readThrough(Object[] holder, double[] out) {
        writtenWhenReaderStarted = written;
        readerStarted.countDown();
        out[0] = ((double[]) holder[0])[0];
    }

    private static void reset() {
        readerStarted = new CountDownLatch(1);
        written = false;
        writtenWhenReaderStarted = false;
    }

    @Test
    void aLinkMadeInOneRegionOrdersTasksOfTheNext() {
        reset();
        Object[] holder = new Object[1];
        double[] x = {0}, out = {-1};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.spawn(LinkAcrossRegionsTest::link, holder, x));
            weft.region(r -> {
                r.spawn(LinkAcrossRegionsTest::writeDirect, x);
                r.spawn(LinkAcrossRegionsTest::readThrough, holder, out);
            });
        }
        assertTrue(writtenWhenReaderStarted, "the read through the holder started before the direct write of the next region ended");
        assertEquals(5.0, out[0]);
    }

    @Test
    void aNestedRegionSeesTheLinksOfItsParentsRegion() {
        reset();
        Object[] holder = new Object[1];
        double[] x = {0}, out = {-1};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.spawn(LinkAcrossRegionsTest::link, holder, x);
                r.spawn(() -> weft.region(inner -> {
                    inner.spawn(LinkAcrossRegionsTest::writeDirect, x);
                    inner.spawn(LinkAcrossRegionsTest::readThrough, holder, out);
                }), inOut(holder), inOut(x), inOut(out));
            });
        }
        assertTrue(writtenWhenReaderStarted, "inside the nested region, the read through the holder did not wait for the direct write");
        assertEquals(5.0, out[0]);
    }

    @Test
    void aNestedTaskIsNotGivenALinkMadeAfterItsEnclosingTask() {
        reset();
        Object[] holder = new Object[1];
        double[] x = {0}, out = {-1}, seen = {-1};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                // the enclosing task covers holder but not x; the link holder -> x is made by a task spawned after
                // it, so in sequential order its nested tasks cannot reach x through holder: they must not fail
                r.spawn(() -> weft.region(inner -> inner.spawn(LinkAcrossRegionsTest::peek, holder, seen)), inOut(holder), inOut(seen));
                r.spawn(LinkAcrossRegionsTest::link, holder, x);
            });
        }
        assertEquals(0.0, seen[0], "the nested task ran after the link, or saw it");
    }

    public static void peek(Object[] holder, double[] seen) {
        seen[0] = holder[0] == null ? 0 : 1;
    }
}
