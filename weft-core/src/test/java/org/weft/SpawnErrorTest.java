package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.data.View;
import org.weft.data.Views;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.reduce;

/**
 * Bad input is rejected at spawn with a clear error, and nothing runs (DESIGN §1): each test makes one bad
 * spawn inside an otherwise empty region and checks that the spawn threw the expected exception with a
 * message naming the task and the argument, that the task's function never ran, that the data is unchanged,
 * that the region still completed normally, that no task was counted as spawned, and that the runtime then
 * runs a region normally.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpawnErrorTest {
    private final AtomicBoolean ran = new AtomicBoolean();
    private final double[] data = {1, 2, 3, 4};

    /** A spawn that must be rejected, given the region to spawn into and the runtime. */
    @FunctionalInterface
    interface BadSpawn {
        void spawn(Region r, Weft weft) throws Exception;
    }

    /**
     * Runs {@code bad} in a region, catching what it throws; asserts the region completed, the bad task never
     * ran, the data is unchanged, no task was spawned, and a following region works. Returns the exception.
     */
    private <E extends Throwable> E rejected(Class<E> type, BadSpawn bad) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                try {
                    bad.spawn(r, weft);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            assertNotNull(thrown.get(), "the bad spawn must throw");
            assertEquals(0, weft.stats().tasks(), "a rejected spawn must not count as a spawned task");
            long[] probe = {0};
            weft.region(r -> r.spawn((long[] p) -> { p[0]++; }, inOut(probe)));
            assertEquals(1, probe[0], "the runtime must run a region after a rejected spawn");
        }
        assertFalse(ran.get(), "the rejected task must never run");
        assertArrayEquals(new double[]{1, 2, 3, 4}, data, "data must be unchanged");
        return assertInstanceOf(type, thrown.get(), () -> "unexpected exception " + thrown.get());
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String p : parts)
            assertTrue(e.getMessage() != null && e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
    }

    // ---- argument types and counts -----------------------------------------------------------------

    @Test
    void anAccessWhoseDatumDoesNotMatchTheParameterTypeIsRejected() {
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task((double[] a) -> { ran.set(true); a[0] = 9; }).name("scale").spawn(in(new long[4])));
        assertMentions(e, "'scale'", "argument 1", "long[]", "double[]");
    }

    @Test
    void aRawArgumentWhoseTypeDoesNotMatchIsRejected() {
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task((double[] a, Integer n) -> { ran.set(true); a[0] = n; }).name("fill").spawn(data, "three"));
        assertMentions(e, "'fill'", "argument 2", "String", "Integer");
    }

    @Test
    void aTaskResultOfTheWrongTypeIsRejectedAtRunTimeWithoutRunningTheConsumer() {
        // The type of a Task argument is only known once it ran; the consumer then fails instead of running.
        try (Weft weft = Weft.builder().workers(2).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                Task<String> text = r.spawn(() -> "text");
                r.task((Integer n) -> { ran.set(true); return n + 1; }).name("increment").spawn(text);
            }));
            assertMentions(e, "'increment'", "argument 1", "String", "Integer");
        }
        assertFalse(ran.get());
    }

    @Test
    void theWrongNumberOfArgumentsIsRejected() {
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task((double[] a, Integer n) -> { ran.set(true); a[0] = n; }).name("fill").spawn(inOut(data)));
        assertMentions(e, "'fill'", "2 arguments", "1 given");
    }

    @Test
    void aNullForAPrimitiveParameterIsRejected() {
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task(SpawnErrorTest::scaleBy).name("scaleBy").spawn(inOut(data), null));
        assertMentions(e, "'scaleBy'", "argument 2", "primitive");
    }

    private static void scaleBy(double[] a, double factor) {
        for (int i = 0; i < a.length; i++) a[i] *= factor;
    }

    // ---- immutable values --------------------------------------------------------------------------

    @Test
    void outOnAStringIsRejected() {
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task((String s) -> { ran.set(true); }).name("write").spawn(out("hello")));
        assertMentions(e, "'write'", "argument 1", "OUT", "String");
    }

    @Test
    void inOutOnAnIntegerIsRejected() {
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task((double[] a, Integer n) -> { ran.set(true); a[0] = n; }).name("update").spawn(inOut(data), inOut(42)));
        assertMentions(e, "'update'", "argument 2", "INOUT", "Integer");
    }

    @Test
    void outOnAStringInTheClosureFormIsRejected() {
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task(() -> { ran.set(true); }).name("closure").spawn(inOut(data), out("hello")));
        assertMentions(e, "'closure'", "OUT", "String");
    }

    // ---- user-defined views ------------------------------------------------------------------------

    /** A view that trusts its spans: the runtime, not the constructor, must check them. */
    private record RawView(Object base, long[] starts, long[] lengths) implements View {
        @Override public int spanCount() { return starts.length; }
        @Override public long spanStart(int i) { return starts[i]; }
        @Override public long spanLength(int i) { return lengths[i]; }
        @Override public String toString() { return "RawView"; }
    }

    @Test
    void aCustomViewPastTheEndOfItsArrayIsRejected() {
        View v = new RawView(data, new long[]{16}, new long[]{32});      // bytes [16, 48) of a 32-byte array
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task((View x) -> { ran.set(true); }).name("custom").spawn(inOut(v)));
        assertMentions(e, "'custom'", "argument 1", "RawView", "exceeds");
    }

    @Test
    void aCustomViewWithUnsortedSpansIsRejected() {
        View v = new RawView(data, new long[]{16, 0}, new long[]{8, 8});
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task((View x) -> { ran.set(true); }).name("custom").spawn(in(v)));
        assertMentions(e, "'custom'", "argument 1", "RawView", "not after");
    }

    @Test
    void aCustomViewWithAnEmptySpanIsRejected() {
        View v = new RawView(data, new long[]{0}, new long[]{0});
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task((View x) -> { ran.set(true); }).name("custom").spawn(inOut(v)));
        assertMentions(e, "'custom'", "argument 1", "length 0");
    }

    @Test
    void aBadSecondArgumentLeavesNoDependencyOnTheFirst() {
        // If the rejected spawn had registered its first access, this writer would wait for a task that never runs.
        double[] d = {0};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                assertThrows(IllegalArgumentException.class, () ->
                        r.task((double[] a, String s) -> { ran.set(true); }).name("bad").spawn(inOut(d), out("immutable")));
                r.spawn((double[] a) -> { a[0] = 7; }, inOut(d));
            });
            assertEquals(1, weft.stats().tasks());
        }
        assertEquals(7, d[0]);
        assertFalse(ran.get());
    }

    // ---- nested regions ----------------------------------------------------------------------------

    @Test
    void aNestedAccessOutsideTheParentsAccessesIsRejected() {
        long[] a = new long[8];
        AtomicReference<Throwable> childError = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task((Object s) -> weft.region(inner -> {
                try {
                    inner.task((Object x) -> { ran.set(true); }).name("child").spawn(in(Views.range(a, 4, 8)));
                } catch (Throwable t) {
                    childError.set(t);
                }
            })).name("parent").spawn(inOut(Views.range(a, 0, 4))));
        }
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, childError.get());
        assertMentions(e, "'child'", "argument 1", "not covered", "'parent'");
        assertFalse(ran.get());
    }

    @Test
    void aNestedWriteUnderTheParentsReadIsRejected() {
        long[] a = new long[8];
        AtomicReference<Throwable> childError = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task((Object s) -> weft.region(inner -> {
                try {
                    inner.task((Object x) -> { ran.set(true); }).name("child").spawn(inOut(Views.range(a, 0, 2)));
                } catch (Throwable t) {
                    childError.set(t);
                }
            })).name("parent").spawn(in(a)));
        }
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, childError.get());
        assertMentions(e, "'child'", "argument 1", "not covered", "writing");
        assertFalse(ran.get());
        assertArrayEquals(new long[8], a);
    }

    // ---- where and when spawning is allowed ---------------------------------------------------------

    @Test
    void spawnAfterTheRegionClosedIsRejected() {
        AtomicReference<Region> leaked = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(leaked::set);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> leaked.get().task((double[] a) -> { ran.set(true); }).name("late").spawn(inOut(data)));
            assertMentions(e, "'late'", "closed");
            assertEquals(0, weft.stats().tasks());
        }
        assertFalse(ran.get());
        assertArrayEquals(new double[]{1, 2, 3, 4}, data);
    }

    @Test
    void spawnFromAnotherThreadIsRejected() {
        IllegalStateException e = rejected(IllegalStateException.class, (r, w) -> {
            AtomicReference<Throwable> fromThread = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    r.task((double[] a) -> { ran.set(true); }).name("stranger").spawn(inOut(data));
                } catch (Throwable x) {
                    fromThread.set(x);
                }
            });
            t.start();
            t.join(Sync.WAIT_S * 1000);
            if (fromThread.get() instanceof RuntimeException x) throw x;    // hand it to rejected() as if thrown here
        });
        assertMentions(e, "'stranger'", "not running this region's body");
    }

    @Test
    void spawnIntoTheEnclosingRegionFromInsideATaskIsRejected() {
        AtomicReference<Throwable> fromTask = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.spawn(() -> {
                try {
                    r.task((double[] a) -> { ran.set(true); }).name("sneaky").spawn(inOut(data));
                } catch (Throwable t) {
                    fromTask.set(t);
                }
            }));
            assertEquals(1, weft.stats().tasks());
        }
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, fromTask.get());
        assertMentions(e, "'sneaky'");
        assertFalse(ran.get());
    }

    @Test
    void aRegionOpenedDirectlyInATopLevelRegionBodyIsRejected() {
        IllegalStateException e = rejected(IllegalStateException.class, (r, weft) ->
                weft.region(inner -> inner.spawn((double[] a) -> { ran.set(true); }, inOut(data))));
        assertMentions(e, "inside a region body");
    }

    @Test
    void aNullFunctionIsRejected() {
        NullPointerException e = rejected(NullPointerException.class, (r, w) -> r.spawn((Proc1<double[]>) null, inOut(data)));
        assertMentions(e, "task function");
    }

    @Test
    void aNullFunctionInTheFluentFormIsRejected() {
        NullPointerException e = rejected(NullPointerException.class, (r, w) -> r.task((Proc1<double[]>) null).spawn(inOut(data)));
        assertMentions(e, "task function");
    }

    @Test
    void reduceInTheClosureFormIsRejected() {
        long[] acc = {5};
        IllegalArgumentException e = rejected(IllegalArgumentException.class, (r, w) ->
                r.task(() -> { ran.set(true); acc[0] = 0; }).name("sum").spawn(reduce(Reduction.longSum(), acc)));
        assertMentions(e, "'sum'", "reduce");
        assertEquals(5, acc[0]);
    }

}
