package org.weft.deps;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dense index answers every query exactly as the tree does, over random sequences of puts, removes and
 * predecessor/successor queries on a storage of a few thousand elements (so queries cross bitmap words and
 * summary words).
 */
class SegmentIndexTest {

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
                if (x < bytes) {
                    Seg s = new Seg(x, x + g);
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
                assertEquals(tree.floor(q), dense.floor(q), "floor, " + where);
                assertEquals(tree.lower(q), dense.lower(q), "lower, " + where);
                assertEquals(tree.ceiling(q), dense.ceiling(q), "ceiling, " + where);
                assertEquals(tree.higher(q), dense.higher(q), "higher, " + where);
            }
            assertEquals(tree.size(), dense.size());
        }
    }
}
