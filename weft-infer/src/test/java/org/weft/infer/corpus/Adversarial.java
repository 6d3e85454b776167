package org.weft.infer.corpus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import static org.weft.Mode.IN;
import static org.weft.Mode.INOUT;
import static org.weft.Mode.OUT;
import static org.weft.Mode.VALUE;

/**
 * Kernels written to break the inference of issue 11 (an adversarial review), each with its true mode: counted loops
 * whose counter, stride, exit or exceptions make "every element written" false on some normal return, overflow of
 * the index arithmetic for arrays near the maximum length, reads through aliases, arraycopy with run-time offsets,
 * results that alias a parameter and are written by the caller, escapes, JDK-table methods on user subclasses,
 * exactness lost at a merge, VarHandle writes, lambdas and method references that write, default and bridge
 * methods. Never run; only analysed.
 */
@SuppressWarnings({"unused", "UnusedReturnValue"})
public final class Adversarial {
    private static final VarHandle DOUBLES = MethodHandles.arrayElementVarHandle(double[].class);
    private static Object sink;

    private Adversarial() {
    }

    private static double mayThrow(int i) {
        return 10 / (i - 3);
    }

    // ---- counted loops -----------------------------------------------------------------------------

    @Truth(value = {INOUT, VALUE}, what = "counter stepped again inside the body on a condition: elements skipped")
    public static void counterBumpedInBody(double[] a, boolean c) {
        for (int i = 0; i < a.length; i++) {
            a[i] = 0;
            if (c) i++;
        }
    }

    @Truth(value = {INOUT}, what = "counter moved forward by an assignment inside the body")
    public static void counterJumps(double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = 0;
            if (i == 2) i = 5;
        }
    }

    @Truth(value = {INOUT}, what = "reads the last element in every step, before it is written")
    public static double readsLastEachStep(double[] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[a.length - 1];
            a[i] = s;
        }
        return s;
    }

    @Truth(value = {INOUT, VALUE}, what = "stride 2, two stores of which the second is conditional")
    public static void stride2OneConditional(double[] a, boolean c) {
        for (int i = 0; i < a.length; i += 2) {
            a[i] = 0;
            if (c) a[i + 1] = 1;
        }
    }

    @Truth(value = {INOUT, VALUE}, what = "early return inside the loop, before the array is written whole")
    public static void earlyReturn(double[] a, int n) {
        for (int i = 0; i < a.length; i++) {
            if (i == n) return;
            a[i] = 0;
        }
    }

    @Truth(value = {INOUT, VALUE}, what = "break inside the loop on a parameter")
    public static void breakOnFlag(double[] a, boolean c) {
        for (int i = 0; i < a.length; i++) {
            if (c) break;
            a[i] = 0;
        }
    }

    @Truth(value = {INOUT}, what = "store inside a try whose catch swallows the exception, loop continues")
    public static void swallowedInLoop(double[] a) {
        for (int i = 0; i < a.length; i++) {
            try {
                a[i] = mayThrow(i);
            } catch (ArithmeticException e) {
                // the element at 3 keeps its old value
            }
        }
    }

    @Truth(value = {INOUT}, what = "loop inside a try whose catch swallows the exception and returns normally")
    public static void swallowedAroundLoop(double[] a) {
        try {
            for (int i = 0; i < a.length; i++) a[i] = mayThrow(i);
        } catch (ArithmeticException e) {
            return;
        }
    }

    @Truth(value = {INOUT}, what = "array index out of bounds caught: the loop runs past the length, caught, returns")
    public static void outOfBoundsCaught(double[] a) {
        try {
            for (int i = 1; ; i++) a[i] = 0;
        } catch (ArrayIndexOutOfBoundsException e) {
            return;
        }
    }

    @Truth(value = {INOUT}, what = "reads a[i] before writing it in the same iteration")
    public static double readThenWrite(double[] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i];
            a[i] = 0;
            s += t;
        }
        return s;
    }

    @Truth(value = {INOUT}, what = "reads the element ahead before writing the current one")
    public static void shiftLeft(double[] a) {
        for (int i = 0; i < a.length - 1; i++) a[i] = a[i + 1];
        a[a.length - 1] = 0;
    }

    @Truth(value = {INOUT}, what = "reads through a local alias while writing")
    public static void reverseThroughAlias(double[] a) {
        double[] b = a;
        for (int i = 0; i < a.length; i++) a[i] = b[a.length - 1 - i];
    }

    @Truth(value = {OUT}, what = "writes through a local alias every element (precision check)")
    public static void fillThroughAlias(double[] a) {
        double[] b = a;
        for (int i = 0; i < b.length; i++) b[i] = 1;
    }

    @Truth(value = {INOUT, IN}, what = "bounded by the shorter of two arrays")
    public static void minBound(double[] a, double[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) a[i] = b[i];
    }

    @Truth(value = {OUT}, what = "inclusive bound length - 1 (no overflow: length - 1 >= -1)")
    public static void inclusiveLengthMinusOne(double[] a) {
        for (int i = 0; i <= a.length - 1; i++) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "inclusive bound length - 2: the last element is skipped")
    public static void inclusiveLengthMinusTwo(double[] a) {
        for (int i = 0; i <= a.length - 2; i++) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "descending loop whose exit test i + K >= K wraps for a length above 2^31 - K: nothing written")
    public static void descendingWrappedTest(byte[] a) {
        for (int i = a.length - 1; i + 2_000_000_000 >= 2_000_000_000; i--) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "descending loop whose test i + MAX_VALUE >= MAX_VALUE wraps at once for a length of 2 or more: nothing written")
    public static void descendingWrappedMax(byte[] a) {
        for (int i = a.length - 1; i + Integer.MAX_VALUE >= Integer.MAX_VALUE; i--) a[i] = 0;
    }

    @Truth(value = {INOUT, VALUE}, what = "ascending loop from a counter that may be negative after the prefix was started")
    public static void counterFromParameter(double[] a, int k) {
        int i = 0;
        i = i + k;
        for (; i < a.length; i++) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "counter shifted by MIN_VALUE twice (back to where it was) between stores")
    public static void counterShiftedByMin(double[] a) {
        for (int i = 0; i < a.length; i++) {
            i = i + Integer.MIN_VALUE;
            a[i - Integer.MIN_VALUE + 1 - 1] = 0;
            i = i - Integer.MIN_VALUE + 1;
        }
    }

    @Truth(value = {INOUT}, what = "a length local plus K as the bound: n + K wraps for a length above 2^31 - K, and nothing is written")
    public static void lengthLocalPlusK(byte[] a) {
        int n = a.length;
        for (int i = 0; i < n + 1_000_000_000; i++) a[i] = 0;
    }

    @Truth(value = {INOUT, VALUE, VALUE}, what = "i + j >= a.length of two parameters, after a store of 0 into a local: says nothing of what is written")
    public static void sumVersusLength(double[] a, int i, int j) {
        int s = 0;
        a[s + 1] = 1;
        if (i + j < a.length) throw new IllegalArgumentException("short");
    }

    @Truth(value = {INOUT}, what = "descending loop with a conditional extra decrement")
    public static void descendingSkips(double[] a) {
        for (int i = a.length - 1; i >= 0; i--) {
            a[i] = 0;
            if (i == 7) i--;
        }
    }

    // ---- rows of a flat matrix --------------------------------------------------------------------

    @Truth(value = {INOUT}, what = "rows: inner bound 4, outer step 8: every other row")
    public static void rowsStepTwiceBound(double[] c) {
        for (int i = 0; i < c.length; i += 8)
            for (int j = 0; j < 4; j++) c[i + j] = 0;
    }

    @Truth(value = {INOUT, VALUE}, what = "rows: the inner loop is left early by a break")
    public static void rowsInnerBreak(double[] c, boolean stop) {
        for (int i = 0; i < c.length; i += 4)
            for (int j = 0; j < 4; j++) {
                if (stop) break;
                c[i + j] = 0;
            }
    }

    @Truth(value = {INOUT}, what = "rows: the inner counter starts at 1")
    public static void rowsInnerFromOne(double[] c) {
        for (int i = 0; i < c.length; i += 4)
            for (int j = 1; j < 4; j++) c[i + j] = 0;
    }

    @Truth(value = {INOUT}, what = "rows: the step local is changed after the first row")
    public static void rowsStepChanges(double[] c) {
        int n = 4;
        for (int i = 0; i < c.length; i += n) {
            for (int j = 0; j < 4; j++) c[i + j] = 0;
            n = 5;
        }
    }

    @Truth(value = {INOUT}, what = "rows: the outer counter is bumped inside the inner loop")
    public static void rowsOuterBumped(double[] c) {
        for (int i = 0; i < c.length; i += 4)
            for (int j = 0; j < 4; j++) {
                c[i + j] = 0;
                if (j == 1) i++;
            }
    }

    @Truth(value = {INOUT}, what = "rows: the row is read before its end is written")
    public static void rowsReadRow(double[] c) {
        for (int i = 0; i < c.length; i += 2)
            for (int j = 0; j < 2; j++) c[i + j] = c[i + 1] + 1;
    }

    @Truth(value = {INOUT}, what = "rows: inner counter reset inside the inner loop")
    public static void rowsInnerReset(double[] c) {
        for (int i = 0; i < c.length; i += 4)
            for (int j = 0; j < 4; j++) {
                c[i + j] = 0;
                if (j == 0) j = 2;
            }
    }

    // ---- arraycopy ----------------------------------------------------------------------------------

    @Truth(value = {IN, INOUT, VALUE}, what = "arraycopy at a run-time offset into the destination")
    public static void copyAtOffset(double[] src, double[] dst, int off) {
        System.arraycopy(src, 0, dst, off, dst.length);
    }

    @Truth(value = {IN, INOUT, VALUE}, what = "arraycopy of a run-time length")
    public static void copyRunTimeLength(double[] src, double[] dst, int n) {
        System.arraycopy(src, 0, dst, 0, n);
    }

    @Truth(value = {INOUT}, what = "arraycopy of an array onto itself, shifted")
    public static void copyOntoItself(double[] a) {
        System.arraycopy(a, 1, a, 0, a.length - 1);
    }

    @Truth(value = {IN, INOUT}, what = "arraycopy whose length is the source's")
    public static void copySourceLength(double[] src, double[] dst) {
        System.arraycopy(src, 0, dst, 0, src.length);
    }

    @Truth(value = {IN, INOUT, VALUE}, what = "arraycopy whose length local is the destination's length on one path only")
    public static void copyLengthOnOnePath(double[] src, double[] dst, boolean c) {
        int n = c ? dst.length : 1;
        System.arraycopy(src, 0, dst, 0, n);
    }

    @Truth(value = {IN, INOUT, VALUE}, what = "arraycopy into one of two arrays picked at run time")
    public static void copyIntoEither(double[] src, double[] dst, boolean c) {
        double[] d = c ? dst : new double[4];
        System.arraycopy(src, 0, d, 0, d.length);
    }

    @Truth(value = {INOUT, VALUE}, what = "a loop over one of two arrays picked at run time")
    public static void fillEither(double[] a, boolean c) {
        double[] d = c ? a : new double[4];
        for (int i = 0; i < d.length; i++) d[i] = 0;
    }

    // ---- results that alias parameters -------------------------------------------------------------

    @Truth(value = {INOUT}, what = "writes through what a callee returns (the parameter itself)")
    public static void writeThroughIdentity(double[] a) {
        Inference2.identity(a)[0] = 1;
    }

    @Truth(value = {INOUT}, what = "writes a row a callee returns")
    public static void writeThroughRow(double[][] m) {
        Inference2.row(m)[0] = 1;
    }

    @Truth(value = {INOUT}, what = "writes what List.get returns")
    public static void writeThroughListGet(List<double[]> l) {
        Inference2.firstOf(l)[0] = 1;
    }

    @Truth(value = {INOUT}, what = "writes what requireNonNull returns")
    public static void writeThroughRequireNonNull(double[] a) {
        java.util.Objects.requireNonNull(a)[0] = 1;
    }

    @Truth(value = {INOUT}, what = "returned after a conditional write")
    public static double[] writeSometimesThenReturn(double[] a) {
        if (a.length > 3) a[3] = 0;
        return a;
    }

    @Truth(value = {INOUT}, what = "a callee returns its parameter after writing it")
    public static void calleeWritesAndReturns(double[] a) {
        Inference2.scaleAndReturn(a);
    }

    // ---- escapes -----------------------------------------------------------------------------------

    @Truth(value = {INOUT}, what = "stored into a static field")
    public static void leakToStatic(double[] a) {
        sink = a;
    }

    @Truth(value = {INOUT}, what = "stored into a local object that escapes to a static field")
    public static void leakViaLocalObject(double[] a) {
        Inference2.Holder h = new Inference2.Holder();
        h.withData(a);
        sink = h;
    }

    @Truth(value = {INOUT}, what = "captured by a lambda that escapes to a static field")
    public static void leakViaLambda(double[] a) {
        Runnable r = () -> a[0] = 1;
        sink = r;
    }

    @Truth(value = {INOUT}, what = "captured by a lambda handed to a thread")
    public static void leakToThread(double[] a) {
        new Thread(() -> a[0] = 1).start();
    }

    // ---- JDK-table methods on user subclasses --------------------------------------------------------

    /** A list whose contains writes the array it was built with. */
    public static final class ZeroingList extends ArrayList<Object> {
        private final double[] target;

        public ZeroingList(double[] target) {
            this.target = target;
        }

        @Override
        public boolean contains(Object o) {
            target[0] = 0;
            return super.contains(o);
        }

        @Override
        public int size() {
            target[0] = 1;
            return super.size();
        }
    }

    /** A list that counts its queries: a query writes the list itself. */
    public static final class CountingList extends ArrayList<Object> {
        int queries;

        @Override
        public boolean contains(Object o) {
            queries++;
            return super.contains(o);
        }

        @Override
        public int size() {
            queries++;
            return super.size();
        }
    }

    @Truth(value = {INOUT}, what = "a user List made here whose contains writes the parameter, called through List")
    public static boolean userListContains(double[] a) {
        List<Object> l = new ZeroingList(a);
        return l.contains("x");
    }

    @Truth(value = {INOUT, VALUE}, what = "either an ArrayList or a user List whose size writes the parameter: exactness lost at the merge")
    public static int userListLostAtMerge(double[] a, boolean c) {
        List<Object> l = c ? new ArrayList<>() : new ZeroingList(a);
        return l.size();
    }

    @Truth(value = {INOUT, IN}, what = "a final user List parameter whose contains writes it, called through List")
    public static boolean finalUserListParam(CountingList l, double[] x) {
        List<Object> v = l;
        return v.contains(x);
    }

    @Truth(value = {INOUT}, what = "a final user List parameter whose size writes it, called through Collection")
    public static int finalUserListSize(CountingList l) {
        Collection<Object> v = l;
        return v.size();
    }

    @Truth(value = {INOUT}, what = "a user List made by a factory (its class is not known here) whose size writes the parameter")
    public static int userListFromFactory(double[] a) {
        List<Object> l = makeList(a);
        return l.size();
    }

    private static List<Object> makeList(double[] a) {
        return new ZeroingList(a);
    }

    // ---- exactness, default and bridge methods -------------------------------------------------------

    @Truth(value = {INOUT, VALUE}, what = "a reading or a writing helper chosen at run time, called through the base class")
    public static double summerLostAtMerge(double[] a, boolean zero) {
        Exactness.Summer s = zero ? new Exactness.ZeroingSummer() : new Exactness.Summer();
        return s.sum(a);
    }

    @Truth(value = {INOUT}, what = "a helper made here, stored in a local Object and cast back")
    public static double summerThroughObject(double[] a) {
        Object o = new Exactness.ZeroingSummer();
        return ((Exactness.Summer) o).sum(a);
    }

    /** A generic operation: implementations get a bridge method. */
    public interface Op<T> {
        void apply(T t);
    }

    /** Writes the array: apply(Object) is a bridge to apply(double[]). */
    public static final class ZeroOp implements Op<double[]> {
        @Override
        public void apply(double[] a) {
            a[0] = 0;
        }
    }

    @Truth(value = {INOUT}, what = "a bridge method to a writing implementation")
    public static void throughBridge(double[] a) {
        Op<double[]> op = new ZeroOp();
        op.apply(a);
    }

    /** A default method that calls an abstract one. */
    public interface Visitor {
        void visit(double[] a);

        default void visitTwice(double[] a) {
            visit(a);
            visit(a);
        }
    }

    /** Writes in visit. */
    public static class Writer implements Visitor {
        @Override
        public void visit(double[] a) {
            a[0]++;
        }
    }

    /** Reads in visit. */
    public static class Reader implements Visitor {
        @Override
        public void visit(double[] a) {
            double x = a[0];
        }
    }

    @Truth(value = {INOUT}, what = "a default method calling back into a writing implementation")
    public static void defaultCallsWriter(double[] a) {
        new Writer().visitTwice(a);
    }

    @Truth(value = {INOUT, VALUE}, what = "a default method on either of two implementations")
    public static void defaultOnEither(double[] a, boolean c) {
        Visitor v = c ? new Reader() : new Writer();
        v.visitTwice(a);
    }

    @Truth(value = {IN}, what = "a default method calling back into a reading implementation (precision)")
    public static void defaultCallsReader(double[] a) {
        new Reader().visitTwice(a);
    }

    // ---- VarHandles, buffers, builders --------------------------------------------------------------

    @Truth(value = {INOUT}, what = "VarHandle.set")
    public static void varHandleSet(double[] a) {
        DOUBLES.set(a, 0, 1.0);
    }

    @Truth(value = {INOUT}, what = "VarHandle.getAndAdd")
    public static double varHandleGetAndAdd(double[] a) {
        return (double) DOUBLES.getAndAdd(a, 0, 1.0);
    }

    @Truth(value = {INOUT}, what = "VarHandle.compareAndSet")
    public static boolean varHandleCas(double[] a) {
        return DOUBLES.compareAndSet(a, 0, 0.0, 1.0);
    }

    @Truth(value = {INOUT}, what = "VarHandle.getAndSet")
    public static double varHandleGetAndSet(double[] a) {
        return (double) DOUBLES.getAndSet(a, 0, 1.0);
    }

    @Truth(value = {INOUT}, what = "a buffer wrapping the array is written")
    public static void bufferPut(double[] a) {
        DoubleBuffer.wrap(a).put(0, 1.0);
    }

    @Truth(value = {IN, INOUT}, what = "StringBuilder.getChars fills a destination")
    public static void builderGetChars(StringBuilder sb, char[] dst) {
        sb.getChars(0, 1, dst, 0);
    }

    @Truth(value = {INOUT}, what = "StringBuilder.append of an object whose toString writes a parameter")
    public static void builderAppendWriter(double[] a) {
        StringBuilder sb = new StringBuilder();
        sb.append(new Object() {
            @Override
            public String toString() {
                a[0] = 1;
                return "";
            }
        });
    }

    // ---- lambdas and method references --------------------------------------------------------------

    @Truth(value = {INOUT}, what = "a lambda run by IntStream.forEach writes a captured array")
    public static void streamForEachWrites(double[] a) {
        IntStream.range(0, a.length).forEach(i -> a[i] = a[i] * 2);
    }

    @Truth(value = {INOUT}, what = "a stream's map function writes the source")
    public static double streamMapWrites(double[] a) {
        return Arrays.stream(a).map(v -> {
            a[0] = v;
            return v;
        }).sum();
    }

    @Truth(value = {INOUT}, what = "Arrays.setAll whose generator reads the array being set")
    public static void setAllReadsItself(double[] a) {
        Arrays.setAll(a, i -> a[i] + 1);
    }

    @Truth(value = {INOUT}, what = "List.forEach with a method reference that sorts each element in place")
    public static void forEachSorts(List<double[]> l) {
        l.forEach(Arrays::sort);
    }

    @Truth(value = {INOUT}, what = "a local IntConsumer lambda that writes, called directly")
    public static void localConsumer(double[] a) {
        IntConsumer z = i -> a[i] = 0;
        z.accept(0);
    }

    @Truth(value = {INOUT}, what = "an anonymous class that writes, called through its interface")
    public static void anonymousWriter(double[] a) {
        IntConsumer z = new IntConsumer() {
            @Override
            public void accept(int i) {
                a[i] = 0;
            }
        };
        z.accept(0);
    }

    @Truth(value = {INOUT}, what = "a lambda passed to a callee that runs it")
    public static void lambdaRunByCallee(double[] a) {
        runTwice(() -> a[0]++);
    }

    private static void runTwice(Runnable r) {
        r.run();
        r.run();
    }

    // ---- collections that call user code -------------------------------------------------------------

    @Truth(value = {INOUT}, what = "a TreeSet made here whose comparator writes the array looked up")
    public static boolean treeSetComparatorWrites(double[] x) {
        java.util.TreeSet<double[]> s = new java.util.TreeSet<>((p, q) -> {
            p[0] = 0;
            return 0;
        });
        s.add(new double[1]);
        return s.contains(x);
    }

    @Truth(value = {INOUT}, what = "Map.forEach whose action writes the values")
    public static void mapForEachWrites(java.util.Map<String, double[]> m) {
        m.forEach((k, v) -> v[0] = 0);
    }

    @Truth(value = {INOUT}, what = "Iterator.forEachRemaining whose action writes the elements")
    public static void forEachRemainingWrites(List<double[]> l) {
        l.iterator().forEachRemaining(v -> v[0] = 0);
    }

    @Truth(value = {INOUT}, what = "List.of over the parameter, the element written")
    public static void listOfWrite(double[] a) {
        List.of(a).get(0)[0] = 1;
    }

    @Truth(value = {INOUT}, what = "Arrays.asList over the parameter, sorted in place")
    public static void asListSort(String[] a) {
        Arrays.asList(a).sort(null);
    }

    @Truth(value = {INOUT}, what = "a copy of a reference array shares the rows, which are written")
    public static void copyOfRowsWritten(double[][] m) {
        Arrays.copyOf(m, m.length)[0][0] = 1;
    }

    @Truth(value = {INOUT}, what = "a clone of a reference array shares the rows, which are written")
    public static void cloneRowsWritten(double[][] m) {
        m.clone()[0][0] = 1;
    }

    @Truth(value = {IN}, what = "a clone of a primitive array is written, not the parameter")
    public static double cloneWritten(double[] a) {
        double[] b = a.clone();
        b[0] = 1;
        return b[0];
    }

    @Truth(value = {INOUT}, what = "String concatenation of an object whose toString writes a parameter")
    public static String concatWriter(double[] a) {
        Object o = new Object() {
            @Override
            public String toString() {
                a[0] = 2;
                return "";
            }
        };
        return "x" + o;
    }

    @Truth(value = {INOUT}, what = "a segment over the array filled from an offset: not the whole array")
    public static void segmentSliceFill(double[] a) {
        java.lang.foreign.MemorySegment.ofArray(a).asSlice(8).fill((byte) 0);
    }

    @Truth(value = {INOUT, VALUE}, what = "Arrays.fill over a range")
    public static void fillRange(double[] a, int to) {
        Arrays.fill(a, 0, to, 1.0);
    }

    @Truth(value = {OUT}, what = "Arrays.fill of a reference array with the array itself: overwritten whole, contents never read")
    public static void fillWithSelf(Object[] a) {
        Arrays.fill(a, a);
    }

    @Truth(value = {INOUT}, what = "a relative get on a buffer parameter moves its position")
    public static double bufferRelativeGet(DoubleBuffer b) {
        return b.get();
    }

    // ---- one array passed twice -------------------------------------------------------------------

    private static void addOneInto(double[] dst, double[] src) {
        for (int i = 0; i < dst.length; i++) dst[i] = src[i] + 1;
    }

    private static void copyFrom(double[] dst, double[] src) {
        System.arraycopy(src, 0, dst, 0, dst.length);
    }

    @Truth(value = {INOUT}, what = "the same array as a callee's overwritten destination and its read source")
    public static void sameArrayDstSrc(double[] a) {
        addOneInto(a, a);
    }

    @Truth(value = {INOUT}, what = "the same array as a callee's arraycopy destination and source")
    public static void sameArrayCopy(double[] a) {
        copyFrom(a, a);
    }

    @Truth(value = {INOUT}, what = "the same array as source and destination of Inference2.squareInto (source first)")
    public static void sameArraySquare(double[] a) {
        Inference2.squareInto(a, a);
    }

    @Truth(value = {INOUT, VALUE}, what = "one of two arrays picked at run time passed as the callee's destination, the parameter as its source")
    public static void eitherAsDestination(double[] a, boolean c) {
        double[] d = c ? a : new double[a.length];
        addOneInto(d, a);
        addOneInto(a, d);
    }

    // ---- a parameter stored into another's data, then written through it ----------------------------

    @Truth(value = {INOUT, INOUT}, what = "stored into another parameter's array, then written through what is read back")
    public static void storeThenWriteBack(Object[] c, double[] x) {
        c[0] = x;
        ((double[]) c[0])[0] = 1;
    }

    @Truth(value = {INOUT, INOUT}, what = "stored into another parameter's field, then written through the field")
    public static void storeThenWriteField(Inference2.Holder h, double[] x) {
        h.data = x;
        h.data[0] = 1;
    }

    @Truth(value = {INOUT, INOUT}, what = "stored into another parameter, which a callee then writes deep")
    public static void storeThenCalleeWrites(Object[] c, double[] x) {
        c[0] = x;
        zeroFirstRow(c);
    }

    private static void zeroFirstRow(Object[] c) {
        ((double[]) c[0])[0] = 0;
    }

    @Truth(value = {INOUT, INOUT}, what = "stored into a list parameter, then written through List.get")
    public static void addThenWriteThroughGet(List<double[]> l, double[] x) {
        l.add(x);
        l.get(l.size() - 1)[0] = 1;
    }

    @Truth(value = {INOUT, INOUT, INOUT}, what = "stored into another parameter, which is then handed to code the analysis cannot see")
    public static void storeThenHandOff(Object[] c, double[] x, java.util.function.Consumer<Object[]> k) {
        c[0] = x;
        k.accept(c);
    }

    @Truth(value = {INOUT, IN}, what = "stored into another parameter whose own elements are then overwritten (precision: the stored one is not written)")
    public static void storeThenOverwriteSlot(Object[] c, double[] x) {
        c[0] = x;
        c[0] = null;
    }

    @Truth(value = {INOUT, INOUT}, what = "added to a list parameter, which is then sorted by a comparator that writes the elements")
    public static void addAllThenSortWrites(List<double[]> l, List<double[]> src) {
        l.addAll(src);
        l.sort((p, q) -> {
            p[0] = 0;
            return 0;
        });
    }

    // ---- method references ------------------------------------------------------------------------

    @Truth(value = {INOUT}, what = "a bound method reference to a writing method, run")
    public static void boundMethodRef(Inference2.Holder h) {
        Runnable r = h::scaleData;
        r.run();
    }

    @Truth(value = {INOUT}, what = "an unbound method reference to a writing method, applied")
    public static void unboundMethodRef(Inference2.Holder h) {
        java.util.function.Consumer<Inference2.Holder> c = Inference2.Holder::scaleData;
        c.accept(h);
    }

    @Truth(value = {INOUT}, what = "a static method reference to a writing kernel, applied")
    public static void staticMethodRef(double[] a) {
        java.util.function.Consumer<double[]> c = Inference2::scaleAndReturn;
        c.accept(a);
    }

    @Truth(value = {INOUT}, what = "a serializable lambda (altMetafactory) that writes, run")
    public static void serializableLambda(double[] a) {
        Runnable r = (Runnable & java.io.Serializable) () -> a[0] = 1;
        r.run();
    }

    @Truth(value = {INOUT, OUT}, what = "a covering loop over the shorter array, the other written only as far: counter shared by two arrays")
    public static void sharedCounter(double[] a, double[] b) {
        for (int i = 0; i < b.length; i++) {
            a[i] = 0;
            b[i] = 0;
        }
    }

    @Truth(value = {INOUT, VALUE}, what = "a continue that skips the store")
    public static void continueSkips(double[] a, boolean c) {
        for (int i = 0; i < a.length; i++) {
            if (c) continue;
            a[i] = 0;
        }
    }

    @Truth(value = {INOUT}, what = "rows left by a labelled break out of both loops")
    public static void rowsLabelledBreak(double[] c) {
        outer:
        for (int i = 0; i < c.length; i += 2)
            for (int j = 0; j < 2; j++) {
                if (i == 4) break outer;
                c[i + j] = 0;
            }
    }

    // ---- iterators and streams handed in: consuming them changes them -----------------------------------

    @Truth(value = {INOUT}, what = "an iterator parameter advanced by next (its cursor is written)")
    public static double iteratorNext(java.util.Iterator<double[]> it) {
        return it.next()[0];
    }

    @Truth(value = {INOUT, INOUT}, what = "an iterator parameter drained by forEachRemaining")
    public static void iteratorDrained(java.util.Iterator<double[]> it, double[] acc) {
        it.forEachRemaining(v -> acc[0] += v[0]);
    }

    @Truth(value = {INOUT}, what = "a stream parameter consumed by sum (a stream may be consumed once)")
    public static double streamConsumed(java.util.stream.DoubleStream s) {
        return s.sum();
    }

    @Truth(value = {IN}, what = "a local iterator over a list parameter (precision: the list is only read)")
    public static double iterateList(List<double[]> l) {
        double s = 0;
        for (double[] v : l) s += v[0];
        return s;
    }

    @Truth(value = {OUT}, what = "descending loop with a post-decrement test i-- > 0 (precision: the test compares i + 1 with 0)")
    public static void descendingPostDecrement(double[] a) {
        for (int i = a.length; i-- > 0; ) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "a length counter shifted past MAX_VALUE: for a length above 147483647 it wraps negative, so the exit i <= 0 is taken with only a[0] written")
    public static void suffixShiftedPastMax(double[] a) {
        a[0] = 1;
        int i = a.length;
        i = i + 2_000_000_000;
        if (i > 0) throw new IllegalStateException("short");
    }

    @Truth(value = {INOUT}, what = "a prefix counter shifted down past MIN_VALUE and back: the test i >= a.length is reached with one element written")
    public static void prefixShiftedPastMin(double[] a) {
        int i = 0;
        a[i] = 1;
        i = i + 1;
        i = i - 2_000_000_000;
        i = i - 2_000_000_000;
        if (i < a.length) throw new IllegalStateException("short");
    }

    // ---- concurrent containers ---------------------------------------------------------------------

    @Truth(value = {INOUT}, what = "an array held in a concurrent map is written through it: the map synchronizes its structure, not the arrays it holds")
    public static void writeThroughConcurrentMap(java.util.concurrent.ConcurrentHashMap<String, double[]> m) {
        m.get("a")[0] = 1;
    }

    @Truth(value = {INOUT}, what = "an array taken from a blocking queue is written")
    public static void writeThroughBlockingQueue(java.util.concurrent.LinkedBlockingQueue<double[]> q) {
        double[] a = q.peek();
        if (a != null) a[0] = 2;
    }

    @Truth(value = {IN, IN}, what = "an atomic counter is not data (a call on it touches no data): only the array is, and it is read")
    public static void atomicCountsReads(double[] a, java.util.concurrent.atomic.AtomicLong n) {
        for (double v : a) if (v > 0) n.incrementAndGet();
    }
}
