package org.weft.infer.examples;

import org.weft.data.DoubleSlice;
import org.weft.data.Matrix;
import org.weft.spec.In;
import org.weft.spec.InOut;

import java.util.Arrays;

/**
 * Example kernels over views and arrays, spawned unannotated (modes inferred) in the differential test and
 * checked at build time by {@code SpecCheck} (see this module's pom). Arithmetic is exact: every value stays
 * an integer below {@link #P}, so any schedule that respects the dependencies gives the same bits.
 */
public final class Kernels {
    /** Values are kept below this prime; products of two stay far below 2^53. */
    public static final double P = 1_000_003;

    private Kernels() {
    }

    /** y = a x + y. */
    public static void axpy(double a, DoubleSlice x, DoubleSlice y) {
        for (int i = 0; i < y.length(); i++) y.set(i, (y.get(i) + a * x.get(i)) % P);
    }

    /** The dot product of x and y, reduced. */
    public static double dot(DoubleSlice x, DoubleSlice y) {
        double s = 0;
        for (int i = 0; i < x.length(); i++) s = (s + x.get(i) * y.get(i)) % P;
        return s;
    }

    /** to = from, element by element (from and to may overlap). */
    public static void copy(DoubleSlice from, DoubleSlice to) {
        for (int i = 0; i < to.length(); i++) to.set(i, from.get(i));
    }

    /** x = f x. */
    public static void scale(DoubleSlice x, double f) {
        for (int i = 0; i < x.length(); i++) x.set(i, (x.get(i) * f) % P);
    }

    /** Every element of a becomes v. */
    public static void fill(double[] a, double v) {
        Arrays.fill(a, v % P);
    }

    /** acc[0] += sum of x. */
    public static void sumInto(DoubleSlice x, double[] acc) {
        double s = acc[0];
        for (int i = 0; i < x.length(); i++) s = (s + x.get(i)) % P;
        acc[0] = s;
    }

    /** y[i] = aux[i mod aux.length] + y[i]. */
    public static void addAux(double[] aux, DoubleSlice y) {
        for (int i = 0; i < y.length(); i++) y.set(i, (y.get(i) + aux[i % aux.length]) % P);
    }

    /** b = a + b, element-wise over two blocks of the same shape. */
    public static void blockAdd(Matrix a, Matrix b) {
        for (int j = 0; j < b.cols(); j++)
            for (int i = 0; i < b.rows(); i++) b.set(i, j, (b.get(i, j) + a.get(i, j)) % P);
    }

    /** a = f a. */
    public static void blockScale(Matrix a, double f) {
        for (int j = 0; j < a.cols(); j++)
            for (int i = 0; i < a.rows(); i++) a.set(i, j, (a.get(i, j) * f) % P);
    }

    /** The sum of the elements of a block. */
    public static double blockSum(Matrix a) {
        double s = 0;
        for (int j = 0; j < a.cols(); j++)
            for (int i = 0; i < a.rows(); i++) s = (s + a.get(i, j)) % P;
        return s;
    }

    /** y = 2 y + x, with declared modes (which the build checks against the bytecode). */
    public static void twiceInto(@In DoubleSlice x, @InOut DoubleSlice y) {
        for (int i = 0; i < y.length(); i++) y.set(i, (2 * y.get(i) + x.get(i)) % P);
    }
}
