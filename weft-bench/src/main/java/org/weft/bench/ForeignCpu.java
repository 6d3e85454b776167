package org.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The interference meter of the anchors ({@code common.h}'s noise probe) in Java: how many cores other
 * processes, and the hypervisor through steal time, took while a measurement ran.
 *
 * <p>{@code foreign = (Δ busy jiffies of the machine − Δ jiffies of this process + Δ steal) / (elapsed × HZ)},
 * where busy is user + nice + system + irq + softirq of the {@code cpu} line of {@code /proc/stat}, and this
 * process's jiffies are utime + stime + cutime + cstime of {@code /proc/self/stat}: all its threads, and
 * children it has waited for, so a subprocess measured from start to exit counts as "ours" too. The machine
 * is shared, so every RESULT line carries this figure and {@code tools/summarize.py} leaves out reps during
 * which other processes took the cores the benchmark needed. Jiffies are 10 ms: short intervals are coarse.
 */
public final class ForeignCpu {
    /** Clock ticks per second of {@code /proc} counters: {@code USER_HZ}, fixed at 100 by the Linux ABI. */
    public static final long HZ = 100;
    /** Other processes may use this many cores before a window counts as busy (run.sh's threshold). */
    public static final double QUIET_CORES = 0.15;

    private static final Path PROC_STAT = Path.of("/proc/stat"), SELF_STAT = Path.of("/proc/self/stat");

    private ForeignCpu() {
    }

    /**
     * One reading of the counters; all zero where {@code /proc} could not be read, so the meter reads 0.
     *
     * @param nanos {@link System#nanoTime()} when read
     * @param busy  busy jiffies of the whole machine
     * @param steal steal jiffies of the whole machine
     * @param self  jiffies of this process and its waited-for children
     */
    public record Sample(long nanos, long busy, long steal, long self) {
    }

    /** Reads the counters now. */
    public static Sample sample() {
        String stat = read(PROC_STAT), self = read(SELF_STAT);
        return parse(stat, self, System.nanoTime());
    }

    /** Cores other processes used since {@code start}. */
    public static double since(Sample start) {
        return between(start, sample());
    }

    /** Cores other processes used between two samples, never negative; 0 for an empty interval. */
    public static double between(Sample start, Sample end) {
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        if (seconds <= 0) return 0;
        double other = (end.busy() - start.busy()) - (end.self() - start.self()) + (end.steal() - start.steal());
        return Math.max(0, other) / HZ / seconds;
    }

    /**
     * Builds a sample from the text of {@code /proc/stat} and {@code /proc/self/stat}. Missing or malformed
     * text gives zero counters rather than an error: a benchmark without a meter still runs.
     */
    public static Sample parse(String procStat, String selfStat, long nanos) {
        long busy = 0, steal = 0, self = 0;
        String cpu = firstLine(procStat);
        if (cpu.startsWith("cpu ")) {
            String[] f = cpu.substring(4).trim().split("\\s+");
            if (f.length >= 8) {
                long[] v = new long[8];
                for (int i = 0; i < 8; i++) v[i] = parseLong(f[i]);
                busy = v[0] + v[1] + v[2] + v[5] + v[6];
                steal = v[7];
            }
        }
        int close = selfStat.lastIndexOf(')');
        if (close >= 0) {
            // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
            String[] f = selfStat.substring(close + 1).trim().split("\\s+");
            if (f.length >= 15) self = parseLong(f[11]) + parseLong(f[12]) + parseLong(f[13]) + parseLong(f[14]);
        }
        return new Sample(nanos, busy, steal, self);
    }

    /**
     * Waits, up to {@code max}, until the whole machine (this process included: its compiler and collector
     * threads disturb the next program as much as anyone's) is busy on fewer than {@link #QUIET_CORES} cores
     * over a one-second window, like run.sh's {@code wait_quiet}. Returns the seconds waited.
     */
    public static long awaitQuiet(Duration max) throws InterruptedException {
        long waited = 0;
        while (waited < max.toSeconds()) {
            Sample a = sample();
            Thread.sleep(1000);
            Sample b = sample();
            double busyCores = (b.busy() - a.busy() + b.steal() - a.steal()) / (double) HZ / ((b.nanos() - a.nanos()) / 1e9);
            if (busyCores <= QUIET_CORES) break;
            waited++;
        }
        return waited;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
