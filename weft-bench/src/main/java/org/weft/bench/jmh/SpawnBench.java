package org.weft.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.weft.Proc0;
import org.weft.Weft;

import java.util.concurrent.TimeUnit;

import static org.weft.Access.inOut;

/**
 * The spawn path end to end, through the public API: one region per invocation spawning {@value #BATCH}
 * empty closures with one {@code inOut} each, reported per task (region start and end amortised over the
 * batch; the tasks' execution and release included).
 *
 * <ul>
 *   <li>{@link #sameDatum}: every task {@code inOut} the same {@code long[]}: an inout chain.</li>
 *   <li>{@link #distinctData}: each task {@code inOut} its own {@code long[1]}: independent tasks, one new
 *       storage in the tracker each.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SpawnBench {
    static final int BATCH = 10_000;
    private static final Proc0 EMPTY = () -> { };

    @Param("2")
    public int workers;

    private Weft weft;
    private long[] shared;
    private long[][] own;

    @Setup(Level.Trial)
    public void start() {
        weft = Weft.builder().workers(workers).build();
        shared = new long[1];
        own = new long[BATCH][1];
    }

    @TearDown(Level.Trial)
    public void stop() {
        weft.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sameDatum() {
        long[] x = shared;
        weft.region(r -> {
            for (int i = 0; i < BATCH; i++) r.spawn(EMPTY, inOut(x));
        });
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void distinctData() {
        long[][] xs = own;
        weft.region(r -> {
            for (int i = 0; i < BATCH; i++) r.spawn(EMPTY, inOut(xs[i]));
        });
    }
}
