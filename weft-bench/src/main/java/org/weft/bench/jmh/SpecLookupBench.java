package org.weft.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.weft.Mode;
import org.weft.Proc2;
import org.weft.Proc3;
import org.weft.Weft;
import org.weft.resolve.FnInfo;
import org.weft.spec.SpecPolicy;

import java.util.concurrent.TimeUnit;

/**
 * What a spawn with raw arguments pays to find their modes once the function has been analysed: the
 * function's cached info, its modes (by the receiver's class for a virtual method), and one argument's mode,
 * as a spawn does them (the core exports its spec resolution to this module for it).
 *
 * <ul>
 *   <li>{@link #lookup}: a static method reference, {@code SpecLookupBench::axpy}.</li>
 *   <li>{@link #lookupByReceiver}: an unbound reference to an interface method, {@code Op::apply}: the
 *       receiver argument's class selects the implementation, whose modes are cached per class.</li>
 * </ul>
 * Inference runs in {@link #analyse} (weft-infer is on this module's class path), not in the measurement.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SpecLookupBench {

    static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += a * x[i];
    }

    /** An interface whose implementation is chosen by the receiver. */
    public interface Op {
        void apply(double[] x);
    }

    /** Reads its argument. */
    public static final class Sum implements Op {
        double total;

        @Override
        public void apply(double[] x) {
            for (double v : x) total += v;
        }
    }

    private Proc3<Double, double[], double[]> fn;
    private Proc2<Op, double[]> virtual;
    private Object[] args, virtualArgs;

    @Setup
    public void analyse() {
        fn = SpecLookupBench::axpy;
        virtual = Op::apply;
        args = new Object[]{2.0, new double[8], new double[8]};
        virtualArgs = new Object[]{new Sum(), new double[8]};
        if (lookup() != Mode.INOUT || lookupByReceiver() != Mode.IN)
            throw new IllegalStateException("inference did not run: is weft-infer on the class path? " + Weft.explain(fn));
    }

    @Benchmark
    public Mode lookup() {
        return FnInfo.of(fn, 3).modes(fn, args).mode(2, SpecPolicy.INFER);
    }

    @Benchmark
    public Mode lookupByReceiver() {
        return FnInfo.of(virtual, 2).modes(virtual, virtualArgs).mode(1, SpecPolicy.INFER);
    }
}
