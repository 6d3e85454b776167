package org.weft.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.data.Views;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;

/** Control over copies in the graph: prefetch, move and copy; and the capacity of a space, checked at spawn. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PrefetchMoveCopyTest {
    private static final MemorySpace HOST = MemorySpaces.host();

    @Test
    void aPrefetchMakesTheDataCurrentSoThePlacedReaderCopiesNothingMore() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = CopyCountTest.data(10);
        try (Weft weft = Weft.builder().workers(2).build()) {
            double s = weft.regionResult(r -> {
                r.prefetch(a, dev).get();
                assertEquals(1, weft.memoryStats().copies(HOST, dev), "the prefetch copied");
                return r.task(CopyCountTest::sum).on(dev).spawn(in(a)).get();
            });
            assertEquals(45, s);
            assertEquals(1, weft.memoryStats().copies(HOST, dev), "the reader found it current");
            assertEquals(0, weft.memoryStats().copies(dev, HOST));
        }
    }

    @Test
    void aMoveLeavesTheSpaceTheOnlyCurrentCopyUntilTheRegionEnds() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = CopyCountTest.data(10);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.move(a, dev);
                r.spawn(CopyCountTest::sum, in(a));         // the host reader must fetch it back
            });
            MemoryStats m = weft.memoryStats();
            assertEquals(1, m.copies(HOST, dev));
            assertEquals(1, m.copies(dev, HOST), "the host reader brought it back; nothing left for the region's end");
            assertEquals(9, a[9]);
        }
    }

    @Test
    void copyMovesBytesBetweenViewsOfTheSameSizeInGraphOrder() {
        double[] src = CopyCountTest.data(16), dst = new double[16];
        double[] m = new double[16];
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.spawn(CopyCountTest::addOne, inOut(src));
                r.copy(Views.range(src, 0, 8), Views.strided(dst, 0, 16, 2));
                r.copy(Views.range(src, 8, 12), Matrix.wrap(m, 4, 4).block(0, 1, 2, 2));
            });
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(i + 1, dst[2 * i], "dst " + 2 * i);
            assertEquals(0, dst[2 * i + 1]);
        }
        assertArrayEquals(new double[]{0, 0, 0, 0, 9, 10, 0, 0, 11, 12, 0, 0, 0, 0, 0, 0}, m);
        try (Weft weft = Weft.builder().workers(2).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.copy(Views.range(src, 0, 3), Views.range(dst, 0, 4))));
            assertTrue(e.getMessage().contains("24 bytes into 32"), e.getMessage());
        }
    }

    @Test
    void aWorkingSetLargerThanTheSpaceIsRefusedAtSpawn() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.heapMirror("small"), 100);
        double[] a = new double[10], b = new double[10];
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task(CopyCountTest::addOne).on(small).spawn(inOut(a)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task((double[] x, double[] y) -> { }).on(small).spawn(inOut(a), in(b))));
            assertTrue(e.getMessage().contains("160 bytes") && e.getMessage().contains("100 bytes"), e.getMessage());
        }
    }
}
