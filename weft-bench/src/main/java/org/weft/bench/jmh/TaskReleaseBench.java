package org.weft.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.weft.deps.GraphNode;

import java.util.concurrent.TimeUnit;

/**
 * Task release on the {@link GraphNode} graph, single-threaded, without a scheduler: the atomic edge,
 * guard and release operations every task pays.
 *
 * <ul>
 *   <li>{@link #chainLink}: per op, a new node {@code dependOn} the previous one, is sealed (not ready), and
 *       the previous one completes, releasing it: one link of an inout chain.</li>
 *   <li>{@link #fanOut}: per op, one successor of a node with {@value #WIDTH}: its edge and seal, and its
 *       share of the predecessor's completion, which readies all of them (one is returned, the others
 *       scheduled); the result counts them.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TaskReleaseBench {
    static final int WIDTH = 8;

    private final BenchNode[] successors = new BenchNode[WIDTH];
    private BenchNode last;
    private long seq;

    @Setup(Level.Iteration)
    public void setUp() {
        last = new BenchNode(0);
        last.seal();
    }

    @Benchmark
    public GraphNode chainLink() {
        BenchNode next = new BenchNode(++seq);
        next.dependOn(last);
        next.seal();
        GraphNode ready = last.finish();
        last = next;
        return ready;
    }

    @Benchmark
    @OperationsPerInvocation(WIDTH)
    public int fanOut() {
        BenchNode pred = new BenchNode(++seq);
        pred.seal();
        for (int i = 0; i < WIDTH; i++) {
            BenchNode s = new BenchNode(++seq);
            s.dependOn(pred);
            s.seal();
            successors[i] = s;
        }
        GraphNode first = pred.finish();
        int ready = first != null ? 1 : 0;
        for (BenchNode s : successors) ready += s.scheduled;
        return ready;
    }
}
