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
        assertTrue(json.contains("\"potrf(0)\""), json);
        assertTrue(json.contains("\"gemm(3,1,0)\""), json);
        assertTrue(json.contains("\"ph\":\"s\"") && json.contains("\"ph\":\"f\""), "dependency arrows: " + json);
        String dot = Files.readString(graph);
        assertTrue(dot.startsWith("digraph"), dot);
        assertTrue(dot.contains("syrk(1,0)"), dot);
        String text = out.toString();
        assertTrue(text.contains("N = 100, NB = 32 (4 x 4 tiles), 2 workers, 20 tasks"), text);
        assertTrue(text.contains("100%"), text);
        assertTrue(text.contains("factorization: ") && text.contains("GFLOP/s"), text);
        assertTrue(text.contains("generating the input, N = 100: "), text);
        assertTrue(text.contains("checking the result: "), text);
        assertTrue(text.contains("ui.perfetto.dev"), text);
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
    void noCommandIsAOneLineUsageError() {
        assertEquals(CommandLine.ExitCode.USAGE, run());
        assertEquals("weft: missing a command: demo, bench, explain, help (see 'weft --help')", err.toString().strip());
    }

    /** A usage error is one line: the command, what is wrong, where the options are; never the whole usage. */
    private void assertOneLineUsageError(String expected, String... args) {
        assertEquals(CommandLine.ExitCode.USAGE, run(args), out.toString());
        String text = err.toString().strip();
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("weft demo: ") && text.endsWith("(see 'weft demo --help')"), text);
        assertTrue(text.contains(expected), text);
        assertEquals("", out.toString(), "nothing ran");
    }

    @Test
    void aDirectoryAsTheTraceIsRefusedBeforeAnyWork() {
        assertOneLineUsageError("cannot write the trace file " + dir + ": it is a directory", "demo", "--n", "64", "--trace", dir.toString());
    }

    @Test
    void aTraceUnderAFileIsRefusedBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertOneLineUsageError(file + " is a file, not a directory", "demo", "--n", "64", "--trace", file.resolve("t.json").toString());
    }

    @Test
    void aGraphInAMissingDirectoryIsRefusedAndNothingIsCreated() {
        Path missing = dir.resolve("no/such");
        assertOneLineUsageError("its directory " + missing + " does not exist", "demo", "--n", "64", "--trace", dir.resolve("t.json").toString(),
                "--graph", missing.resolve("g.dot").toString());
        assertTrue(Files.notExists(dir.resolve("no")), "no directory was made");
    }

    @Test
    void anInputTooLargeForTheMachineIsRefusedBeforeAllocating() {
        assertOneLineUsageError("--n 2000000: cholesky of order 2000000 needs about 89441.3 GiB for its matrices; this machine has",
                "demo", "--n", "2000000", "--trace", dir.resolve("t.json").toString());      // 3 matrices in 3907 x 3907 tiles of 512
    }

    @Test
    void aBadValueIsOneLine() {
        assertOneLineUsageError("--n must be at least 1, not 0", "demo", "--n", "0");
        err.getBuffer().setLength(0);
        assertOneLineUsageError("Invalid value for option '--workers'", "demo", "--workers", "many");
    }

    @Test
    void drawingAGraphWithoutGraphvizIsRefusedBeforeAnyWork() {
        boolean haveDot = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "dot")));
        org.junit.jupiter.api.Assumptions.assumeFalse(haveDot, "Graphviz is installed here");
        assertOneLineUsageError("drawing a .svg needs Graphviz's dot on the PATH", "demo", "--n", "64", "--trace", dir.resolve("t.json").toString(),
                "--graph", dir.resolve("g.svg").toString());
    }

    @Test
    void explainHasHelp() {
        assertEquals(0, run("explain", "--help"));
        assertTrue(out.toString().startsWith("Usage: weft explain"), out.toString());
    }
}
