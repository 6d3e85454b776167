package org.weft.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code weft bench stencil} reaches the stencil benchmark, with its own options and exit codes. */
class BenchStencilCommandTest {

    /** Runs {@code weft args...} in-process; returns the exit code and what went to System.out and System.err. */
    private static String[] run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            CommandLine cli = WeftCli.commandLine();
            code = cli.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[]{String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void stencilHelpIsTheStencilsOwn() {
        String[] r = run("bench", "stencil", "--help");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("usage: weft bench stencil"), r[1]);
    }

    @Test
    void aBadStencilOptionIsNamedAndExitsWithTwo() {
        String[] r = run("bench", "stencil", "--reps", "0");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("weft bench stencil: --reps must be at least 1, not 0"), r[2]);
    }

    @Test
    void benchHelpListsTheStencil() {
        String[] r = run("bench", "--help");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("weft bench micro") && r[1].contains("weft bench stencil"), r[1]);
    }
}
