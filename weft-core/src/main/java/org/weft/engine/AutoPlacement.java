package org.weft.engine;

import org.weft.Access;
import org.weft.Mode;
import org.weft.coherence.Coherence;
import org.weft.coherence.Directory;
import org.weft.data.View;
import org.weft.data.Views;
import org.weft.deps.DepTracker;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.resolve.FnInfo;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongBinaryOperator;

/**
 * Chooses the space of a task spawned with several candidates ({@code onAny}), StarPU's dmda idea: the expected
 * finish cost in a space is the function's mean run time there for data of that size (measured per function, space
 * and size class in this runtime, as StarPU's history models are keyed by the data's footprint) plus the bytes its
 * inputs would have to move there (planned by the dependency tracker, so what earlier tasks of the region will write
 * where counts), priced by a fixed cost per copy plus a cost per byte fitted to the copies measured between the host
 * and that space.
 *
 * <p><b>Calibration.</b> Until a (function, space, size class) has {@link #CALIBRATION} measured runs, the first such
 * candidate is chosen, in the order given: an unmeasured space is tried rather than guessed, as StarPU calibrates.
 * A size class is the binary order of magnitude of the bytes the task's data cover, so a function run on very
 * different sizes is measured per size. A variant ({@code variant(space, fn)}) is a different function, measured on
 * its own.
 *
 * <p>Thread-safe: measurements come from any worker; choices are made by a region's spawning thread.
 */
final class AutoPlacement {
    static final int CALIBRATION = 3;
    private final ConcurrentHashMap<Long, long[]> runs = new ConcurrentHashMap<>();

    private static long key(int fnId, int space, int sizeClass) {
        return ((long) fnId * Coherence.MAX_SPACES + space) * 64 + sizeClass;
    }

    /** The size class of data covering {@code bytes}: its binary order of magnitude. */
    static int sizeClass(long bytes) {
        return 64 - Long.numberOfLeadingZeros(bytes);
    }

    /** Records one run of function {@code fnId} in space {@code space}, on data of size class {@code sizeClass}, that took {@code nanos}. */
    void record(int fnId, int space, int sizeClass, long nanos) {
        long[] r = runs.computeIfAbsent(key(fnId, space, sizeClass), RUNS);
        synchronized (r) {
            r[0]++;
            r[1] += nanos;
        }
    }

    private static final java.util.function.Function<Long, long[]> RUNS = new NewRuns();

    private static final class NewRuns implements java.util.function.Function<Long, long[]> {
        @Override
        public long[] apply(Long k) {
            return new long[2];
        }
    }

    /** The mean run time of {@code fnId} in {@code space} on data of size class {@code sizeClass}, or -1 while it is still being calibrated. */
    long mean(int fnId, int space, int sizeClass) {
        long[] r = runs.get(key(fnId, space, sizeClass));
        if (r == null) return -1;
        synchronized (r) {
            return r[0] < CALIBRATION ? -1 : r[1] / r[0];
        }
    }

    /**
     * The index of the candidate to run a task in: the first one still being calibrated, else the one with the least
     * expected run time plus transfer time for the task's data arguments ({@code args}; {@code fns[i]} is the function
     * for candidate {@code i}).
     */
    int choose(Coherence coherence, DepTracker tracker, MemorySpace[] candidates, Object[] fns, int arity, Object[] args, int sizeClass) {
        int best = 0;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int i = 0; i < candidates.length; i++) {
            int space = candidates[i] == MemorySpaces.host() ? 0 : coherence.id(candidates[i]);
            long t = mean(FnInfo.of(fns[i], arity).id, space, sizeClass);
            if (t < 0) return i;
            long[] stale = staleBytes(coherence, tracker, space, args);
            double cost = t + coherence.transferNanos(space, stale[0], (int) stale[1]);
            if (cost < bestCost) {
                bestCost = cost;
                best = i;
            }
        }
        return best;
    }

    /** The size class of a task's data arguments (the bytes their views cover). */
    static int sizeClassOf(Object[] args) {
        long bytes = 0;
        if (args != null) {
            for (Object a : args) {
                View v = dataView(a instanceof Access acc ? (acc.mode() == Mode.VALUE ? null : acc.datum()) : a);
                if (v != null) bytes += v.byteSize();
            }
        }
        return sizeClass(bytes);
    }

    private static View dataView(Object d) {
        if (d instanceof View view) return view;
        return d != null && d.getClass().isArray() && d.getClass().getComponentType().isPrimitive() ? Views.whole(d) : null;
    }

    /**
     * The bytes of the arguments a task would read in {@code space} that are not current there, as planned, and how many
     * of its arguments have some (each will be one copy).
     */
    private static long[] staleBytes(Coherence coherence, DepTracker tracker, int space, Object[] args) {
        long stale = 0, copies = 0;
        if (args == null) return new long[2];
        for (Object a : args) {
            Object d = a;
            if (a instanceof Access acc) {
                if (acc.mode() == Mode.OUT || acc.mode() == Mode.VALUE) continue;
                d = acc.datum();
            }
            View v = dataView(d);
            if (v == null || v.spanCount() == 0) continue;
            long b = tracker.staleBytes(v, space, new AtStart(coherence.directory(v.base()), space));
            stale += b;
            if (b > 0) copies++;
        }
        return new long[]{stale, copies};
    }

    /** Bytes of a range a space did not hold when the region started: by the root's directory, or the host only. */
    private record AtStart(Directory directory, int space) implements LongBinaryOperator {
        @Override
        public long applyAsLong(long lo, long hi) {
            if (directory == null) return space == 0 ? 0 : hi - lo;
            return directory.staleIn(lo, hi, space);
        }
    }
}
