package org.weft.examples;

import org.weft.data.Matrix;

/** The task functions of the README's examples: plain static methods that receive their data. */
public final class Kernels {
    private Kernels() {
    }

    /** {@code y += a * x}. */
    public static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += a * x[i];
    }

    /** The dot product of {@code x} and {@code y}. */
    public static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    /** Multiplies every element of {@code t} by {@code f}. */
    public static void scale(Matrix t, double f) {
        for (int j = 0; j < t.cols(); j++)
            for (int i = 0; i < t.rows(); i++) t.set(i, j, t.get(i, j) * f);
    }
}
