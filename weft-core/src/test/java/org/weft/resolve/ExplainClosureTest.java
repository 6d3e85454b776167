package org.weft.resolve;

import org.weft.Mode;
import org.weft.Proc0;
import org.weft.Weft;

import org.junit.jupiter.api.Test;
import org.weft.spec.Explanation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Weft#explain(Proc0)} and {@link Weft#explain(Fn0)} without an inference on the class path, where a spawn under
 * INFER does not track what a closure captured: the explanation says so for each captured value that may be data, and
 * names the closure and its values as it does with an inference (weft-infer's {@code ExplainClosureTest} has the modes).
 */
class ExplainClosureTest {

    static final class Buffer {
        final double[] samples = new double[4];

        Proc0 clear() {
            return () -> java.util.Arrays.fill(samples, 0);
        }
    }

    @Test
    void aClosureWithoutArgumentsSaysItsCapturedDataIsNotTracked() {
        double[] x = new double[2];
        int scale = 3;
        Explanation e = Weft.explain(() -> {
            x[0] *= scale;
        });
        assertEquals(0, e.params().size());
        assertTrue(e.function().startsWith("lambda in ExplainClosureTest"), e.function());
        assertEquals(2, e.captured().size(), e.toString());
        Explanation.Param data = e.captured().get(0);
        assertEquals("double[]", data.type());
        assertEquals(Mode.VALUE, data.mode());
        assertEquals(Explanation.Source.DEFAULT, data.source());
        assertEquals("not tracked: " + Specs.UNTRACKED_CAPTURES, data.reason());
        assertTrue(e.toString().contains("\n  captured scale (int): VALUE [value] — an int is passed as a value"), e.toString());
    }

    @Test
    void aClosureWithAResultIsExplainedLikeOneWithout() {
        double[] x = {1, 2};
        Explanation e = Weft.explain(() -> x[0] + x[1]);
        assertEquals(1, e.captured().size(), e.toString());
        assertTrue(e.captured().getFirst().reason().startsWith("not tracked: "), e.toString());
    }

    @Test
    void aCapturedObjectIsNamedWithItsType() {
        Explanation e = Weft.explain(new Buffer().clear());
        assertEquals(1, e.captured().size(), "without tracking, the data in its fields is not listed: " + e);
        assertEquals("this", e.captured().get(0).name());
        assertEquals("Buffer", e.captured().get(0).type());
    }

    @Test
    void aFunctionObjectOfItsOwnClassIsNamedByItsBinaryName() {
        double[] y = new double[1];
        Explanation e = Weft.explain(new Proc0() {
            @Override
            public void run() {
                y[0] = 1;
            }
        });
        assertTrue(e.function().startsWith("ExplainClosureTest$"), e.function());
    }
}
