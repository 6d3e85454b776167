package org.weft;


/** The built-in reductions, created once so that tasks using them share groups. */
final class Builtin {
    private Builtin() {
    }

    static final Reduction<double[]> DOUBLE_SUM = Reduction.doubles(0, Double::sum);
    static final Reduction<double[]> DOUBLE_MAX = Reduction.doubles(Double.NEGATIVE_INFINITY, Math::max);
    static final Reduction<double[]> DOUBLE_MIN = Reduction.doubles(Double.POSITIVE_INFINITY, Math::min);
    static final Reduction<long[]> LONG_SUM = Reduction.longs(0, Long::sum);
    static final Reduction<long[]> LONG_MAX = Reduction.longs(Long.MIN_VALUE, Math::max);
}
