package org.weft.bench;

import org.weft.Weft;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code weft bench micro}: Weft's versions of the anchor microbenchmarks and, in the same run, the anchors
 * themselves, so that each Weft figure can be given as a ratio to peers measured on the same machine at the
 * same time.
 *
 * <p>For each workload, one program after the other: Weft (in this JVM, on one runtime created for the
 * whole run), then each C anchor; the Java baseline, which runs every workload in each of its reps, comes
 * last. Before each program the run waits, within a bound, for the machine to go quiet. Weft does 2
 * unprinted warm-up reps and then the measured ones, each in a fresh region after a full GC (outside the
 * timing), each checked: a failed check prints a {@code status=FAIL} line and ends the run with status 3.
 * Every RESULT line goes to {@code <out>/raw/micro.log}, in the anchors' format; the table of medians and
 * ratios is printed and written to {@code <out>/summary.md}.
 */
public final class MicroRun {
    /** Unprinted reps before the measured ones, as in the anchors' Java program. */
    public static final int WARMUP_REPS = 2;
    /** Exit status when a Weft rep computed a wrong result. */
    public static final int CHECK_FAILED = 3;

    private final MicroOptions options;
    private final String command;
    private final PrintStream out;
    private RunLog runLog;
    private Path stderrLog;

    public MicroRun(MicroOptions options, String command, PrintStream out) {
        this.options = options;
        this.command = command;
        this.out = out;
    }

    /** Runs everything; returns the process exit status. */
    public int run() throws IOException, InterruptedException {
        Path raw = Files.createDirectories(options.out().resolve("raw"));
        stderrLog = raw.resolve("stderr.txt");
        Files.writeString(stderrLog, "");
        try (RunLog w = new RunLog(out, raw.resolve("micro.log"), options.quietWaitSeconds())) {
            runLog = w;
            out.printf("weft bench micro: threads=%d reps=%d workloads=%s out=%s%n", options.threads(), options.reps(),
                    String.join(",", options.workloads().stream().map(Workload::id).toList()), options.out());
            Optional<Path> anchors = anchorsDir();
            CAnchors c = anchors.isPresent() ? buildC(anchors.get()) : null;
            try (Weft weft = Weft.builder().workers(options.threads()).build()) {
                for (Workload wl : options.workloads()) {
                    out.println("== " + wl.id());
                    if (!runWeft(weft, wl)) return CHECK_FAILED;
                    if (c == null) continue;
                    for (CAnchors.Program p : c.programs()) {
                        if (!p.workloads().contains(wl)) {
                            runLog.note(p.name() + " " + wl.id() + " not run: " + p.omitted());
                            continue;
                        }
                        runLog.awaitQuiet();
                        StringBuilder echo = new StringBuilder("+");
                        p.env().forEach((k, v) -> echo.append(' ').append(k).append('=').append(v));
                        out.println(echo.append(' ').append(String.join(" ", p.command(wl, options.reps()))));
                        Subprocess.Result r = c.run(p, wl, options.reps(), stderrLog);
                        List<ResultLine> lines = new ArrayList<>();
                        for (String s : r.stdout()) ResultLine.parse(s).filter(l -> l.bench().equals("micro")).ifPresent(lines::add);
                        record(p.name() + " " + wl.id(), r, lines);
                    }
                }
            }
            if (anchors.isPresent()) runJavaBaseline(anchors.get());
        }
        RatioTable table = RatioTable.of(runLog.results(), Runtime.getRuntime().availableProcessors());
        out.println();
        out.print(table.text());
        MicroReport report = new MicroReport(Instant.now(), MicroReport.describeMachine(), command, table, runLog.notes());
        Path summary = options.out().resolve("summary.md");
        Files.writeString(summary, report.markdown());
        Path chart = RatioChart.of(table).writeTo(options.out());
        for (String n : runLog.notes()) out.println("note: " + n);
        out.println("raw lines: " + raw.resolve("micro.log") + "; summary: " + summary
                + (chart != null ? "; chart of the ratios: " + chart : " (no chart: no peer ran)"));
        return 0;
    }

    /** The anchors folder, or empty (with a note) when they are off or cannot be found. */
    private Optional<Path> anchorsDir() {
        if (!options.anchors()) return Optional.empty();
        Optional<Path> dir = options.anchorsDir().filter(Files::isDirectory);
        if (dir.isEmpty()) runLog.note(CAnchors.noAnchorsFolder(options.anchorsDir()));
        return dir;
    }

    /** Builds the C anchors in the checkout's {@code target/anchors} (or under the out folder outside a checkout). */
    private CAnchors buildC(Path anchors) throws IOException, InterruptedException {
        Path buildDir = CAnchors.buildDir(options.repoRoot(), options.out());
        out.println("building the C anchors in " + buildDir);
        try {
            CAnchors c = CAnchors.build(anchors, buildDir, options.threads(), stderrLog);
            c.problems().forEach(runLog::note);
            return c;
        } catch (IOException e) {
            runLog.note("C anchors skipped: could not prepare them in " + buildDir + ": " + e);
            return null;
        }
    }

    /** Warm-up and measured reps of {@code wl} on Weft; false if a check failed. */
    private boolean runWeft(Weft weft, Workload wl) throws IOException, InterruptedException {
        runLog.awaitQuiet();
        for (int rep = -WARMUP_REPS; rep < options.reps(); rep++) {
            System.gc();
            ForeignCpu.Sample start = ForeignCpu.sample();
            Workload.Outcome o;
            try {
                o = wl.run(weft);
            } catch (RuntimeException e) {
                e.printStackTrace();
                o = new Workload.Outcome(0, false, "threw " + e.getClass().getSimpleName());
            }
            double foreign = ForeignCpu.since(start);
            if (!o.ok()) {
                runLog.emit(ResultLine.microFailure(wl.id(), RatioTable.WEFT, weft.workers(), rep, o.check()));
                runLog.note("Weft " + wl.id() + " rep " + rep + " FAILED its check: " + o.check());
                return false;
            }
            if (rep >= 0) runLog.emit(ResultLine.micro(wl.id(), RatioTable.WEFT, weft.workers(), wl.tasks(), rep, o.seconds(), foreign));
        }
        return true;
    }

    private void runJavaBaseline(Path anchors) throws IOException, InterruptedException {
        Path src = JavaBaseline.source(anchors);
        if (!Files.isRegularFile(src)) {
            runLog.note("Java baseline skipped: no " + src);
            return;
        }
        out.println("== Java baselines (all workloads in one process)");
        runLog.awaitQuiet();
        Subprocess.Result r = JavaBaseline.run(anchors, options.threads(), options.reps(), options.out(), stderrLog);
        record("Java baseline", r, JavaBaseline.lines(r, options.workloads()));
    }

    /** Keeps an anchor's lines and notes a failure of the program or of one of its checks. */
    private void record(String what, Subprocess.Result r, List<ResultLine> lines) throws IOException {
        for (ResultLine l : lines) {
            runLog.emit(l);
            if (l.failed()) runLog.note(what + " reported a failed check: " + l);
        }
        if (!r.ok()) runLog.note(what + ": " + r.describe() + " (see raw/stderr.txt)");
    }
}
