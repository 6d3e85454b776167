package org.weft.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchMainTest {

    @Test
    void commandLineQuotesWhatAShellWouldSplit() {
        assertEquals("weft bench micro --reps 3 --out 'my results' --anchors 'it'\\''s'",
                BenchMain.commandLine("micro", "--reps", "3", "--out", "my results", "--anchors", "it's"));
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhy() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, BenchMain.run(o, e));
        assertEquals(2, BenchMain.run(o, e, "macro"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown benchmark command 'macro'"));
        assertEquals(2, BenchMain.run(o, e, "micro", "--reps", "none"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("weft bench micro: --reps takes a whole number, not 'none'"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(0, BenchMain.run(o, e, "micro", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: weft bench micro"));
    }
}
