package org.weft.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code weft bench}: {@code run("micro", "--reps", "5")}. Returns a process exit code.
 *
 * <ul>
 *   <li>{@code micro [options]}: Weft's anchor microbenchmarks against libgomp, libomp, StarPU and the Java
 *       baselines in the same run ({@link MicroRun}; options in {@link MicroOptions#USAGE}).</li>
 *   <li>{@code linalg [options]}: Weft's tiled Cholesky, QR and LU on OpenBLAS against OpenMP, StarPU and
 *       LAPACKE in the same run ({@link LinalgRun}; options in {@link LinalgOptions#USAGE}).</li>
 *   <li>{@code jmh [JMH options]}: the JMH benchmarks of the runtime's hot paths ({@code org.weft.bench.jmh}),
 *       through JMH's own command line ({@code -h} lists its options, {@code -l} the benchmarks). JMH finds them
 *       through the {@code META-INF/BenchmarkList} its annotation processor put in the weft-bench jar, forks
 *       JVMs with this JVM's class path, and on its own errors ends the JVM with status 1, as
 *       {@code java org.openjdk.jmh.Main} would.</li>
 * </ul>
 */
public final class BenchMain {
    private static final String USAGE = """
            usage: weft bench micro [options]     Weft vs. C and Java anchors on indep, chain, wavefront
                   weft bench linalg [options]    tiled Cholesky, QR, LU on OpenBLAS vs. OpenMP, StarPU, LAPACKE
                   weft bench jmh [JMH options]    JMH benchmarks of the runtime's internals (-h: JMH help, -l: list)
            """;

    private BenchMain() {
    }

    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    static int run(PrintStream out, PrintStream err, String... args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE + "\n" + MicroOptions.USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "micro" -> micro(rest, args, out, err);
                case "linalg" -> linalg(rest, args, out, err);
                case "jmh" -> {
                    org.openjdk.jmh.Main.main(rest.toArray(String[]::new));
                    yield 0;
                }
                default -> {
                    err.print("unknown benchmark command '" + args[0] + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 130;
        } catch (Exception e) {
            err.println("weft bench " + args[0] + ": " + e);
            return 1;
        }
    }

    private static int micro(List<String> rest, String[] args, PrintStream out, PrintStream err) throws Exception {
        if (rest.contains("-h") || rest.contains("--help")) {
            out.print(MicroOptions.USAGE);
            return 0;
        }
        MicroOptions o;
        try {
            o = MicroOptions.parse(rest, Path.of("").toAbsolutePath(), System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("weft bench micro: " + e.getMessage() + " (see 'weft bench micro --help')");
            return 2;
        }
        return new MicroRun(o, commandLine(args), out).run();
    }

    private static int linalg(List<String> rest, String[] args, PrintStream out, PrintStream err) throws Exception {
        if (rest.contains("-h") || rest.contains("--help")) {
            out.print(LinalgOptions.USAGE);
            return 0;
        }
        LinalgOptions o;
        try {
            o = LinalgOptions.parse(rest, Path.of("").toAbsolutePath(), System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("weft bench linalg: " + e.getMessage() + " (see 'weft bench linalg --help')");
            return 2;
        }
        return new LinalgRun(o, commandLine(args), out).run();
    }

    /** The command as typed: {@code weft bench micro --reps 5}, arguments with spaces quoted. */
    static String commandLine(String... args) {
        StringBuilder b = new StringBuilder("weft bench");
        for (String a : args) b.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        return b.toString();
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
