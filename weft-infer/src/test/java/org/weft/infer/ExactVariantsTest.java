package org.weft.infer;

import org.junit.jupiter.api.Test;
import org.weft.Mode;
import org.weft.spec.ModeInference.Inferred;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache of summaries specialised for exact argument classes stays bounded: one method called with objects of
 * {@value Session#MAX_VARIANTS} distinct classes gets that many specialised analyses, each resolving the call on its
 * argument, and a call with one more class is analysed for the declared type, which leaves the call unresolved (sound).
 */
class ExactVariantsTest {
    /** Reads only; not final, so a call on a parameter of this type is resolved only when its class is known exactly. */
    static class Base {
        double sum(double[] a) {
            return a[0];
        }
    }

    static class S0 extends Base {
    }

    static class S1 extends Base {
    }

    static class S2 extends Base {
    }

    static class S3 extends Base {
    }

    static class S4 extends Base {
    }

    static class S5 extends Base {
    }

    static class S6 extends Base {
    }

    static class S7 extends Base {
    }

    static class S8 extends Base {
    }

    static class S9 extends Base {
    }

    static class S10 extends Base {
    }

    static class S11 extends Base {
    }

    static class S12 extends Base {
    }

    static class S13 extends Base {
    }

    static class S14 extends Base {
    }

    static class S15 extends Base {
    }

    static class S16 extends Base {
    }

    static double use(Base b, double[] a) {
        return b.sum(a);
    }

    static double k0(double[] a) {
        return use(new S0(), a);
    }

    static double k1(double[] a) {
        return use(new S1(), a);
    }

    static double k2(double[] a) {
        return use(new S2(), a);
    }

    static double k3(double[] a) {
        return use(new S3(), a);
    }

    static double k4(double[] a) {
        return use(new S4(), a);
    }

    static double k5(double[] a) {
        return use(new S5(), a);
    }

    static double k6(double[] a) {
        return use(new S6(), a);
    }

    static double k7(double[] a) {
        return use(new S7(), a);
    }

    static double k8(double[] a) {
        return use(new S8(), a);
    }

    static double k9(double[] a) {
        return use(new S9(), a);
    }

    static double k10(double[] a) {
        return use(new S10(), a);
    }

    static double k11(double[] a) {
        return use(new S11(), a);
    }

    static double k12(double[] a) {
        return use(new S12(), a);
    }

    static double k13(double[] a) {
        return use(new S13(), a);
    }

    static double k14(double[] a) {
        return use(new S14(), a);
    }

    static double k15(double[] a) {
        return use(new S15(), a);
    }

    static double k16(double[] a) {
        return use(new S16(), a);
    }

    @Test
    void specialisedSummariesPerMethodAreBounded() {
        assertEquals(17, Session.MAX_VARIANTS + 1, "one kernel per allowed variant, and one more");
        BytecodeInference inference = new BytecodeInference();
        List<Inferred> last = new ArrayList<>();
        for (int k = 0; k < 17; k++) {
            last = inference.infer(ExactVariantsTest.class, "k" + k, "([D)D", null);
            if (k < Session.MAX_VARIANTS) assertEquals(Mode.IN, last.getFirst().mode(), "kernel " + k + ": " + last.getFirst().reason());
        }
        assertEquals(Mode.INOUT, last.getFirst().mode(), "past the bound the argument is of its declared class");
        assertTrue(last.getFirst().reason().contains("overridable"), last.getFirst().reason());
    }
}
