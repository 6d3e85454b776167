package org.weft.infer.corpus;

import static org.weft.Mode.IN;
import static org.weft.Mode.INOUT;

/** Receivers for the virtual-call cases of the corpus. */
public final class Shapes {
    private Shapes() {
    }

    /** An interface whose implementations differ in what they do to their argument. */
    public interface Shape {
        double apply(double[] a);
    }

    /** Reads its argument only. */
    public static class Reader implements Shape {
        @Override
        public double apply(double[] a) {
            return a[0];
        }
    }

    /** Writes its argument. */
    public static class Writer extends Reader {
        @Override
        public double apply(double[] a) {
            a[0] = 1;
            return 0;
        }
    }

    /** A final class: calls on it are resolved without knowing the receiver. */
    public static final class Box {
        double[] data;
        double total;

        public Box(double[] data) {
            this.data = data;
        }

        public double first() {
            return data[0];
        }

        public void setFirst(double v) {
            data[0] = v;
        }

        @Override
        public String toString() {
            return "Box " + total;
        }
    }

    /** A mutable accumulator (not final: its subclasses are unknown). */
    public static class Acc {
        public double sum;
        public double[] data;
        public Acc next;
    }

    /** A kernel object: instance methods, the receiver being their first parameter. */
    public static class Counter {
        double count;

        @Truth(value = {INOUT, IN}, what = "an instance method updating its own field")
        public void add(double[] x) {
            count += x[0];
        }

        @Truth(value = {IN, IN}, what = "an instance method reading its own field")
        public double peek(double[] x) {
            return count + x[0];
        }

        @Truth(value = {INOUT, IN}, what = "an instance method calling a private one on this")
        public void addTwice(double[] x) {
            addOnce(x);
            addOnce(x);
        }

        private void addOnce(double[] x) {
            count += x[0];
        }
    }

    /** A record holding an array. */
    public record Rec(double[] data) {
    }

    /** An exception carrying data. */
    public static final class Carrier extends RuntimeException {
        public final double[] data;

        public Carrier(double[] data) {
            super(null, null, false, false);
            this.data = data;
        }
    }

    /** An interface with a default method that writes. */
    public interface Toucher {
        default void touch(double[] a) {
            a[0] = 1;
        }
    }

    /** Inherits the writing default method. */
    public static final class DefaultToucher implements Toucher {
    }

    /** Writes through a super call. */
    public static class Base {
        public void run(double[] a) {
            a[0] = 2;
        }
    }

    /** Overrides and calls super. */
    public static class Sub extends Base {
        @Override
        public void run(double[] a) {
            super.run(a);
        }
    }
}
