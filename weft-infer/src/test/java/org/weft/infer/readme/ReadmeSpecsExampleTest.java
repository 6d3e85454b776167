package org.weft.infer.readme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Proc0;
import org.weft.Weft;
import org.weft.spec.Explanation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's examples of raw arguments and explain, of a function and of a closure, kept compiling and true. */
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

    @Test
    @Timeout(30)
    void readmeClosureExplainExample() {
        double[] src = {1, 2, 3}, dst = new double[3];
        try (Weft weft = Weft.create()) {
            // --- README closure example begins
            Proc0 twice = () -> { for (int i = 0; i < dst.length; i++) dst[i] = 2 * src[i]; };
            weft.region(r -> r.spawn(twice));                         // dst: OUT, src: IN, inferred from the body
            Explanation e = Weft.explain(twice);
            // --- README closure example ends
            assertArrayEquals(new double[]{2, 4, 6}, dst);
            String text = e.toString();
            assertTrue(text.matches("lambda in ReadmeSpecsExampleTest\\.readmeClosureExplainExample at ReadmeSpecsExampleTest\\.java:\\d+\\n"
                    + "  captured dst \\(double\\[]\\): OUT \\[inferred] — overwritten whole before any read on every path: "
                    + "element loop that writes every element up to the length at ReadmeSpecsExampleTest\\.java:\\d+\\n"
                    + "  captured src \\(double\\[]\\): IN \\[inferred] — only read: DALOAD at ReadmeSpecsExampleTest\\.java:\\d+"), text);
        }
    }
}
