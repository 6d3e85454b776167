package org.weft.cli;

import org.weft.spec.In;

/** Kernels for the explain command's tests. */
final class ExplainTarget {
    private ExplainTarget() {
    }

    static void axpy(double a, double[] x, double[] y) {
        axpyInto(a, x, y);
    }

    private static void axpyInto(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += a * x[i];
    }

    static void scale(double[] x, double f) {
        for (int i = 0; i < x.length; i++) x[i] *= f;
    }

    static void scale(double[] x, int f) {
        for (int i = 0; i < x.length; i++) x[i] *= f;
    }

    static double sum(@In double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }
}
