package org.weft.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an anchor program (or its build) as a child process under a time limit: standard output captured,
 * standard error appended to a log file, and the CPU other processes took meanwhile measured from outside,
 * as run.sh's {@code measured} does for the programs it cannot instrument.
 *
 * <p>The child starts from this process's environment less the variables that steer the anchors' thread
 * counts and schedulers ({@code OMP_*}, {@code GOMP_*}, {@code KMP_*}, {@code STARPU_*},
 * {@code OPENBLAS_NUM_THREADS}), then gets {@code env}: every program runs with exactly the settings it is given.
 */
public final class Subprocess {
    private Subprocess() {
    }

    /**
     * What a run left.
     *
     * @param exitCode the child's exit status; -1 if it was killed at the time limit
     * @param timedOut true if it ran past the limit and was killed
     * @param stdout   its standard output, line by line
     * @param seconds  wall time from start to exit
     * @param foreign  cores other processes used meanwhile (see {@link ForeignCpu}); the child counts as ours
     */
    public record Result(int exitCode, boolean timedOut, List<String> stdout, double seconds, double foreign) {
        /** True if it exited with status 0 in time. */
        public boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** "exit 2" or "timed out after 150 s", for a message. */
        public String describe() {
            return timedOut ? String.format("timed out after %.0f s", seconds) : "exit " + exitCode;
        }
    }

    /** Runs {@code command} in {@code dir} with {@code env} added, for at most {@code limit}. */
    public static Result run(List<String> command, Map<String, String> env, Path dir, Duration limit, Path stderrLog)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("weft-bench-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> e = pb.environment();
            e.keySet().removeIf(k -> k.startsWith("OMP_") || k.startsWith("GOMP_") || k.startsWith("KMP_")
                    || k.startsWith("STARPU_") || k.equals("OPENBLAS_NUM_THREADS"));
            e.putAll(env);
            StringBuilder echo = new StringBuilder("+");
            env.forEach((k, v) -> echo.append(' ').append(k).append('=').append(v));
            command.forEach(c -> echo.append(' ').append(c));
            Files.writeString(stderrLog, echo.append('\n'),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ForeignCpu.Sample before = ForeignCpu.sample();
            Process p = pb.start();
            boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            ForeignCpu.Sample after = ForeignCpu.sample();
            double seconds = (after.nanos() - before.nanos()) / 1e9;
            return new Result(done ? p.exitValue() : -1, !done, Files.readAllLines(out), seconds, ForeignCpu.between(before, after));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** True if an executable called {@code name} is on the {@code PATH}. */
    public static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator))
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return true;
        return false;
    }
}
