package org.weft.faults;

import org.weft.Reduction;
import org.weft.Shared;
import org.weft.Task;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.data.LongSlice;
import org.weft.data.Matrix;
import org.weft.data.Views;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.weft.Access.commutative;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.reduce;
import static org.weft.Access.val;
import static org.weft.Access.weakInOut;

/**
 * The program the fault-injection test runs on an instrumented runtime (loaded by {@link FaultLoader}, so its calls
 * reach the instrumented classes). It goes through most of the runtime's paths: chains and fan-outs on views,
 * commutative and concurrent groups, a reduction, task results as arguments, {@code get()} in the body and in
 * tasks, a nested region under a weak access, priorities, throttling and tiny tasks, tracing, a failure by
 * design with its cancelled dependents, and memory spaces (a placed task on a range, an atomic one on a shared
 * array, a prefetch, a copy, a writer that may be renamed, copies reported later on a space's own thread). Deterministic: a run that completes returns the same digest every time.
 */
public final class Scenario {
    private Scenario() {
    }

    /** One space for every run: a runtime refuses two different spaces of one name. */
    private static final MemorySpace DEVICE = MemorySpaces.heapMirror("device");
    /** A mirror that reports each copy on a thread of its own, as a device driver's callback would. */
    private static final MemorySpace LATER = new Later(MemorySpaces.heapMirror("later"));

    private record Later(MemorySpace inner) implements MemorySpace {
        @Override public String name() { return inner.name(); }
        @Override public boolean hostAddressable() { return true; }
        @Override public long capacity() { return Long.MAX_VALUE; }
        @Override public org.weft.memory.Replica allocate(Object root, long offset, long byteSize) { return inner.allocate(root, offset, byteSize); }
        @Override public boolean canPresent(Object datum, Class<?> type) { return inner.canPresent(datum, type); }
        @Override public Object present(org.weft.memory.Replica replica, Object datum, Class<?> type) { return inner.present(replica, datum, type); }

        @Override
        public void copy(Object home, org.weft.memory.Replica replica, boolean toReplica, org.weft.memory.ByteRuns runs, Landing done) {
            Thread t = new Thread(() -> {
                try {
                    inner.copy(home, replica, toReplica, runs, done);
                } catch (Throwable e) {
                    done.failed(e);         // a space's own thread reports what goes wrong, as ClSpace's does
                }
            }, "lander");
            t.setDaemon(true);
            t.start();
        }
    }

    public static Weft build(int workers, Path dir) {
        return Weft.builder().workers(workers).throttle(8).renaming(1024).trace(dir.resolve("trace.json")).graph(dir.resolve("graph.dot")).build();
    }

    public static void close(Weft weft) {
        weft.close();
    }

    /** Runs the program; returns its digest, or throws what the runtime threw. */
    public static long run(Weft weft) {
        long[] a = new long[16], counter = {0};
        double[] sum = {0};
        double[] m = new double[36];
        long[] fromBody = {0};
        weft.region(r -> {
            LongSlice head = Views.range(a, 0, 4);
            for (int i = 0; i < 6; i++) r.spawn((LongSlice s) -> s.set(0, s.get(0) * 3 + 1), inOut(head));
            List<Task<Long>> reads = new ArrayList<>();
            for (int i = 0; i < 3; i++) reads.add(r.spawn((LongSlice s) -> s.get(0) + 1, in(head)));
            for (int i = 0; i < 4; i++) r.spawn((long[] c) -> { c[0] += 2; }, commutative(counter));
            for (int i = 0; i < 4; i++) r.spawn((double[] p) -> { p[0] += 1.5; }, reduce(Reduction.doubleSum(), sum));
            Task<Long> plus = r.spawn((Long v) -> v + 100, reads.get(0));
            fromBody[0] = plus.get();
            Task<Long> twice = r.spawn(() -> plus.get() * 2);
            r.task((long[] x) -> weft.region(inner -> {
                inner.spawn((LongSlice s) -> { s.set(0, s.get(0) + 7); }, inOut(Views.range(x, 8, 12)));
                Task<Long> seen = inner.spawn((LongSlice s) -> s.get(0), in(Views.range(x, 8, 12)));
                inner.spawn((LongSlice s, Long v) -> { s.set(1, v * 5); }, inOut(Views.range(x, 12, 16)), seen);
            })).name("weak parent").spawn(weakInOut(a));
            r.task((LongSlice s, Long v) -> { s.set(0, s.get(0) + v); }).priority(3).spawn(inOut(Views.range(a, 4, 8)), twice);
            Matrix mat = Matrix.wrap(m, 6, 6);
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++) {
                    int ii = i, jj = j;
                    r.spawn((Matrix t) -> { t.set(0, 0, ii * 10 + jj); }, out(mat.tile(i, j, 3)));
                }
            r.spawn((Matrix col, Matrix corner) -> { col.set(2, 0, col.get(0, 0) + corner.get(0, 0) + 1); }, inOut(mat.col(0)), in(mat.block(3, 3, 1, 1)));
            for (int i = 0; i < 40; i++) r.spawn((long[] c, Long k) -> { c[0] += k; }, commutative(counter), val((long) i));
        });
        long failureDigest = 0;
        long[] b = {5}, c = {0};
        try {
            weft.region(r -> {
                r.task((long[] x) -> { throw new IllegalStateException("by design"); }).name("fails by design").spawn(inOut(b));
                r.spawn((long[] x, long[] y) -> { y[0] = x[0]; }, in(b), out(c));
                r.spawn((long[] y) -> { y[0] += 1; }, inOut(c));
            });
            throw new IllegalStateException("the region with a failure by design returned normally");
        } catch (TaskFailedException e) {
            if (!(e.getCause() instanceof IllegalStateException ise) || !"by design".equals(ise.getMessage())) throw e;
            failureDigest = c[0] == 0 ? 1 : 2;
        }
        long[] e = new long[12], f = {3, 4}, g = new long[4];
        MemorySpace device = DEVICE;
        try (Shared<long[]> shared = weft.share(f)) {
            weft.region(r -> {
                r.task((LongSlice s) -> { for (int i = 0; i < s.length(); i++) s.set(i, s.get(i) + i + 1); }).on(device).spawn(inOut(Views.range(e, 0, 6)));
                r.spawn((LongSlice s) -> { s.set(0, s.get(0) * 2); }, inOut(Views.range(e, 4, 8)));
                r.task((long[] x) -> { x[0] += 1; }).on(device).atomic().spawn(inOut(f));
                r.prefetch(Views.range(e, 8, 12), device);
                r.task((LongSlice s) -> { s.set(1, s.get(1) + 5); }).on(LATER).spawn(inOut(Views.range(e, 8, 12)));
                r.spawn((LongSlice s) -> { s.set(0, s.get(0) + 1); }, inOut(Views.range(e, 9, 10)));
                r.spawn((LongSlice s) -> s.get(0), in(Views.range(e, 0, 4)));
                r.spawn((long[] x) -> { java.util.Arrays.fill(x, 9); }, out(g));
                r.copy(Views.range(e, 2, 6), g);
            });
            e[11] = shared.get()[0];
        }
        long d = 17;
        for (long v : e) d = d * 31 + v;
        for (long v : g) d = d * 31 + v;
        for (long v : a) d = d * 31 + v;
        for (double v : m) d = d * 31 + (long) v;
        return ((d * 31 + counter[0]) * 31 + (long) (sum[0] * 2)) * 31 + fromBody[0] + failureDigest;
    }
}
