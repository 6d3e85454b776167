package org.weft.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code weft bench micro}.
 *
 * @param reps        measured reps per program (after 2 unprinted warm-up reps)
 * @param threads     Weft workers, OpenMP threads, StarPU CPU workers, Java pool size
 * @param anchors     whether to run the C and Java anchors
 * @param anchorsDir  where the anchors live; empty when none was given or found
 * @param repoRoot    the Weft checkout (the folder holding {@code mvnw}), where the C anchors are built; empty if not found
 * @param out         where {@code raw/micro.log} and {@code summary.md} go
 * @param workloads   which benchmarks, in run order
 * @param quietWaitSeconds at most this long before each program, wait for the machine to go quiet (0: never)
 */
public record MicroOptions(int reps, int threads, boolean anchors, Optional<Path> anchorsDir, Optional<Path> repoRoot,
                           Path out, List<Workload> workloads, int quietWaitSeconds) {

    /** Names the Weft checkout when the current folder is outside it. */
    public static final String HOME_ENV = "WEFT_HOME";
    /** Longest allowed wait for a quiet machine, in seconds. */
    public static final int MAX_QUIET_WAIT = 30;

    public static final String USAGE = """
            usage: weft bench micro [--reps N] [--threads T] [--only indep,chain,wavefront] [--out DIR]
                                    [--no-anchors] [--anchors DIR] [--quiet-wait S]
              --reps N        measured reps per program, after 2 warm-up reps (default 5)
              --threads T     workers / OpenMP threads / StarPU CPUs / Java pool size (default 2)
              --only LIST     benchmarks to run (default indep,chain,wavefront)
              --out DIR       results folder: raw/micro.log, summary.md (default bench-results/micro)
              --no-anchors    run Weft only
              --anchors DIR   the anchors folder (default ../shared/anchors beside the Weft checkout,
                              found from $WEFT_HOME or by walking up from here to the folder holding mvnw)
              --quiet-wait S  wait up to S seconds (0-30, default 30) for a quiet machine before each program
            """;

    public MicroOptions {
        workloads = List.copyOf(workloads);
    }

    /** Parses the arguments after {@code micro}; throws {@link IllegalArgumentException} with a message on a bad one. */
    public static MicroOptions parse(List<String> args, Path cwd, Map<String, String> env) {
        int reps = 5, threads = 2, quiet = MAX_QUIET_WAIT;
        boolean anchors = true;
        Path anchorsDir = null, out = Path.of("bench-results", "micro"), outGiven = null;
        List<Workload> only = List.of(Workload.values());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--reps" -> reps = positive(a, value(args, ++i, a));
                case "--threads" -> threads = positive(a, value(args, ++i, a));
                case "--no-anchors" -> anchors = false;
                case "--anchors" -> anchorsDir = Path.of(value(args, ++i, a));
                case "--out" -> outGiven = out = Path.of(value(args, ++i, a));
                case "--only" -> only = workloads(value(args, ++i, a));
                case "--quiet-wait" -> {
                    quiet = integer(a, value(args, ++i, a));
                    if (quiet < 0 || quiet > MAX_QUIET_WAIT)
                        throw new IllegalArgumentException("--quiet-wait must be 0 to " + MAX_QUIET_WAIT + " seconds, not " + quiet);
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        Optional<Path> root = repoRoot(cwd, env);
        Optional<Path> dir = anchorsDir != null ? Optional.of(cwd.resolve(anchorsDir).normalize())
                : root.map(r -> r.resolveSibling("shared").resolve("anchors"));
        return new MicroOptions(reps, threads, anchors, dir, root, (outGiven != null ? outputFolder(cwd.resolve(out).normalize()) : cwd.resolve(out).normalize()), only, quiet);
    }

    /**
     * Checks {@code --out} before any work: it is a folder, or one that can be made in an existing, writable
     * folder (a mistyped parent is an error rather than a new tree of folders).
     */
    static Path outputFolder(Path out) {
        if (Files.isDirectory(out)) {
            if (!Files.isWritable(out)) throw new IllegalArgumentException("--out " + out + ": the folder is not writable");
            return out;
        }
        if (Files.exists(out)) throw new IllegalArgumentException("--out " + out + ": it is a file, not a folder");
        Path parent = out.getParent();
        if (parent == null || !Files.isDirectory(parent))
            throw new IllegalArgumentException("--out " + out + ": its parent folder " + parent + " does not exist");
        if (!Files.isWritable(parent)) throw new IllegalArgumentException("--out " + out + ": its parent folder " + parent + " is not writable");
        return out;
    }

    /** The Weft checkout: {@code $WEFT_HOME} if set, else the nearest folder at or above {@code cwd} holding {@code mvnw}. */
    public static Optional<Path> repoRoot(Path cwd, Map<String, String> env) {
        String home = env.get(HOME_ENV);
        if (home != null && !home.isBlank()) return Optional.of(cwd.resolve(home).toAbsolutePath().normalize());
        for (Path p = cwd.toAbsolutePath().normalize(); p != null; p = p.getParent())
            if (Files.isRegularFile(p.resolve("mvnw"))) return Optional.of(p);
        return Optional.empty();
    }

    private static List<Workload> workloads(String list) {
        List<Workload> ws = new ArrayList<>();
        for (String s : list.split(",")) {
            Workload w = Workload.byId(s.strip());
            if (!ws.contains(w)) ws.add(w);
        }
        return ws;
    }

    static String value(List<String> args, int i, String option) {
        if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value");
        return args.get(i);
    }

    static int positive(String option, String v) {
        int n = integer(option, v);
        if (n < 1) throw new IllegalArgumentException(option + " must be at least 1, not " + n);
        return n;
    }

    static int integer(String option, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + v + "'");
        }
    }
}
