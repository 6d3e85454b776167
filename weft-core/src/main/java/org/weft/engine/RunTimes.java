package org.weft.engine;

import org.weft.resolve.FnInfo;

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
 * time one of its tasks waits inside Weft (a {@code get()}, a nested region, a weak predecessor): a task that
 * waits is not tiny, and running it on the spawner would stop the spawner, and anything it was about to spawn,
 * until it returned. A slow run only raises the mean (a run the JIT has not compiled yet, or one that a garbage
 * collection paused, must not disqualify for good a function that is tiny); a task that blocks outside Weft on
 * something a later spawn provides (a latch, a barrier) is outside sequential semantics, and the switch
 * {@code Weft.builder().inlineTinyTasks(false)} is for code that does that.
 *
 * <p>Statistics belong to one runtime: what other runtimes in the process measured never decides here.
 *
 * <p><b>Thread-safety.</b> Updated by workers without synchronization: a lost update only delays or blurs the
 * estimate; disqualification is a plain store that is never undone (a racing record can at worst write the
 * verdict back once more, until the next markWaits). The arrays grow under a lock into a new table whose arrays
 * are final fields, so a reader sees either the old table (the function counts as unknown) or the new one.
 */
final class RunTimes {
    /** Tasks whose mean run time is below this may run on the spawning thread when they are ready at spawn. */
    static final long INLINE_NANOS = 1_000;
    static final int MIN_SAMPLES = 8;

    private static final class Table {
        final int[] runs;
        final long[] meanNanos;
        /** The mean where the function may be tiny (enough samples, not disqualified), else Long.MAX_VALUE: one load decides. */
        final long[] verdict;
        final boolean[] disqualified;

        Table(int n) {
            runs = new int[n];
            meanNanos = new long[n];
            verdict = new long[n];
            disqualified = new boolean[n];
            Arrays.fill(meanNanos, -1);
            Arrays.fill(verdict, Long.MAX_VALUE);
        }

        Table grown(int n) {
            Table t = new Table(n);
            System.arraycopy(runs, 0, t.runs, 0, runs.length);
            System.arraycopy(meanNanos, 0, t.meanNanos, 0, meanNanos.length);
            System.arraycopy(verdict, 0, t.verdict, 0, verdict.length);
            System.arraycopy(disqualified, 0, t.disqualified, 0, disqualified.length);
            return t;
        }
    }

    /** Replaced, never changed in place when it grows; its arrays are final fields, so a reader sees them whole. */
    private Table table = new Table(64);

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
        int id = f.id;
        long m = t.meanNanos[id];
        m = m < 0 ? nanos : (7 * m + nanos) / 8;
        t.meanNanos[id] = m;
        if (!t.disqualified[id] && t.runs[id] >= MIN_SAMPLES) t.verdict[id] = m;
    }

    /** A task of {@code f} waited inside Weft: {@code f} is never tiny in this runtime again. */
    void markWaits(FnInfo f) {
        Table t = tableFor(f.id);
        t.disqualified[f.id] = true;
        t.verdict[f.id] = Long.MAX_VALUE;
    }

    /** True once {@code f} is known, in this runtime, to run faster than a hand-off to another worker. */
    boolean isTiny(FnInfo f) {
        long[] v = table.verdict;
        int id = f.id;
        return id < v.length && v[id] < INLINE_NANOS;
    }
}
