package org.weft.linalg;

import java.util.SplittableRandom;

/** Plain column-major reference arithmetic for the tests: what the tiled algorithms must agree with. */
final class Dense {
    private Dense() {
    }

    static double[] random(int m, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) a[i] = 2 * rnd.nextDouble() - 1;
        return a;
    }

    /** C = op(A) op(B) for column-major A (ra x ca) and B (rb x cb). */
    static double[] multiply(double[] a, int ra, int ca, boolean ta, double[] b, int rb, int cb, boolean tb) {
        int m = ta ? ca : ra, k = ta ? ra : ca, n = tb ? rb : cb;
        double[] c = new double[m * n];
        for (int j = 0; j < n; j++)
            for (int l = 0; l < k; l++) {
                double blj = tb ? b[j + l * rb] : b[l + j * rb];
                for (int i = 0; i < m; i++) c[i + j * m] += (ta ? a[l + i * ra] : a[i + l * ra]) * blj;
            }
        return c;
    }

    /** max |x - y| / max(1, max |y|). */
    static double relativeMaxDiff(double[] x, double[] y) {
        double d = 0, s = 1;
        for (int i = 0; i < x.length; i++) {
            d = Math.max(d, Math.abs(x[i] - y[i]));
            s = Math.max(s, Math.abs(y[i]));
        }
        return d / s;
    }
}
