package org.weft;

import java.util.Arrays;

/**
 * How long each task function runs in one runtime, for the tiny-task policy: a task that is ready at spawn
 * and whose function is known to take less than a hand-off to another core ({@link #INLINE_NANOS}) runs at
 * once on the spawning thread, as libgomp runs undeferred tasks.
 *
 * <p><b>How it works.</b> Each function ({@link FnInfo}) has a small process-wide index; this runtime keeps,
 * per index, a count of runs, a running mean of sampled run times (the first 8 runs, then one in 64) and a
 * flag that disqualifies the function for good. A function is tiny once it has at least {@link #MIN_SAMPLES}
 * samples, a mean under {@link #INLINE_NANOS}, and no disqualification. A function is disqualified the first
 * time one of its tasks waits inside Weft (a {@code get()}, a nested region, a weak predecessor) or a sampled
 * run takes {@link #SLOW_NANOS} or more: a task that blocks or waits is not tiny, and running it on the
 * spawner would stop the spawner, and anything it was about to spawn, until it returned.
 *
 * <p>Statistics belong to one runtime: what other runtimes in the process measured never decides here.
 *
 * <p><b>Thread-safety.</b> Updated by workers without synchronization: a lost update only delays or blurs the
 * estimate; disqualification is a plain store that is never undone. The arrays grow under a lock and are
 * published through a volatile field, so a reader sees either the old arrays (the function counts as unknown)
 * or the new ones.
 */
final class RunTimes {
    /** Tasks whose mean run time is below this may run on the spawning thread when they are ready at spawn. */
    static final long INLINE_NANOS = 1_000;
    /** A sampled run this long disqualifies its function: it blocked, or it does real work at times. */
    static final long SLOW_NANOS = 100 * INLINE_NANOS;
    static final int MIN_SAMPLES = 8;

    private static final class Table {
        final int[] runs;
        final long[] meanNanos;
        final boolean[] disqualified;

        Table(int n) {
            runs = new int[n];
            meanNanos = new long[n];
            disqualified = new boolean[n];
            Arrays.fill(meanNanos, -1);
        }

        Table grown(int n) {
            Table t = new Table(n);
            System.arraycopy(runs, 0, t.runs, 0, runs.length);
            System.arraycopy(meanNanos, 0, t.meanNanos, 0, meanNanos.length);
            System.arraycopy(disqualified, 0, t.disqualified, 0, disqualified.length);
            return t;
        }
    }

    private volatile Table table = new Table(64);

    private Table tableFor(int id) {
        Table t = table;
        if (id < t.runs.length) return t;
        synchronized (this) {
            t = table;
            if (id >= t.runs.length) table = t = t.grown(Math.max(id + 1, 2 * t.runs.length));
            return t;
        }
    }

    /** True if the next run of {@code f} should be timed. */
    boolean sampleNext(FnInfo f) {
        Table t = tableFor(f.id);
        int c = t.runs[f.id]++;
        return c < MIN_SAMPLES || (c & 63) == 0;
    }

    /** Records one sampled run of {@code f}. */
    void record(FnInfo f, long nanos) {
        Table t = tableFor(f.id);
        if (nanos >= SLOW_NANOS) t.disqualified[f.id] = true;
        long m = t.meanNanos[f.id];
        t.meanNanos[f.id] = m < 0 ? nanos : (7 * m + nanos) / 8;
    }

    /** A task of {@code f} waited inside Weft: {@code f} is never tiny in this runtime again. */
    void markWaits(FnInfo f) {
        tableFor(f.id).disqualified[f.id] = true;
    }

    /** True once {@code f} is known, in this runtime, to run faster than a hand-off to another worker. */
    boolean isTiny(FnInfo f) {
        Table t = table;
        int id = f.id;
        if (id >= t.runs.length || t.disqualified[id]) return false;
        long m = t.meanNanos[id];
        return m >= 0 && m < INLINE_NANOS && t.runs[id] >= MIN_SAMPLES;
    }
}
