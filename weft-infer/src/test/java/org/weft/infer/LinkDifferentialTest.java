package org.weft.infer;

import org.junit.jupiter.api.Test;
import org.weft.Mode;
import org.weft.Weft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parameter stored into another parameter's data is inferred IN, and the runtime links the data: a later task
 * that reaches the stored datum through its container is ordered with the tasks that access the datum directly.
 *
 * <p>Each scenario makes the missing order visible without timing: the first of two tasks that must be ordered
 * waits (with a timeout) for a latch that only the second counts down, and the second records whether the first
 * had finished when it started. Ordered, the second starts only after the first (whose wait times out); unordered,
 * with two workers, the second starts while the first waits and sees it unfinished.
 */
class LinkDifferentialTest {
    /** A builder-style container. */
    public static final class Box {
        double[] data;
    }

    static CountDownLatch secondStarted;
    static volatile boolean firstDone;
    static volatile boolean firstDoneWhenSecondStarted;

    public static void link(Object[] holder, double[] x) {
        holder[0] = x;
    }

    public static void nest(Object[] outer, Object[] inner) {
        outer[0] = inner;
    }

    public static void put(Box box, double[] x) {
        box.data = x;
    }

    public static void writeDirect(double[] x) throws InterruptedException {
        secondStarted.await(1, TimeUnit.SECONDS);
        x[0] = 1;
        firstDone = true;
    }

    public static void writeThroughBox(Box box) throws InterruptedException {
        secondStarted.await(1, TimeUnit.SECONDS);
        box.data[0] = 2;
        firstDone = true;
    }

    public static void writeThroughTwo(Object[] outer) throws InterruptedException {
        secondStarted.await(1, TimeUnit.SECONDS);
        ((double[]) ((Object[]) outer[0])[0])[0] = 3;
        firstDone = true;
    }

    public static void readThrough(Object[] holder, double[] out) {
        firstDoneWhenSecondStarted = firstDone;
        secondStarted.countDown();
        out[0] = ((double[]) holder[0])[0];
    }

    public static void readDirect(double[] x, double[] out) {
        firstDoneWhenSecondStarted = firstDone;
        secondStarted.countDown();
        out[0] = x[0];
    }

    static void reset() {
        secondStarted = new CountDownLatch(1);
        firstDone = false;
        firstDoneWhenSecondStarted = false;
    }

    @Test
    void theStoredParameterIsInferredInAndTheContainerInOut() {
        List<org.weft.spec.ModeInference.Inferred> link = new BytecodeInference().infer(LinkDifferentialTest.class, "link",
                "([Ljava/lang/Object;[D)V", null);
        assertEquals(Mode.INOUT, link.get(0).mode());
        assertEquals(Mode.IN, link.get(1).mode(), link.get(1).reason());
        assertEquals(1L, link.get(1).storedInto());
        assertTrue(link.get(1).reason().contains("links it to holder"), link.get(1).reason());
    }

    @Test
    void aReadThroughTheContainerWaitsForADirectWriter() {
        reset();
        Object[] holder = new Object[1];
        double[] x = {0}, out = {-1};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.spawn(LinkDifferentialTest::link, holder, x);
                r.spawn(LinkDifferentialTest::writeDirect, x);
                r.spawn(LinkDifferentialTest::readThrough, holder, out);
            });
        }
        assertTrue(firstDoneWhenSecondStarted, "the read through the holder started before the direct write ended");
        assertEquals(1.0, out[0]);
    }

    @Test
    void aDirectReadWaitsForAWriteThroughABuilder() {
        reset();
        Box box = new Box();
        double[] x = {0}, out = {-1};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.spawn(LinkDifferentialTest::put, box, x);
                r.spawn(LinkDifferentialTest::writeThroughBox, box);
                r.spawn(LinkDifferentialTest::readDirect, x, out);
            });
        }
        assertTrue(firstDoneWhenSecondStarted, "the direct read started before the write through the box ended");
        assertEquals(2.0, out[0]);
    }

    @Test
    void linksAreFollowedTransitively() {
        reset();
        Object[] outer = new Object[1], inner = new Object[1];
        double[] x = {0}, out = {-1};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.spawn(LinkDifferentialTest::link, inner, x);
                r.spawn(LinkDifferentialTest::nest, outer, inner);
                r.spawn(LinkDifferentialTest::writeThroughTwo, outer);
                r.spawn(LinkDifferentialTest::readDirect, x, out);
            });
        }
        assertTrue(firstDoneWhenSecondStarted, "the direct read started before the write through two containers ended");
        assertEquals(3.0, out[0]);
    }

    @Test
    void aLinkedListBuiltByTasksMatchesSequentialExecution() {
        // many small links: each node links the previous one; the last task sums through the head
        int n = 200;
        List<double[]> values = new ArrayList<>();
        Object[][] nodes = new Object[n][];
        for (int i = 0; i < n; i++) {
            nodes[i] = new Object[2];
            values.add(new double[]{i});
        }
        double[] out = {0};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                for (int i = 0; i < n; i++) {
                    r.spawn(LinkDifferentialTest::link, nodes[i], values.get(i));
                    if (i > 0) r.spawn(LinkDifferentialTest::chain, nodes[i], nodes[i - 1]);
                }
                for (int i = 0; i < n; i++) r.spawn(LinkDifferentialTest::addOne, values.get(i));
                r.spawn(LinkDifferentialTest::sumList, nodes[n - 1], out);
            });
        }
        assertEquals((double) n * (n - 1) / 2 + n, out[0]);
        assertFalse(Double.isNaN(out[0]));
    }

    public static void chain(Object[] node, Object[] previous) {
        node[1] = previous;
    }

    public static void addOne(double[] v) {
        v[0] += 1;
    }

    public static void sumList(Object[] head, double[] out) {
        double s = 0;
        for (Object[] n = head; n != null; n = (Object[]) n[1]) s += ((double[]) n[0])[0];
        out[0] = s;
    }
}
