package org.weft.infer;

import org.junit.jupiter.api.Test;
import org.weft.Mode;
import org.weft.Proc0;
import org.weft.Fn0;
import org.weft.Weft;
import org.weft.spec.Explanation;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Weft#explain(Proc0)} and {@link Weft#explain(Fn0)} with the inference: each captured value with its inferred
 * mode and the instruction that decided it, a captured {@code this} and the data in its fields, and a value the
 * analysis cannot follow.
 */
class ExplainClosureTest {

    static final class Histogram {
        final double[] counts = new double[8];
        double total;

        Proc0 add(double[] samples) {
            return () -> {
                for (double s : samples) counts[(int) s & 7] += 1;
            };
        }

        Fn0<Double> sum() {
            return () -> {
                double s = 0;
                for (double c : counts) s += c;
                return s;
            };
        }
    }

    static native void opaque(double[] a);

    private static Explanation.Param captured(Explanation e, String name) {
        return e.captured().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no captured " + name + " in\n" + e));
    }

    @Test
    void capturedArraysGetTheirInferredModesAndReasons() {
        double[] src = {1, 2, 3};
        double[] dst = new double[3];
        double[] partial = new double[3];
        int n = 2;
        Explanation e = Weft.explain(() -> {
            for (int i = 0; i < dst.length; i++) dst[i] = 2 * src[i];
            for (int i = 0; i < n; i++) partial[i] = src[i];
        });
        assertEquals(List.of(), e.params());
        Explanation.Param s = captured(e, "src"), d = captured(e, "dst"), p = captured(e, "partial");
        assertEquals(Mode.IN, s.mode());
        assertEquals(Explanation.Source.INFERRED, s.source());
        assertTrue(s.reason().startsWith("only read: DALOAD at ExplainClosureTest.java:"), s.reason());
        assertEquals(Mode.OUT, d.mode(), e.toString());
        assertTrue(d.reason().contains("every element"), d.reason());
        assertEquals(Mode.INOUT, p.mode(), "a loop to n may leave elements as they were: " + e);
        assertTrue(p.reason().startsWith("DASTORE at ExplainClosureTest.java:"), p.reason());
        assertEquals(Mode.VALUE, captured(e, "n").mode());
    }

    @Test
    void aCapturedThisIsExplainedWithTheDataInItsFields() {
        Histogram h = new Histogram();
        Explanation add = Weft.explain(h.add(new double[]{1, 5}));
        assertEquals(Mode.INOUT, captured(add, "this").mode());
        assertTrue(captured(add, "this").reason().startsWith("DASTORE at ExplainClosureTest.java:"), add.toString());
        Explanation.Param counts = captured(add, "this.counts");
        assertEquals(Mode.INOUT, counts.mode());
        assertTrue(counts.reason().startsWith("reached through this, tracked with it: DASTORE"), counts.reason());
        assertEquals(Mode.IN, captured(add, "samples").mode());

        Explanation sum = Weft.explain(h.sum());
        assertEquals(Mode.IN, captured(sum, "this").mode(), sum.toString());
        assertEquals(Mode.IN, captured(sum, "this.counts").mode());
    }

    @Test
    void whatTheAnalysisCannotFollowIsInOutAndSaysWhy() {
        double[] followed = new double[2];
        double[] hidden = new double[2];
        Explanation e = Weft.explain(() -> {
            opaque(hidden);
            return followed[0];
        });
        assertEquals(Mode.IN, captured(e, "followed").mode());
        Explanation.Param h = captured(e, "hidden");
        assertEquals(Mode.INOUT, h.mode());
        assertTrue(h.reason().contains("which the analysis cannot see into: a native method"), h.reason());
    }

    @Test
    void aFunctionObjectOfItsOwnClassListsTheDataInItsFieldsNotItself() {
        double[] y = new double[1];
        double[] z = {2};
        Explanation e = Weft.explain(new Proc0() {
            @Override
            public void run() {
                y[0] = z[0];
            }
        });
        assertTrue(e.function().startsWith("ExplainClosureTest$"), e.function());
        Explanation.Param field = captured(e, "y");
        assertEquals(Mode.INOUT, field.mode(), "the fields share the mode of the object that holds them: " + e);
        assertTrue(field.reason().startsWith("a field of the function object, tracked with the mode of its receiver: "), field.reason());
        assertEquals(Mode.INOUT, captured(e, "z").mode());
        assertTrue(e.captured().stream().noneMatch(p -> p.type().startsWith("ExplainClosureTest$")), e.toString());
    }

    @Test
    void printsOneLinePerCapturedValue() {
        double[] x = new double[4];
        String text = Weft.explain(() -> java.util.Arrays.fill(x, 1.0)).toString();
        assertTrue(text.matches("lambda in ExplainClosureTest\\.printsOneLinePerCapturedValue at ExplainClosureTest\\.java:\\d+\\n"
                + "  captured x \\(double\\[]\\): OUT \\[inferred] — .*"), text);
    }
}
