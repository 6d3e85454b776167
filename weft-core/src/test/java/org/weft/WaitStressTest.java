package org.weft;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.weft.data.Views;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Randomized stress of waiting (issue 9, "how to prove it"): random programs in which tasks {@code get()} tasks
 * spawned before them, open nested regions and wait inside them (for their children and for inherited tasks),
 * with weak and strong accesses to element views of one array, run on 1, 2, 3 and 8 workers with different
 * throttle limits; every run must finish (a watchdog turns a hang into a failure) and give exactly the results of
 * sequential execution: every task's result, every value the bodies got, every cell.
 *
 * <p>A program is valid when run one task at a time: each task, when spawned, runs to its end at once (its
 * nested region inside it), so a wait may only name a task spawned earlier in real time, which the generator
 * ensures by offering each task only the handles its spawner holds: its earlier siblings and what its ancestors
 * could wait for. Seeds are fixed; a failure names the seed and worker count to replay it.
 */
class WaitStressTest {
    private static final int CELLS = 6, PROGRAMS = 50;

    /** An access of a task to one cell: mode 'r' (in), 'w' (inOut), and weak when {@code weak}. */
    record Acc(int cell, char mode, boolean weak) {
    }

    sealed interface Op permits Spawn, Get {
    }

    /** A task: its accesses, the tasks it waits for before computing, and the ops of its nested region (or null). */
    record Spawn(int id, List<Acc> accesses, int[] gets, List<Op> nested, int spinNanos) implements Op {
    }

    /** A wait of a region body for task {@code target}; the value got is recorded in slot {@code slot}. */
    record Get(int target, int slot) implements Op {
    }

    record Program(List<Op> body, int tasks, int gets) {
    }

    // ---- generation ---------------------------------------------------------------------------------

    private static final class Generator {
        final Random rnd;
        int tasks, gets;

        Generator(long seed) {
            rnd = new Random(seed);
        }

        Program program() {
            List<Op> body = region(0, null, new ArrayList<>(), 8 + rnd.nextInt(20));
            return new Program(body, tasks, gets);
        }

        /** The ops of a region whose parent has {@code cover} accesses (null at top level) and holds {@code visible}. */
        List<Op> region(int depth, List<Acc> cover, List<Integer> visible, int size) {
            List<Op> ops = new ArrayList<>();
            List<Integer> held = new ArrayList<>(visible);
            for (int k = 0; k < size; k++) {
                if (!held.isEmpty() && rnd.nextInt(5) == 0) {
                    ops.add(new Get(held.get(rnd.nextInt(held.size())), gets++));
                    continue;
                }
                int id = tasks++;
                List<Acc> accs = accesses(cover);
                int[] waits = new int[held.isEmpty() ? 0 : rnd.nextInt(3)];
                for (int i = 0; i < waits.length; i++) waits[i] = held.get(rnd.nextInt(held.size()));
                List<Op> nested = null;
                if (depth < 3 && !accs.isEmpty() && rnd.nextInt(4) == 0) {
                    List<Acc> weakened = new ArrayList<>();
                    for (Acc a : accs) weakened.add(rnd.nextBoolean() ? new Acc(a.cell, a.mode, true) : a);
                    accs = weakened;
                    nested = region(depth + 1, accs, held, 1 + rnd.nextInt(6));
                }
                ops.add(new Spawn(id, accs, waits, nested, rnd.nextInt(4) == 0 ? rnd.nextInt(20_000) : 0));
                held.add(id);
            }
            return ops;
        }

        /** One to three accesses to distinct cells; inside a parent, only what the parent's accesses cover. */
        List<Acc> accesses(List<Acc> cover) {
            List<Acc> out = new ArrayList<>();
            boolean[] used = new boolean[CELLS];
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                if (cover == null) {
                    int c = rnd.nextInt(CELLS);
                    if (used[c]) continue;
                    used[c] = true;
                    out.add(new Acc(c, rnd.nextBoolean() ? 'r' : 'w', false));
                } else {
                    if (cover.isEmpty()) break;
                    Acc p = cover.get(rnd.nextInt(cover.size()));
                    if (used[p.cell]) continue;
                    used[p.cell] = true;
                    out.add(new Acc(p.cell, p.mode == 'w' && rnd.nextBoolean() ? 'w' : 'r', false));
                }
            }
            return out;
        }
    }

    // ---- the two executions -------------------------------------------------------------------------

    static long mix(long a, long b) {
        long x = (a ^ (b + 0x632BE59BD9B4E019L)) * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }

    /** What a task computes from its own accesses and the values it got; shared by both executions. */
    static long compute(Spawn t, long[] cells, long[] got) {
        long acc = mix(t.id, 17);
        for (long g : got) acc = mix(acc, g);
        for (Acc a : t.accesses) if (!a.weak) acc = mix(acc, cells[a.cell]);
        for (Acc a : t.accesses) if (!a.weak && a.mode == 'w') cells[a.cell] = mix(acc, a.cell);
        return acc;
    }

    /** Sequential execution: a spawned task runs to its end at once. */
    static void sequential(List<Op> ops, long[] cells, long[] results, long[] gotten) {
        for (Op op : ops) {
            switch (op) {
                case Get g -> gotten[g.slot] = results[g.target];
                case Spawn t -> {
                    long[] got = new long[t.gets.length];
                    for (int i = 0; i < got.length; i++) got[i] = results[t.gets[i]];
                    long r = compute(t, cells, got);
                    if (t.nested != null) sequential(t.nested, cells, results, gotten);
                    results[t.id] = r;
                }
            }
        }
    }

    /** The same program on Weft. */
    static void onWeft(Weft weft, Region region, List<Op> ops, long[] cells, long[] results, long[] gotten, Task<?>[] handles) throws Exception {
        for (Op op : ops) {
            switch (op) {
                case Get g -> gotten[g.slot] = (Long) handles[g.target].get();
                case Spawn t -> {
                    Task<?>[] waits = new Task<?>[t.gets.length];
                    for (int i = 0; i < waits.length; i++) waits[i] = handles[t.gets[i]];
                    Access[] accesses = new Access[t.accesses.size()];
                    for (int i = 0; i < accesses.length; i++) {
                        Acc a = t.accesses.get(i);
                        Object cell = Views.range(cells, a.cell, a.cell + 1);
                        accesses[i] = a.weak ? (a.mode == 'w' ? Access.weakInOut(cell) : Access.weakIn(cell))
                                : (a.mode == 'w' ? Access.inOut(cell) : Access.in(cell));
                    }
                    handles[t.id] = region.spawn(() -> {
                        long[] got = new long[waits.length];
                        for (int i = 0; i < got.length; i++) got[i] = (Long) waits[i].get();
                        spin(t.spinNanos);
                        long r = compute(t, cells, got);
                        if (t.nested != null) weft.region(inner -> onWeft(weft, inner, t.nested, cells, results, gotten, handles));
                        results[t.id] = r;
                        return r;
                    }, accesses);
                }
            }
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (nanos > 0 && System.nanoTime() < end) Thread.onSpinWait();
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 3, 8})
    void randomProgramsOfWaitsAndNestedRegionsFinishWithTheSequentialResult(int workers) {
        for (int p = 0; p < PROGRAMS; p++) {
            long seed = 1000L * workers + p;
            Program prog = new Generator(seed).program();
            long[] seqCells = new long[CELLS], seqResults = new long[prog.tasks], seqGot = new long[prog.gets];
            for (int c = 0; c < CELLS; c++) seqCells[c] = c + 1;
            sequential(prog.body, seqCells, seqResults, seqGot);

            int throttle = new int[]{2, 8, 4096}[p % 3];
            long[] cells = new long[CELLS], results = new long[prog.tasks], got = new long[prog.gets];
            for (int c = 0; c < CELLS; c++) cells[c] = c + 1;
            Task<?>[] handles = new Task<?>[prog.tasks];
            String what = "program seed " + seed + " (" + prog.tasks + " tasks) on " + workers + " workers, throttle " + throttle;
            try {
                Watchdog.within(30, what, () -> {
                    try (Weft weft = Weft.builder().workers(workers).throttle(throttle).build()) {
                        weft.region(r -> onWeft(weft, r, prog.body, cells, results, got, handles));
                    }
                });
            } catch (AssertionError | RuntimeException e) {
                fail(what + ": " + e.getMessage(), e);
            }
            assertArrayEquals(seqCells, cells, what + ": cells");
            assertArrayEquals(seqResults, results, what + ": task results");
            assertArrayEquals(seqGot, got, what + ": values the bodies got");
            if (Arrays.equals(seqResults, new long[prog.tasks])) fail("degenerate program " + seed);
        }
    }
}
