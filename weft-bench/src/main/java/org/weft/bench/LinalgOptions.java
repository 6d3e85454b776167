package org.weft.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of {@code weft bench linalg}.
 *
 * @param reps        measured reps per program (Weft adds unprinted warm-up reps)
 * @param threads     Weft workers, OpenMP threads, StarPU CPU workers, LAPACKE's OpenBLAS threads
 * @param sizes       the Cholesky sizes, N and NB
 * @param factorSize  the size of the QR and LU runs
 * @param ib          QR's inner block size
 * @param sections    which parts run: kernels, peak, chol, qr, lu (the default) and storage (only when asked for)
 * @param anchors     whether to run the C anchors
 * @param anchorsDir  where the anchors live; empty when none was given or found
 * @param repoRoot    the Weft checkout, where the anchors are built; empty if not found
 * @param out         where {@code raw/linalg.log} and {@code summary.md} go
 * @param quietWaitSeconds at most this long before each program, wait for the machine to go quiet
 */
public record LinalgOptions(int reps, int threads, List<Size> sizes, Size factorSize, int ib, Set<String> sections, boolean anchors,
                            Optional<Path> anchorsDir, Optional<Path> repoRoot, Path out, int quietWaitSeconds) {

    /** A matrix order and tile size. */
    public record Size(int n, int nb) {
        static Size parse(String s) {
            String[] p = s.split(":");
            if (p.length != 2) throw new IllegalArgumentException("a size is N:NB, like 4096:256, not '" + s + "'");
            Size z = new Size(MicroOptions.positive("N", p[0].strip()), MicroOptions.positive("NB", p[1].strip()));
            if (z.nb > z.n) throw new IllegalArgumentException("tile size " + z.nb + " is larger than the order " + z.n);
            return z;
        }

        @Override
        public String toString() {
            return n + ":" + nb;
        }
    }

    /** Every section {@code --only} accepts. */
    public static final List<String> SECTIONS = List.of("kernels", "peak", "chol", "qr", "lu", "storage");
    /**
     * The sections that run without {@code --only}. {@code storage} (Weft's Cholesky on a native matrix, on a heap
     * matrix placed in an off-heap memory space, and on a heap matrix staged per kernel call, interleaved) compares
     * Weft with itself, so it runs only when asked for.
     */
    public static final List<String> DEFAULT_SECTIONS = List.of("kernels", "peak", "chol", "qr", "lu");

    public static final String USAGE = """
            usage: weft bench linalg [--reps N] [--threads T] [--sizes N:NB,...] [--factor-size N:NB] [--ib IB]
                                     [--only kernels,peak,chol,qr,lu,storage] [--out DIR] [--no-anchors] [--anchors DIR]
                                     [--quiet-wait S]
              --reps N           measured reps per program (default 3; Weft first warms up for 6 s)
              --threads T        Weft workers / OpenMP threads / StarPU CPUs / LAPACKE threads (default 2)
              --sizes LIST       Cholesky sizes, also of the storage section (default 4096:256,8192:512)
              --factor-size N:NB size of the QR and LU runs (default 4096:256)
              --ib IB            QR inner block size (default 32)
              --only LIST        sections to run (default kernels,peak,chol,qr,lu; storage runs only when named:
                                 Weft's Cholesky on a native matrix, on a heap one through an off-heap memory
                                 space, and on a heap one staged per kernel call, interleaved, Weft only)
              --out DIR          results folder: raw/linalg.log, summary.md (default bench-results/linalg)
              --no-anchors       run Weft only
              --anchors DIR      the anchors folder (default ../shared/anchors beside the Weft checkout)
              --quiet-wait S     wait up to S seconds (0-30, default 30) for a quiet machine before each program
            """;

    public LinalgOptions {
        sizes = List.copyOf(sizes);
        sections = Set.copyOf(sections);
    }

    /** True if {@code section} runs. */
    public boolean runs(String section) {
        return sections.contains(section);
    }

    /** The distinct tile sizes of the Cholesky sizes, for the kernel section. */
    public Set<Integer> tileSizes() {
        Set<Integer> s = new TreeSet<>();
        for (Size z : sizes) s.add(z.nb);
        return s;
    }

    /** Parses the arguments after {@code linalg}; throws {@link IllegalArgumentException} with a message on a bad one. */
    public static LinalgOptions parse(List<String> args, Path cwd, Map<String, String> env) {
        int reps = 3, threads = 2, ib = 32, quiet = MicroOptions.MAX_QUIET_WAIT;
        boolean anchors = true;
        Path anchorsDir = null, out = Path.of("bench-results", "linalg"), outGiven = null;
        List<Size> sizes = List.of(new Size(4096, 256), new Size(8192, 512));
        Size factor = new Size(4096, 256);
        Set<String> sections = new TreeSet<>(DEFAULT_SECTIONS);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--reps" -> reps = MicroOptions.positive(a, MicroOptions.value(args, ++i, a));
                case "--threads" -> threads = MicroOptions.positive(a, MicroOptions.value(args, ++i, a));
                case "--ib" -> ib = MicroOptions.positive(a, MicroOptions.value(args, ++i, a));
                case "--no-anchors" -> anchors = false;
                case "--anchors" -> anchorsDir = Path.of(MicroOptions.value(args, ++i, a));
                case "--out" -> outGiven = out = Path.of(MicroOptions.value(args, ++i, a));
                case "--sizes" -> {
                    List<Size> s = new ArrayList<>();
                    for (String z : MicroOptions.value(args, ++i, a).split(",")) s.add(Size.parse(z.strip()));
                    sizes = s;
                }
                case "--factor-size" -> factor = Size.parse(MicroOptions.value(args, ++i, a));
                case "--only" -> {
                    sections = new TreeSet<>();
                    for (String s : MicroOptions.value(args, ++i, a).split(",")) {
                        if (!SECTIONS.contains(s.strip()))
                            throw new IllegalArgumentException("unknown section '" + s.strip() + "'; the sections are " + String.join(", ", SECTIONS));
                        sections.add(s.strip());
                    }
                }
                case "--quiet-wait" -> {
                    quiet = MicroOptions.integer(a, MicroOptions.value(args, ++i, a));
                    if (quiet < 0 || quiet > MicroOptions.MAX_QUIET_WAIT)
                        throw new IllegalArgumentException("--quiet-wait must be 0 to " + MicroOptions.MAX_QUIET_WAIT + " seconds, not " + quiet);
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (ib > factor.nb) throw new IllegalArgumentException("--ib " + ib + " is larger than the QR tile size " + factor.nb);
        Optional<Path> root = MicroOptions.repoRoot(cwd, env);
        Optional<Path> dir = anchorsDir != null ? Optional.of(cwd.resolve(anchorsDir).normalize())
                : root.map(r -> r.resolveSibling("shared").resolve("anchors"));
        return new LinalgOptions(reps, threads, sizes, factor, ib, sections, anchors, dir, root, (outGiven != null ? MicroOptions.outputFolder(cwd.resolve(out).normalize()) : cwd.resolve(out).normalize()), quiet);
    }
}
