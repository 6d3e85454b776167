package org.weft.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Shared;
import org.weft.Weft;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;

/** A space of limited capacity evicts replicas, least recently used first, writing home what only they held. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EvictionTest {

    /** A heap mirror that may hold {@code capacity} bytes. */
    record Small(MemorySpace inner, long capacity) implements MemorySpace {
        @Override public String name() { return inner.name(); }
        @Override public boolean hostAddressable() { return true; }
        @Override public Replica allocate(Object root, long offset, long byteSize) { return inner.allocate(root, offset, byteSize); }
        @Override public void copy(Object home, Replica replica, boolean toReplica, ByteRuns runs, Landing done) { inner.copy(home, replica, toReplica, runs, done); }
        @Override public boolean canPresent(Object datum, Class<?> type) { return inner.canPresent(datum, type); }
        @Override public Object present(Replica replica, Object datum, Class<?> type) { return inner.present(replica, datum, type); }
    }

    @Test
    void sharedArraysThatDoNotFitTogetherAreEvictedAndWrittenHomeFirst() {
        MemorySpace dev = new Small(MemorySpaces.heapMirror("small"), 1700);      // two of the three 800-byte arrays
        List<double[]> arrays = new ArrayList<>();
        for (int k = 0; k < 3; k++) arrays.add(CopyCountTest.data(100));
        try (Weft weft = Weft.builder().workers(2).build()) {
            List<Shared<double[]>> shared = new ArrayList<>();
            for (double[] a : arrays) shared.add(weft.share(a));
            for (int round = 0; round < 5; round++)
                for (double[] a : arrays) {
                    weft.region(r -> r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a)));
                    assertTrue(weft.memoryStats().allocatedBytes(dev) <= 1700, weft.memoryStats().toString());
                }
            for (int k = 0; k < 3; k++) {
                double[] now = shared.get(k).get();
                for (int i = 0; i < 100; i++) assertEquals(i + 5, now[i], "array " + k + " element " + i);
                shared.get(k).close();
            }
            MemoryStats m = weft.memoryStats();
            assertTrue(m.evictions() >= 12, "every use after the first round evicts the least recently used one: " + m);
            assertEquals(m.evictions() + 2, m.copies(dev, MemorySpaces.host()),
                    "each eviction wrote its array home, then the get of each of the two still there");
        }
    }

    @Test
    void withinARegionAnEvictedReplicaIsBroughtBackForItsNextReader() {
        MemorySpace dev = new Small(MemorySpaces.heapMirror("tiny"), 900);        // one 800-byte array at a time
        double[] a = CopyCountTest.data(100), b = CopyCountTest.data(100);
        // one worker: the tasks take turns, so each needs the other's replica evicted (with several workers, two tasks
        // that use both arrays at once both keep their replicas: a pinned replica is never evicted)
        try (Weft weft = Weft.builder().workers(1).build()) {
            double total = weft.regionResult(r -> {
                r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a));
                r.task(CopyCountTest::addOne).on(dev).spawn(inOut(b));
                r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a));
                return r.task(CopyCountTest::sum).on(dev).spawn(in(b)).get() + r.task(CopyCountTest::sum).on(dev).spawn(in(a)).get();
            });
            assertEquals(2 * 4950 + 100 + 200, total);
            for (int i = 0; i < 100; i++) {
                assertEquals(i + 2, a[i]);
                assertEquals(i + 1, b[i]);
            }
            assertTrue(weft.memoryStats().evictions() >= 1, weft.memoryStats().toString());
        }
    }
}
