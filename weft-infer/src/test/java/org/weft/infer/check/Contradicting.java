package org.weft.infer.check;

import org.weft.Proc2;
import org.weft.spec.In;
import org.weft.spec.InOut;

/** Declared specs that the bytecode contradicts, and one it confirms: input for SpecCheckTest (not run). */
public final class Contradicting {
    /** A task function made here, so SpecCheck finds it through the lambda site. */
    public static final Proc2<double[], double[]> SPAWNED = Contradicting::copy;

    private Contradicting() {
    }

    /** Declares {@code a} read-only but writes it. */
    public static void claimsToRead(@In double[] a, @InOut double[] b) {
        b[0] = a[0];
        a[1] = 0;
    }

    /** Declares {@code a} read-only and only reads it. */
    public static void reallyReads(@In double[] a, @InOut double[] b) {
        b[0] = a[0];
    }

    static void copy(double[] from, double[] to) {
        System.arraycopy(from, 0, to, 0, to.length);
    }
}
