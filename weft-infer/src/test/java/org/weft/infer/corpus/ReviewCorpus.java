package org.weft.infer.corpus;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.weft.Mode.IN;
import static org.weft.Mode.INOUT;

/**
 * Kernels from a soundness review of the inference: each was once inferred IN although it writes its
 * parameter. Never run; only analysed.
 */
@SuppressWarnings({"unused", "UnusedReturnValue"})
public final class ReviewCorpus {
    private ReviewCorpus() {
    }

    @Truth(value = {INOUT}, what = "a lambda Iterable whose iterator() writes the parameter, iterated")
    public static void lambdaIterable(double[] p) {
        Iterable<Object> it = () -> {
            p[0] = 1;
            return List.of().iterator();
        };
        for (Object o : it) {
            if (o == null) return;
        }
    }

    @Truth(value = {INOUT}, what = "forEach, a default method, of a lambda Iterable whose iterator() writes the parameter")
    public static void lambdaIterableForEach(double[] p) {
        Iterable<Object> it = () -> {
            p[0] = 1;
            return List.of().iterator();
        };
        it.forEach(o -> { });
    }

    @Truth(value = {INOUT}, what = "an anonymous Iterator whose hasNext() writes the parameter")
    public static void anonymousIterator(double[] p) {
        Iterator<Object> it = new Iterator<>() {
            @Override
            public boolean hasNext() {
                p[0] = 1;
                return false;
            }

            @Override
            public Object next() {
                return null;
            }
        };
        while (it.hasNext()) it.next();
    }

    @Truth(value = {INOUT}, what = "an anonymous ArrayList whose size() writes the parameter")
    public static int anonymousListSize(double[] p) {
        List<Object> l = new ArrayList<>() {
            @Override
            public int size() {
                p[0] = 1;
                return 0;
            }
        };
        return l.size();
    }

    @Truth(value = {INOUT}, what = "String.getChars into the parameter")
    public static void getChars(char[] p) {
        "abc".getChars(0, 3, p, 0);
    }

    @Truth(value = {INOUT}, what = "String.getBytes(int, int, byte[], int) into the parameter")
    @SuppressWarnings("deprecation")
    public static void getBytes(byte[] p) {
        "abc".getBytes(0, 3, p, 0);
    }

    @Truth(value = {INOUT}, what = "Character.toChars into the parameter")
    public static int toChars(char[] p) {
        return Character.toChars(0x1F600, p, 0);
    }

    @Truth(value = {IN}, what = "String.valueOf(char[]) only reads")
    public static String valueOfChars(char[] p) {
        return String.valueOf(p);
    }

    interface A {
        default void m(double[] x) {
        }
    }

    interface B extends A {
        @Override
        default void m(double[] x) {
            x[0] = 1;
        }
    }

    static final class C implements A, B {
    }

    @Truth(value = {INOUT}, what = "the most specific default method writes (B.m, not A.m)")
    public static void mostSpecificDefault(double[] p) {
        new C().m(p);
    }

    interface Op {
        void apply(Object a, Object b);

        default void apply(double[] a, double[] b) {
            apply((Object) b, (Object) a);
        }
    }

    @Truth(value = {IN, INOUT}, what = "a lambda called through a default overload that swaps the arguments")
    public static void lambdaOverload(double[] x, double[] y) {
        Op op = (a, b) -> ((double[]) a)[0] = 1;
        op.apply(x, y);
    }

    @Truth(value = {INOUT}, what = "written through a segment rebuilt from the parameter's raw address")
    @SuppressWarnings("restricted")
    public static void rawAddress(MemorySegment seg) {
        MemorySegment.ofAddress(seg.address()).reinterpret(8).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
    }
}
