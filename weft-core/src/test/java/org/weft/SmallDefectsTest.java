package org.weft;

import org.junit.jupiter.api.Test;
import org.weft.data.DoubleSlice;
import org.weft.data.Matrix;
import org.weft.data.View;
import org.weft.data.Views;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;

/**
 * The small defects of issue 9, item 13: priorities at the ends of the int range keep their order, a null access
 * list, a view with a null base and an impossible worker count get errors that say what is wrong, and empty data
 * (empty arrays, empty ranges, blocks without rows) are valid arguments that alias nothing.
 */
class SmallDefectsTest {

    @Test
    void extremePrioritiesRunInOrder() {
        List<Integer> order = new CopyOnWriteArrayList<>();
        try (Weft weft = Weft.builder().workers(1).build()) {
            weft.region(r -> {
                // one worker, busy with this body: nothing runs until the body waits at its end, then most urgent first
                for (int p : new int[]{Integer.MIN_VALUE, 0, -5, Integer.MAX_VALUE, 7, Integer.MIN_VALUE + 1})
                    r.task(() -> { order.add(p); }).priority(p).spawn();
            });
        }
        assertEquals(List.of(Integer.MAX_VALUE, 7, 0, -5, Integer.MIN_VALUE + 1, Integer.MIN_VALUE), order);
    }

    @Test
    void aNullAccessListIsAnErrorNamingTheTask() {
        try (Weft weft = Weft.builder().workers(1).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.spawn(() -> { }, (Access[]) null)));
            assertTrue(e.getMessage().contains("task #1") && e.getMessage().contains("access list is null"), e.getMessage());
        }
    }

    @Test
    void aUserViewWithANullBaseIsAnErrorNamingTheArgument() {
        View nullBase = new View() {
            @Override public Object base() { return null; }
            @Override public int spanCount() { return 1; }
            @Override public long spanStart(int i) { return 0; }
            @Override public long spanLength(int i) { return 8; }
        };
        try (Weft weft = Weft.builder().workers(1).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.spawn((View v) -> { }, in(nullBase))));
            assertTrue(e.getMessage().contains("argument 1") && e.getMessage().contains("base() is null"), e.getMessage());
        }
    }

    @Test
    void aWorkerCountBeyondTheLimitSaysTheLimit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weft.builder().workers(40_000));
        assertTrue(e.getMessage().contains("32767") && e.getMessage().contains("40000"), e.getMessage());
    }

    @Test
    void aTileOfSizeZeroSaysTheSizeIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Matrix.wrap(new double[16], 4, 4).tile(0, 0, 0));
        assertEquals("tile size 0 must be at least 1", e.getMessage());
    }

    /** Empty data are valid arguments: they touch no byte, so they never make a task wait. */
    @Test
    void emptyArraysAndEmptyViewsAreValidAndAliasNothing() {
        double[] a = new double[8];
        double[] none = new double[0];
        DoubleSlice empty = Views.range(a, 3, 3);
        Matrix noRows = Matrix.wrap(a, 4, 2).block(4, 0, 0, 2);
        MemorySegment seg = MemorySegment.ofArray(new byte[16]);
        double[] sum = {0};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.spawn((double[] x) -> { for (int i = 0; i < x.length; i++) x[i] = i; }, out(a));
                r.spawn((double[] x) -> { }, inOut(none));
                r.spawn((DoubleSlice s) -> { }, out(empty));
                r.spawn((Matrix m) -> { }, inOut(noRows));
                r.spawn((View v) -> { }, inOut(Views.range(seg, 4, 4)));
                r.spawn((double[] x, double[] s) -> { for (double v : x) s[0] += v; }, in(a), out(sum));
            });
        }
        assertEquals(28, sum[0]);
        assertEquals(0, Views.overlapBytes(empty, Views.of(a)));
    }
}
