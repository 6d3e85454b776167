package org.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The record of one {@code weft bench micro} run as Markdown, ready to paste into BENCHMARKS.md: when, on what
 * machine, with which exact command, the {@link RatioTable}, and what was skipped or failed.
 *
 * @param date    when the run ended
 * @param machine CPU model and count, and the JVM
 * @param command the command line that produced it
 * @param table   the medians and ratios
 * @param notes   skipped anchors and failures, one line each
 */
public record MicroReport(Instant date, String machine, String command, RatioTable table, List<String> notes) {

    public MicroReport {
        notes = List.copyOf(notes);
    }

    /** "AMD EPYC, 2 CPUs, Java 25.0.3": lscpu's model name (or /proc/cpuinfo's), the CPUs this JVM sees, the JVM version. */
    public static String describeMachine() {
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version();
    }

    static String cpuModel() {
        try {
            Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String m = modelName(out, "Model name:");
                if (m != null) return m;
            }
        } catch (IOException e) {
            // no lscpu: fall back to /proc/cpuinfo
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            String m = modelName(Files.readString(Path.of("/proc/cpuinfo")), "model name");
            return m != null ? m : "unknown CPU";
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    /** The value after {@code key} and a colon on the first line starting with it, or null. */
    static String modelName(String text, String key) {
        for (String line : text.lines().toList()) {
            if (line.startsWith(key)) {
                int colon = line.indexOf(':');
                if (colon >= 0) return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** The Markdown section. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("### weft bench micro, ").append(date.truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        b.append("- command: `").append(command).append("`\n");
        b.append("- machine: ").append(machine).append('\n');
        b.append("- medians over clean reps (other processes left the benchmark its cores, as in the anchors' ")
                .append("`tools/summarize.py`); Weft ÷ runtime is Weft's median tasks/s over that runtime's: above 1, Weft is faster\n");
        b.append("- raw RESULT lines: `raw/micro.log` (`python3 <anchors>/tools/summarize.py raw` tabulates them)\n\n");
        b.append(table.markdown());
        if (!notes.isEmpty()) {
            b.append('\n');
            for (String n : notes) b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }
}
