package org.weft.infer;

import org.junit.jupiter.api.Test;
import org.weft.Weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.inOut;

/**
 * Links belong to the runtime, not to one region: a structure built in one region and used in the next, or inside a
 * nested region, still orders a read through the container after a direct write of what it holds. The scenarios
 * use {@link LinkDifferentialTest}'s functions, and make a missing order visible the same way, without timing.
 */
class LinkAcrossRegionsTest {

    @Test
    void aLinkMadeInOneRegionOrdersTasksOfTheNext() {
        LinkDifferentialTest.reset();
        Object[] holder = new Object[1];
        double[] x = {0}, out = {-1};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.spawn(LinkDifferentialTest::link, holder, x));
            weft.region(r -> {
                r.spawn(LinkDifferentialTest::writeDirect, x);
                r.spawn(LinkDifferentialTest::readThrough, holder, out);
            });
        }
        assertTrue(LinkDifferentialTest.firstDoneWhenSecondStarted,
                "the read through the holder started before the direct write of the next region ended");
        assertEquals(1.0, out[0]);
    }

    @Test
    void aNestedRegionSeesTheLinksOfItsParentsRegion() {
        LinkDifferentialTest.reset();
        Object[] holder = new Object[1];
        double[] x = {0}, out = {-1};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.spawn(LinkDifferentialTest::link, holder, x);
                r.spawn(() -> weft.region(inner -> {
                    inner.spawn(LinkDifferentialTest::writeDirect, x);
                    inner.spawn(LinkDifferentialTest::readThrough, holder, out);
                }), inOut(holder), inOut(x), inOut(out));
            });
        }
        assertTrue(LinkDifferentialTest.firstDoneWhenSecondStarted,
                "inside the nested region, the read through the holder did not wait for the direct write");
        assertEquals(1.0, out[0]);
    }

    @Test
    void aNestedTaskIsNotGivenALinkMadeAfterItsEnclosingTask() {
        Object[] holder = new Object[1];
        double[] x = {0}, seen = {-1};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                // the enclosing task covers holder but not x; the link holder -> x is made by a task spawned after
                // it, so in sequential order its nested tasks cannot reach x through holder: they must not fail
                r.spawn(() -> weft.region(inner -> inner.spawn(LinkAcrossRegionsTest::peek, holder, seen)), inOut(holder), inOut(seen));
                r.spawn(LinkDifferentialTest::link, holder, x);
            });
        }
        assertEquals(0.0, seen[0], "the nested task ran after the link, or saw it");
    }

    public static void peek(Object[] holder, double[] seen) {
        seen[0] = holder[0] == null ? 0 : 1;
    }
}
