package org.weft.examples;

import org.weft.Weft;
import org.weft.data.DoubleSlice;
// --- README: Views
import org.weft.data.Matrix;
import org.weft.data.Views;

import static org.weft.Access.*;
// --- end

/** The README's view example: ranges, strided slices, single elements, matrix blocks and triangles as dependencies. */
public final class ViewsExample {
    private ViewsExample() {
    }

    static void fill(DoubleSlice s, double v) {
        for (int i = 0; i < s.length(); i++) s.set(i, v);
    }

    static void addTo(DoubleSlice from, DoubleSlice to) {
        for (int i = 0; i < to.length(); i++) to.set(i, to.get(i) + from.get(i));
    }

    static void clear(Matrix m) {
        for (int j = 0; j < m.cols(); j++) for (int i = 0; i < m.rows(); i++) m.set(i, j, 0);
    }

    /** Sets the strict lower (or upper) triangle of {@code m} to {@code v}. */
    static void setStrict(Matrix m, boolean lower, double v) {
        for (int j = 0; j < m.cols(); j++) for (int i = 0; i < m.rows(); i++) if (lower ? i > j : i < j) m.set(i, j, v);
    }

    /** Runs the example on {@code a} (length 100) and {@code m} (6 x 6, column-major). */
    public static void run(double[] a, double[] m) {
        try (Weft weft = Weft.create()) {
            // --- README: Views
            weft.region(r -> {
                r.spawn(ViewsExample::fill, out(Views.range(a, 0, 50)), val(1.0));       // elements 0..49
                r.spawn(ViewsExample::fill, out(Views.range(a, 50, 100)), val(2.0));     // 50..99: runs beside it
                r.spawn(ViewsExample::addTo, in(Views.strided(a, 0, 100, 10)),           // 0, 10, ..., 90
                        inOut(Views.strided(a, 5, 100, 10)));                            // 5, 15, ..., 95: after both fills
                for (int k = 0; k < 3; k++) {                                             // one element each: in parallel
                    int e = k;
                    r.spawn(() -> a[e] *= 10, inOut(Views.at(a, e)));
                }
                Matrix mat = Matrix.wrap(m, 6, 6);                                        // 6 x 6, column-major
                r.spawn(() -> setStrict(mat, true, 1.0), out(mat.lower(false)));          // strict lower triangle ...
                r.spawn(() -> setStrict(mat, false, 2.0), out(mat.upper(false)));         // ... and strict upper: in parallel
                r.spawn(ViewsExample::clear, out(mat.block(2, 2, 2, 2)));                 // rows 2-3, columns 2-3: after both
            });
            // --- end
        }
    }
}
