package org.weft.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code weft} command run in-process, its output captured. */
class WeftCliTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();
    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cli = WeftCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void demoFactorsChecksAndWritesTheTraceAndGraph() throws IOException {
        Path trace = dir.resolve("trace.json"), graph = dir.resolve("graph.dot");
        int code = run("demo", "--n", "100", "--nb", "32", "--workers", "2", "--trace", trace.toString(), "--graph", graph.toString());
        assertEquals(0, code, out + "\n" + err);
        String json = Files.readString(trace);
        assertTrue(json.startsWith("{"), json);
        assertTrue(json.contains("traceEvents"), json);
        assertTrue(json.contains("\"potrf\""), json);
        assertTrue(Files.readString(graph).startsWith("digraph"));
        String text = out.toString();
        assertTrue(text.contains("N = 100, NB = 32 (4 x 4 tiles), 2 workers, 20 tasks"), text);
        assertTrue(text.contains("100%"), text);
        assertTrue(text.contains("GFLOP/s"), text);
        assertTrue(text.contains("PASS"), text);
        assertTrue(text.contains(trace.toAbsolutePath().toString()), text);
        assertTrue(text.contains("tasks=20 executed=20 failed=0"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lu", "QR", "gemm"})
    void demoRunsEachAlgorithm(String algorithm) {
        int code = run("demo", "--algorithm", algorithm, "--n", "90", "--nb", "32", "--ib", "8", "--workers", "2",
                "--trace", dir.resolve(algorithm + ".json").toString());
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("PASS"), out.toString());
        assertTrue(out.toString().contains("N = 90, NB = 32 (3 x 3 tiles)"), out.toString());
    }

    @Test
    void demoRejectsAnInnerBlockLargerThanTheTile() {
        assertEquals(CommandLine.ExitCode.USAGE, run("demo", "--algorithm", "qr", "--nb", "16", "--ib", "32"));
        assertTrue(err.toString().contains("--ib must be between 1 and the tile size 16"), err.toString());
    }

    @Test
    void demoRejectsANonPositiveTileSize() {
        assertEquals(CommandLine.ExitCode.USAGE, run("demo", "--nb", "0"));
        assertTrue(err.toString().contains("--nb must be at least 1"), err.toString());
    }

    @Test
    void benchHandsEveryArgumentOnInOrder() {
        CommandLine cli = WeftCli.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("bench", "micro", "--reps", "5", "-x", "--help", "@file");
        BenchCommand bench = (BenchCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(List.of("micro", "--reps", "5", "-x", "--help", "@file"), bench.arguments);
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("demo"), out.toString());
        assertTrue(out.toString().contains("bench"), out.toString());
    }

    @Test
    void versionNamesWeftAndJava() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("weft "), out.toString());
        assertTrue(out.toString().contains("Java "), out.toString());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(CommandLine.ExitCode.USAGE, run());
        assertTrue(err.toString().contains("Usage: weft"), err.toString());
    }
}
