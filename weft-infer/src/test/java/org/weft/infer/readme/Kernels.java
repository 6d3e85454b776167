package org.weft.infer.readme;

/** The kernel of the README's section on specs and inference. */
final class Kernels {
    private Kernels() {
    }

    static void axpy(double a, double[] x, double[] y) { for (int i = 0; i < y.length; i++) y[i] += a * x[i]; }
}
