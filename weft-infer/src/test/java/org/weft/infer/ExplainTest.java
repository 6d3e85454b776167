package org.weft.infer;

import org.junit.jupiter.api.Test;
import org.weft.Mode;
import org.weft.Proc1;
import org.weft.Weft;
import org.weft.infer.corpus.Corpus;
import org.weft.spec.Explanation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Weft#explain} with the inference: modes, sources and reason chains down to instruction and line. */
class ExplainTest {

    @Test
    void theReasonChainGoesThroughCallsDownToTheInstruction() {
        Explanation e = Weft.explain(Corpus::callsHelper);
        String text = e.toString();
        assertTrue(text.startsWith("Corpus.callsHelper(double[], double[]) at Corpus.java:"), text);
        assertTrue(text.matches("(?s).*\\n  param b \\(double\\[]\\): INOUT \\[inferred] — DASTORE at Corpus\\.java:\\d+ "
                + "via Corpus\\.axpyInto\\(double\\[], double\\[]\\) at Corpus\\.java:\\d+.*"), text);
        assertEquals(Mode.IN, e.mode(1));
        assertEquals("a", e.params().getFirst().name());
    }

    @Test
    void explainsByClassNameAndParameterTypes() {
        Explanation e = Weft.explain(Corpus.class, "withLongs", long.class, double[].class, double.class, double[].class);
        assertEquals(Mode.VALUE, e.mode(1));
        assertEquals(Mode.IN, e.mode(2));
        assertEquals(Mode.VALUE, e.mode(3));
        assertEquals(Mode.INOUT, e.mode(4));
    }

    @Test
    void saysWhatItCannotSeeInto() {
        Explanation e = Weft.explain(Corpus::nativeCall);
        assertEquals(Mode.INOUT, e.mode(1));
        assertTrue(e.params().getFirst().reason().contains("a native method"), e.toString());
        assertTrue(Weft.explain(Corpus::threadEscape).params().getFirst().reason().contains("which may run it on another thread"));
    }

    @Test
    void explainsALambdaByItsTaskArgumentsOnly() {
        double[] captured = new double[1];
        Explanation e = Weft.explain((Proc1<double[]>) a -> a[0] = captured[0]);
        assertEquals(1, e.params().size());
        assertEquals(Mode.INOUT, e.mode(1));
        assertTrue(e.function().startsWith("lambda in ExplainTest"), e.function());
    }
}
