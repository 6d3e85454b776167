package org.weft.bench;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultLineTest {

    @Test
    void parsesAnAnchorLine() {
        ResultLine l = ResultLine.parse("RESULT micro chain rt=libgomp(gcc) threads=2 tasks=1000000 rep=3 time_s=0.8440 "
                + "tasks_per_s=1184878 ns_per_task=844.0 foreign=0.02\n").orElseThrow();
        assertEquals("micro", l.bench());
        assertEquals("chain", l.variant());
        assertEquals("libgomp(gcc)", l.runtime());
        assertEquals(1184878, l.number("tasks_per_s").orElseThrow());
        assertEquals("3", l.get("rep"));
        assertFalse(l.failed());
    }

    @Test
    void keepsFieldOrderWhenPrinted() {
        String s = "RESULT micro indep rt=starpu threads=2 sched=default(lws) tasks=1000000 rep=0 time_s=2.5996 foreign=0.00";
        assertEquals(s, ResultLine.parse(s).orElseThrow().toString());
    }

    @Test
    void ignoresOtherLines() {
        assertEquals(Optional.empty(), ResultLine.parse("[starpu] warning"));
        assertEquals(Optional.empty(), ResultLine.parse("RESULT micro"));
        assertEquals(Optional.empty(), ResultLine.parse(""));
    }

    @Test
    void nonNumericAndMissingFieldsAreEmpty() {
        ResultLine l = ResultLine.parse("RESULT micro indep rt=x tasks_per_s=fast").orElseThrow();
        assertTrue(l.number("tasks_per_s").isEmpty());
        assertTrue(l.number("time_s").isEmpty());
    }

    @Test
    void formatsLikeMicroOmp() {
        ResultLine l = ResultLine.micro("wavefront", "weft", 2, 1_000_000, 4, 1.25, 0.031);
        assertEquals("RESULT micro wavefront rt=weft threads=2 tasks=1000000 rep=4 time_s=1.2500 tasks_per_s=800000 "
                + "ns_per_task=1250.0 foreign=0.03", l.toString());
    }

    @Test
    void failureLinesAreOneTokenPerField() {
        ResultLine l = ResultLine.microFailure("chain", "weft", 2, 0, "x=5 of 10");
        assertTrue(l.failed());
        assertEquals("RESULT micro chain rt=weft threads=2 rep=0 status=FAIL check=x=5_of_10", l.toString());
        assertTrue(ResultLine.parse(l.toString()).orElseThrow().failed());
    }

    @Test
    void withAddsOrReplaces() {
        ResultLine l = ResultLine.parse("RESULT micro indep rt=java(fj-fork) threads=2 rep=0").orElseThrow();
        assertEquals("RESULT micro indep rt=java(fj-fork) threads=2 rep=0 foreign=0.50", l.with("foreign", "0.50").toString());
        assertEquals("RESULT micro indep rt=java(fj-fork) threads=4 rep=0", l.with("threads", "4").toString());
    }
}
