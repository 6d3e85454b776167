package org.weft.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The C anchors of the microbenchmarks, built from the anchors' own Makefile in a writable copy and run
 * under a time limit: {@code micro_omp} with gcc (libgomp) and with clang (LLVM libomp), and
 * {@code micro_starpu} where StarPU's pkg-config entry exists. Everything is optional: a missing tool or a
 * target that does not build leaves a problem to report and the other programs to run.
 */
public final class CAnchors {
    /** What the Makefile needs on the PATH. */
    public static final List<String> TOOLS = List.of("make", "gcc", "clang", "pkg-config");
    /** Per program run, like run.sh. */
    public static final Duration RUN_LIMIT = Duration.ofSeconds(150);
    /** Per build step. */
    static final Duration BUILD_LIMIT = Duration.ofSeconds(300);

    /**
     * One built anchor program.
     *
     * @param name      the runtime it measures, for messages
     * @param binary    the executable
     * @param env       its thread-count and scheduler settings
     * @param workloads what it runs here
     * @param omitted   why it does not run the other workloads, or empty
     */
    public record Program(String name, Path binary, Map<String, String> env, Set<Workload> workloads, String omitted) {
        /** The command for {@code reps} reps of {@code w}: {@code micro_omp BENCH REPS}. */
        public List<String> command(Workload w, int reps) {
            return List.of(binary.toString(), w.id(), Integer.toString(reps));
        }
    }

    private final Path buildDir;
    private final List<Program> programs;
    private final List<String> problems;

    private CAnchors(Path buildDir, List<Program> programs, List<String> problems) {
        this.buildDir = buildDir;
        this.programs = List.copyOf(programs);
        this.problems = List.copyOf(problems);
    }

    /**
     * Copies {@code anchors} into {@code buildDir} and builds what it can there, with {@code threads}
     * threads for every program. Never throws for a missing tool or a failed build: see {@link #problems()}.
     */
    public static CAnchors build(Path anchors, Path buildDir, int threads, Path stderrLog) throws IOException, InterruptedException {
        List<String> missing = missingTools();
        if (!missing.isEmpty())
            return new CAnchors(buildDir, List.of(), List.of("C anchors (libgomp, libomp, StarPU) skipped: "
                    + String.join(", ", missing) + " not on the PATH"));
        Path home = prepare(anchors, buildDir);
        String t = Integer.toString(threads);
        List<Program> wanted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        EnumSet<Workload> all = EnumSet.allOf(Workload.class);
        wanted.add(new Program("libgomp", buildDir.resolve("build/micro_omp"), Map.of("OMP_NUM_THREADS", t), all, ""));
        wanted.add(new Program("libomp", buildDir.resolve("build/micro_omp_clang"), Map.of("OMP_NUM_THREADS", t), all, ""));
        if (Subprocess.run(List.of("pkg-config", "--exists", "starpu-1.3"), Map.of(), buildDir, BUILD_LIMIT, stderrLog).ok())
            wanted.add(new Program("StarPU", buildDir.resolve("build/micro_starpu"),
                    Map.of("STARPU_NCPU", t, "STARPU_SILENT", "1", "STARPU_HOME", home.toString()),
                    EnumSet.of(Workload.INDEP, Workload.CHAIN), "registering its million handles alone takes ~50 s"));
        else problems.add("StarPU anchor skipped: pkg-config knows no starpu-1.3");
        List<Program> built = new ArrayList<>();
        for (Program p : wanted) {
            String target = buildDir.relativize(p.binary()).toString();
            Subprocess.Result r = make(buildDir, target, stderrLog);
            if (r.ok()) built.add(p);
            else problems.add(p.name() + " anchor skipped: make " + target + " failed (" + r.describe() + "; see raw/stderr.txt)");
        }
        return new CAnchors(buildDir, built, problems);
    }

    /** Where the anchors are built: the checkout's {@code target/anchors}, or under {@code out} outside a checkout. */
    public static Path buildDir(Optional<Path> repoRoot, Path out) {
        return repoRoot.map(r -> r.resolve("target").resolve("anchors")).orElse(out.resolve("anchors-build"));
    }

    /** Why no anchor runs when {@code anchorsDir} (as the options found it) is not a folder. */
    public static String noAnchorsFolder(Optional<Path> anchorsDir) {
        return "all anchors skipped: no anchors folder " + anchorsDir.map(d -> "at " + d).orElse("found")
                + " (give --anchors DIR or set " + MicroOptions.HOME_ENV + " to the Weft checkout)";
    }

    /** The tools of {@link #TOOLS} that are not on the PATH. */
    public static List<String> missingTools() {
        return TOOLS.stream().filter(t -> !Subprocess.onPath(t)).toList();
    }

    /** Copies {@code anchors} into {@code buildDir} ({@link #copyTree}) and makes StarPU's home there; returns that home. */
    static Path prepare(Path anchors, Path buildDir) throws IOException {
        copyTree(anchors, buildDir);
        return Files.createDirectories(buildDir.resolve("build/starpu_home"));
    }

    /** {@code make -s target} in {@code buildDir}, within the build time limit. */
    static Subprocess.Result make(Path buildDir, String target, Path stderrLog) throws IOException, InterruptedException {
        return Subprocess.run(List.of("make", "-s", target), Map.of(), buildDir, BUILD_LIMIT, stderrLog);
    }

    /** The programs that built. */
    public List<Program> programs() {
        return programs;
    }

    /** What was skipped and why, one line each. */
    public List<String> problems() {
        return problems;
    }

    /** Runs {@code reps} reps of {@code w} with program {@code p}. */
    public Subprocess.Result run(Program p, Workload w, int reps, Path stderrLog) throws IOException, InterruptedException {
        return Subprocess.run(p.command(w, reps), p.env(), buildDir, RUN_LIMIT, stderrLog);
    }

    /**
     * Copies the anchors' sources (not a {@code build/} or {@code results/} folder a run.sh may have left)
     * keeping modification times, so make rebuilds only what changed since the last copy.
     */
    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                if (rel.getNameCount() == 1 && (rel.toString().equals("build") || rel.toString().equals("results")))
                    return FileVisitResult.SKIP_SUBTREE;
                Files.createDirectories(to.resolve(rel.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
