package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.data.Matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.val;

/** The README's first example, with the kernels in this class: regionResult, names with indices, the named closure form. */
class ReadmeExampleTest {

    static void axpy(double a, double[] x, double[] y) { for (int i = 0; i < y.length; i++) y[i] += a * x[i]; }
    static double dot(double[] x, double[] y) { double s = 0; for (int i = 0; i < x.length; i++) s += x[i] * y[i]; return s; }
    static void scale(Matrix t, double f) { for (int j = 0; j < t.cols(); j++) for (int i = 0; i < t.rows(); i++) t.set(i, j, t.get(i, j) * f); }

    @Test
    @Timeout(30)
    void readmeExample() {
        double[] x = new double[1000], y = new double[1000], m = new double[512 * 512];
        java.util.Arrays.fill(x, 1);
        java.util.Arrays.fill(m, 1);
        double[] result = new double[1];
        // --- README example begins (as examples/.../QuickStart.java, which ExamplesTest compares with README.md)
        try (Weft weft = Weft.create()) {
            double dot = weft.regionResult(r -> {                        // a region: returns when its tasks are done
                r.spawn(ReadmeExampleTest::axpy, val(2.0), in(x), inOut(y));   // y += 2x
                Task<Double> d = r.spawn(ReadmeExampleTest::dot, in(x), in(y)); // waits for axpy
                double xy = d.get();                                            // the body may wait
                Matrix a = Matrix.wrap(m, 512, 512);
                for (int i = 0; i < 2; i++)                                     // four tiles in parallel
                    for (int j = 0; j < 2; j++)
                        r.task(ReadmeExampleTest::scale).name("scale", i, j).spawn(inOut(a.tile(i, j, 256)), val(0.5));
                r.task(() -> y[0] = xy).name("store").spawn(inOut(y));         // closure + access list
                return xy;
            });
            result[0] = dot;
        }
        // --- README example ends
        assertEquals(2000.0, result[0]);
        assertEquals(2000.0, y[0]);
        assertEquals(2.0, y[1]);
        for (double v : m) assertEquals(0.5, v);
    }
}
