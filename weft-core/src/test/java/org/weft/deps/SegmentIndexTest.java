package org.weft.deps;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dense index answers every query as the tree does, over random sequences of puts, removes and
 * predecessor/successor queries on a storage of a few thousand elements (so queries cross bitmap words and
 * summary words). Successor queries agree exactly; predecessor queries agree whenever the tree's answer
 * contains the queried byte (the only question the tracker asks), and otherwise the dense index may answer
 * null instead of a segment that cannot reach it.
 */
class SegmentIndexTest {

    private static void assertSameReach(Seg fromTree, Seg fromDense, long x, String where) {
        if (fromTree != null && fromTree.hi > x) assertEquals(fromTree, fromDense, where);
        else if (fromDense != null) assertEquals(fromTree, fromDense, where);
    }

    @Property(tries = 40, seed = "11")
    void denseIndexAgreesWithTree(@ForAll long seed) {
        Random rnd = new Random(seed);
        int elements = 1 + rnd.nextInt(20_000), g = 8;
        long bytes = (long) elements * g;
        SegmentIndex dense = new SegmentIndex.Dense(bytes, g), tree = new SegmentIndex.Tree();
        for (int op = 0; op < 3000; op++) {
            long x = (long) rnd.nextInt(elements + 1) * g;
            int kind = rnd.nextInt(6);
            if (kind == 0) {
                long len = (long) g * (1 + rnd.nextInt(rnd.nextBoolean() ? 1 : 50));
                Seg prev = tree.floor(x), next = tree.higher(x);
                boolean free = x < bytes && (prev == null || prev.hi <= x) && (next == null || next.lo >= x + len);
                if (free) {     // segments of an index are disjoint
                    Seg s = new Seg(x, Math.min(bytes, x + len));
                    dense.put(s);
                    tree.put(s);
                }
            } else if (kind == 1) {
                Seg s = tree.floor(x);
                if (s != null) {
                    dense.remove(s);
                    tree.remove(s);
                }
            } else {
                long q = rnd.nextInt(3) == 0 ? x + rnd.nextInt(g) : x;
                String where = "seed " + seed + " op " + op + " query " + q;
                assertSameReach(tree.floor(q), dense.floor(q), q, "floor, " + where);
                assertSameReach(tree.lower(q), dense.lower(q), q - 1, "lower, " + where);
                assertEquals(tree.ceiling(q), dense.ceiling(q), "ceiling, " + where);
                assertEquals(tree.higher(q), dense.higher(q), "higher, " + where);
            }
            assertEquals(tree.size(), dense.size());
        }
    }
}
