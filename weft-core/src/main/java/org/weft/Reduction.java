package org.weft;


import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An associative (and commutative) operation for {@link Access#reduce}: each task of a reduction group
 * works on a private partial made by {@link #identity}, and the partials are folded into the datum with
 * {@link #combine} once the group is closed by a later access or by the end of the region. Each worker
 * keeps one partial per group, so a group of many tasks costs one partial per worker, not per task.
 *
 * <p>Groups are formed by operation identity: use one {@code Reduction} instance for tasks that should
 * share a group. Implementations must be thread-safe (they are called from several workers at once on
 * different partials).
 *
 * @param <T> the datum type (for instance {@code double[]})
 */
public interface Reduction<T> {

    /** A new partial shaped like {@code original}, filled with the identity element. Must not modify original. */
    T identity(T original);

    /** Folds {@code partial} into {@code target}: {@code target = target op partial}. */
    void combine(T target, T partial);

    /** A reduction from an identity factory and an in-place combiner. */
    static <T> Reduction<T> of(UnaryOperator<T> identity, java.util.function.BiConsumer<T, T> combine) {
        Objects.requireNonNull(identity);
        Objects.requireNonNull(combine);
        return new Reduction<>() {
            @Override public T identity(T original) { return identity.apply(original); }
            @Override public void combine(T target, T partial) { combine.accept(target, partial); }
        };
    }

    /** Element-wise sum of {@code double[]}. */
    static Reduction<double[]> doubleSum() { return Builtin.DOUBLE_SUM; }
    /** Element-wise maximum of {@code double[]}. */
    static Reduction<double[]> doubleMax() { return Builtin.DOUBLE_MAX; }
    /** Element-wise minimum of {@code double[]}. */
    static Reduction<double[]> doubleMin() { return Builtin.DOUBLE_MIN; }
    /** Element-wise sum of {@code long[]}. */
    static Reduction<long[]> longSum() { return Builtin.LONG_SUM; }
    /** Element-wise maximum of {@code long[]}. */
    static Reduction<long[]> longMax() { return Builtin.LONG_MAX; }

    /** An element-wise reduction of {@code double[]} with identity element {@code zero}. */
    static Reduction<double[]> doubles(double zero, java.util.function.DoubleBinaryOperator op) {
        return new Reduction<>() {
            @Override public double[] identity(double[] original) {
                double[] p = new double[original.length];
                if (zero != 0) java.util.Arrays.fill(p, zero);
                return p;
            }
            @Override public void combine(double[] target, double[] partial) {
                for (int i = 0; i < target.length; i++) target[i] = op.applyAsDouble(target[i], partial[i]);
            }
        };
    }

    /** An element-wise reduction of {@code long[]} with identity element {@code zero}. */
    static Reduction<long[]> longs(long zero, java.util.function.LongBinaryOperator op) {
        return new Reduction<>() {
            @Override public long[] identity(long[] original) {
                long[] p = new long[original.length];
                if (zero != 0) java.util.Arrays.fill(p, zero);
                return p;
            }
            @Override public void combine(long[] target, long[] partial) {
                for (int i = 0; i < target.length; i++) target[i] = op.applyAsLong(target[i], partial[i]);
            }
        };
    }
}
