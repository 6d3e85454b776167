package org.weft.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Java anchor: {@code java/JavaBaselines.java}, the same workloads wired by hand with ForkJoinPool and
 * CompletableFuture (what a Java user writes without Weft), run in source-file mode by the JVM that runs
 * Weft. It runs all its workloads in every rep, so it is one process per run, not one per workload.
 */
public final class JavaBaseline {
    private JavaBaseline() {
    }

    /** The program within the anchors folder. */
    public static Path source(Path anchors) {
        return anchors.resolve("java").resolve("JavaBaselines.java");
    }

    /** The time limit: 150 s plus 30 s for each of its rounds (2 warm-up rounds, then {@code reps}). */
    public static Duration limit(int reps) {
        return Duration.ofSeconds(150 + 30L * (reps + 2));
    }

    /** Runs it with {@code threads} pool threads for {@code reps} measured reps, in {@code dir}. */
    public static Subprocess.Result run(Path anchors, int threads, int reps, Path dir, Path stderrLog)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(java.toString(), source(anchors).toString(), Integer.toString(threads), Integer.toString(reps));
        return Subprocess.run(cmd, Map.of(), dir, limit(reps), stderrLog);
    }

    /**
     * Its {@code micro} lines for {@code workloads}. JavaBaselines prints no interference meter, so a line
     * without {@code foreign=} gets the figure measured from outside over the whole process (JVM start-up
     * and warm-up included): coarser than a per-rep meter, but it lets a contaminated run be recognised.
     */
    public static List<ResultLine> lines(Subprocess.Result r, List<Workload> workloads) {
        List<String> ids = workloads.stream().map(Workload::id).toList();
        String foreign = String.format(Locale.ROOT, "%.2f", r.foreign());
        List<ResultLine> out = new ArrayList<>();
        for (String s : r.stdout()) {
            ResultLine.parse(s).filter(l -> l.bench().equals("micro") && ids.contains(l.variant()))
                    .map(l -> l.get("foreign") == null ? l.with("foreign", foreign) : l)
                    .ifPresent(out::add);
        }
        return out;
    }
}
