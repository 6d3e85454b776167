package org.weft.infer.corpus;

import static org.weft.Mode.IN;
import static org.weft.Mode.INOUT;
import static org.weft.Mode.VALUE;

/**
 * Kernels for exact receiver types carried into callees (issue 11), written with their true modes before the
 * inference learned it: a helper object made here, or a parameter of a final class or a record, passed to a method
 * that calls it through a non-final class or an interface, where the call is resolved only if the callee knows the
 * argument's class exactly; and the near misses where it cannot know (a non-final parameter type, a value that may be
 * either of two classes), which must stay INOUT. Never run; only analysed.
 */
@SuppressWarnings("unused")
public final class Exactness {
    private Exactness() {
    }

    /** A helper that only reads (not final: a subclass may write). */
    public static class Summer {
        public double sum(double[] a) {
            double s = 0;
            for (double v : a) s += v;
            return s;
        }
    }

    /** Overrides the reading method with one that writes. */
    public static class ZeroingSummer extends Summer {
        @Override
        public double sum(double[] a) {
            a[0] = 0;
            return 0;
        }
    }

    /** Something that measures an array. */
    public interface Measure {
        double measure(double[] a);
    }

    /** Reads; not final. */
    public static class Length implements Measure {
        @Override
        public double measure(double[] a) {
            return a.length + a[0];
        }
    }

    /** A record: its class is exactly its type. Reads its own array and the argument. */
    public record Window(double[] data, int from) implements Measure {
        @Override
        public double measure(double[] a) {
            return a[from] + data[0];
        }
    }

    /** A final class. */
    public static final class Fixed implements Measure {
        @Override
        public double measure(double[] a) {
            return a[a.length - 1];
        }
    }

    /** An interface whose default method reads. */
    public interface Peek {
        default double peek(double[] a) {
            return a[0];
        }
    }

    /** Inherits the default method; not final. */
    public static class Peeker implements Peek {
    }

    static double sumWith(Summer s, double[] a) {
        return s.sum(a);
    }

    static double sumTwice(Summer s, double[] a) {
        return sumWith(s, a) + sumWith(s, a);
    }

    static double measureWith(Measure m, double[] a) {
        return m.measure(a);
    }

    static double peekWith(Peek p, double[] a) {
        return p.peek(a);
    }

    @Truth(value = {IN}, what = "a reading helper made here, called by a callee through its non-final class")
    public static double helperThroughCallee(double[] a) {
        return sumWith(new Summer(), a);
    }

    @Truth(value = {IN}, what = "a reading helper made here, carried two calls deep")
    public static double helperTwoDeep(double[] a) {
        Summer s = new Summer();
        return sumTwice(s, a);
    }

    @Truth(value = {INOUT}, what = "a writing subclass made here, called by a callee through the reading base class")
    public static double writerThroughCallee(double[] a) {
        return sumWith(new ZeroingSummer(), a);
    }

    @Truth(value = {IN}, what = "an interface call in a callee on an object made here")
    public static double interfaceOnExact(double[] a) {
        return measureWith(new Length(), a);
    }

    @Truth(value = {IN, IN}, what = "a record parameter, called by a callee through an interface")
    public static double recordThroughInterface(Window w, double[] a) {
        return measureWith(w, a);
    }

    @Truth(value = {IN, IN}, what = "a final class parameter, called by a callee through an interface")
    public static double finalThroughInterface(Fixed f, double[] a) {
        return measureWith(f, a);
    }

    @Truth(value = {IN}, what = "a default method reached in a callee through an object made here")
    public static double defaultOnExact(double[] a) {
        return peekWith(new Peeker(), a);
    }

    @Truth(value = {INOUT, INOUT}, what = "near miss: a non-final parameter type, which a writing subclass may be")
    public static double nonFinalParam(Summer s, double[] a) {
        return sumWith(s, a);
    }

    @Truth(value = {INOUT, INOUT}, what = "near miss: a non-final implementation of the interface as the parameter type")
    public static double nonFinalInterfaceParam(Length l, double[] a) {
        return measureWith(l, a);
    }

    @Truth(value = {VALUE, INOUT}, what = "near miss: either of two classes, one of which writes")
    public static double eitherOfTwo(boolean zero, double[] a) {
        Summer s = zero ? new ZeroingSummer() : new Summer();
        return sumWith(s, a);
    }

    @Truth(value = {INOUT}, what = "near miss: the callee is given one helper made here but calls another it was given")
    public static double otherHelper(double[] a) {
        return sumOther(new Summer(), new ZeroingSummer(), a);
    }

    static double sumOther(Summer unused, Summer used, double[] a) {
        return used.sum(a);
    }
}
