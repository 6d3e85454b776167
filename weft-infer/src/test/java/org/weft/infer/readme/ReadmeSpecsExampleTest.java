package org.weft.infer.readme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Weft;
import org.weft.spec.Explanation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's example of raw arguments and explain, kept compiling and true. */
class ReadmeSpecsExampleTest {

    @Test
    @Timeout(30)
    void readmeSpecsExample() {
        double[] x = {1, 2, 3}, y = {10, 20, 30};
        try (Weft weft = Weft.create()) {
            // --- README example begins
            weft.region(r -> r.spawn(Kernels::axpy, 2.0, x, y));     // x: IN, y: INOUT, inferred from the bytecode
            Explanation e = Weft.explain(Kernels::axpy);
            // --- README example ends
            assertArrayEquals(new double[]{12, 24, 36}, y);
            assertTrue(e.toString().matches("Kernels\\.axpy\\(double, double\\[], double\\[]\\) at Kernels\\.java:\\d+\\n"
                    + "  param a \\(double\\): VALUE \\[value] — a double is passed as a value\\n"
                    + "  param x \\(double\\[]\\): IN \\[inferred] — only read: DALOAD at Kernels\\.java:\\d+\\n"
                    + "  param y \\(double\\[]\\): INOUT \\[inferred] — DASTORE at Kernels\\.java:\\d+"), e.toString());
        }
    }
}
