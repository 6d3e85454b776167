package org.weft.examples;

// --- README: QuickStart
import org.weft.Task;
import org.weft.Weft;
import org.weft.data.Matrix;

import static org.weft.Access.*;     // in, out, inOut, val, commutative, concurrent, reduce, weakIn, ...
// --- end

/** The README's first example: a vector update, a dot product that waits for it, four tiles in parallel, a closure. */
public final class QuickStart {
    private QuickStart() {
    }

    /** Runs the example on {@code x}, {@code y} (length 1000) and {@code m} (512 x 512); prints the dot product. */
    public static void run(double[] x, double[] y, double[] m) {
        // --- README: QuickStart
        try (Weft weft = Weft.create()) {
            double dot = weft.regionResult(r -> {                        // a region: returns when its tasks are done
                r.spawn(Kernels::axpy, val(2.0), in(x), inOut(y));       // y += 2x
                Task<Double> d = r.spawn(Kernels::dot, in(x), in(y));    // waits for axpy
                double xy = d.get();                                     // the body may wait; it helps meanwhile
                Matrix a = Matrix.wrap(m, 512, 512);                     // column-major view over a double[]
                for (int i = 0; i < 2; i++)                              // four disjoint tiles: run in parallel
                    for (int j = 0; j < 2; j++)
                        r.task(Kernels::scale).name("scale", i, j).spawn(inOut(a.tile(i, j, 256)), val(0.5));
                r.task(() -> y[0] = xy).name("store").spawn(inOut(y));  // closure form: body + access list
                return xy;                                               // what regionResult returns
            });
            System.out.println("x.y = " + dot);                          // 2000.0 for x = 1, y = 0
        }
        // --- end
    }

    public static void main(String[] args) {
        double[] x = new double[1000], y = new double[1000], m = new double[512 * 512];
        java.util.Arrays.fill(x, 1);
        java.util.Arrays.fill(m, 1);
        run(x, y, m);
    }
}
