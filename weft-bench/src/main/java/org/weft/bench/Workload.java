package org.weft.bench;

import org.weft.Proc0;
import org.weft.Stats;
import org.weft.Weft;

import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.data.Views.range;

/**
 * The three anchor microbenchmarks ({@code micro_omp.c}) written as a Weft user would write them, each
 * timed from its first spawn to the end of its region on a runtime that is already started, and checked.
 */
public enum Workload {

    /** 1e6 empty independent tasks; checked through the runtime's counters: 1e6 spawned, 1e6 run, none failed. */
    INDEP("indep", 1_000_000) {
        private static final Proc0 EMPTY = () -> { };

        @Override
        Outcome run(Weft weft) {
            Stats before = weft.stats();
            long[] start = new long[1];
            weft.region(r -> {
                start[0] = System.nanoTime();
                for (int i = 0; i < TASKS; i++) r.spawn(EMPTY);
            });
            long end = System.nanoTime();
            Stats after = weft.stats();
            long spawned = after.tasks() - before.tasks(), ran = after.executed() - before.executed();
            long lost = after.failed() - before.failed() + after.cancelled() - before.cancelled();
            boolean ok = spawned == TASKS && ran == TASKS && lost == 0;
            return new Outcome((end - start[0]) / 1e9, ok, "spawned=" + spawned + ",ran=" + ran + ",failed_or_cancelled=" + lost);
        }
    },

    /** 1e6 tasks each {@code inOut} the same {@code long[] x}, incrementing {@code x[0]}; checked x[0] == 1e6. */
    CHAIN("chain", 1_000_000) {
        @Override
        Outcome run(Weft weft) {
            long[] x = {0};
            long[] start = new long[1];
            weft.region(r -> {
                start[0] = System.nanoTime();
                for (int i = 0; i < TASKS; i++) r.spawn(() -> x[0]++, inOut(x));
            });
            long end = System.nanoTime();
            return new Outcome((end - start[0]) / 1e9, x[0] == TASKS, "x=" + x[0]);
        }
    },

    /**
     * A 1000 × 1000 wavefront over one {@code long[]}: task (i,j) reads cells (i-1,j) and (i,j-1) and writes
     * (i,j) = max of them + 1, with dependencies on single elements, as {@code micro_omp.c} depends on element
     * addresses; checked every cell == i+j+1.
     */
    WAVEFRONT("wavefront", 1000 * 1000) {
        @Override
        Outcome run(Weft weft) {
            int n = GRID;
            long[] tok = new long[n * n];
            long[] start = new long[1];
            weft.region(r -> {
                start[0] = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        int k = i * n + j;
                        if (i > 0 && j > 0)
                            r.spawn(() -> tok[k] = Math.max(tok[k - n], tok[k - 1]) + 1,
                                    in(range(tok, k - n, k - n + 1)), in(range(tok, k - 1, k)), inOut(range(tok, k, k + 1)));
                        else if (i > 0)
                            r.spawn(() -> tok[k] = tok[k - n] + 1, in(range(tok, k - n, k - n + 1)), inOut(range(tok, k, k + 1)));
                        else if (j > 0)
                            r.spawn(() -> tok[k] = tok[k - 1] + 1, in(range(tok, k - 1, k)), inOut(range(tok, k, k + 1)));
                        else
                            r.spawn(() -> tok[k] = 1, inOut(range(tok, k, k + 1)));
                    }
                }
            });
            long end = System.nanoTime();
            long bad = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (tok[i * n + j] != i + j + 1) bad++;
            return new Outcome((end - start[0]) / 1e9, bad == 0, "bad_cells=" + bad);
        }
    };

    private static final int TASKS = 1_000_000;
    private static final int GRID = 1000;

    /**
     * One rep.
     *
     * @param seconds from the first spawn to the end of the region
     * @param ok      whether the result checked out
     * @param check   what was checked, for a failure line
     */
    public record Outcome(double seconds, boolean ok, String check) {
    }

    private final String id;
    private final long tasks;

    Workload(String id, long tasks) {
        this.id = id;
        this.tasks = tasks;
    }

    /** The name the anchors use: {@code indep}, {@code chain}, {@code wavefront}. */
    public String id() {
        return id;
    }

    /** Tasks per rep. */
    public long tasks() {
        return tasks;
    }

    /** Runs one rep in a fresh region of {@code weft}. */
    abstract Outcome run(Weft weft);

    /** The workload called {@code id}. */
    public static Workload byId(String id) {
        for (Workload w : values()) if (w.id.equals(id)) return w;
        throw new IllegalArgumentException("unknown benchmark '" + id + "' (indep, chain, wavefront)");
    }
}
