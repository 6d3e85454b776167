package org.weft.infer.corpus;

import org.weft.data.DoubleSlice;
import org.weft.data.Matrix;
import org.weft.infer.corpus.Shapes.Acc;
import org.weft.infer.corpus.Shapes.Box;
import org.weft.infer.corpus.Shapes.Shape;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

import static org.weft.Mode.IN;
import static org.weft.Mode.INOUT;
import static org.weft.Mode.OUT;
import static org.weft.Mode.VALUE;

/**
 * Kernels with known true modes ({@link Truth}) for the inference's soundness and precision tests. Never run;
 * only analysed. Each covers one way a parameter can be read, written, overwritten, aliased or lost from sight.
 */
@SuppressWarnings({"unused", "UnusedReturnValue"})
public final class Corpus {
    static double[] STATIC_ARRAY = new double[4];
    static Object STATIC_REF;

    private Corpus() {
    }

    // ---- plain reads and writes ------------------------------------------------------------------

    @Truth(value = {VALUE, IN, INOUT}, what = "axpy: read x, read-modify-write y")
    public static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += a * x[i];
    }

    @Truth(value = {IN, IN}, what = "dot product")
    public static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    @Truth(value = {INOUT, VALUE}, what = "scale in place")
    public static void scale(double[] x, double f) {
        for (int i = 0; i < x.length; i++) x[i] *= f;
    }

    @Truth(value = {IN, OUT}, what = "element loop over the whole destination (OUT, not proved by the analysis)")
    public static void copyLoop(double[] src, double[] dst) {
        for (int i = 0; i < dst.length; i++) dst[i] = src[i];
    }

    @Truth(value = {INOUT}, what = "long array, read-modify-write with dup2")
    public static void longIncrement(long[] a) {
        a[0] += a[1];
    }

    @Truth(value = {VALUE, IN, VALUE, INOUT}, what = "two-slot primitives between references")
    public static void withLongs(long n, double[] a, double m, double[] b) {
        b[0] = a[0] + n + m;
    }

    @Truth(value = {IN}, what = "synchronized on the array, then read")
    public static double synchronizedRead(double[] a) {
        synchronized (a) {
            return a[0];
        }
    }

    @Truth(value = {IN}, what = "neither read nor written")
    public static int untouched(double[] a) {
        return 3;
    }

    // ---- whole overwrites (OUT) ------------------------------------------------------------------

    @Truth(value = {OUT}, what = "Arrays.fill of the whole array")
    public static void fillZero(double[] out) {
        Arrays.fill(out, 0);
    }

    @Truth(value = {OUT}, what = "filled whole, then read and updated")
    public static void fillThenUpdate(double[] out) {
        Arrays.fill(out, 1);
        out[0] += out[1];
    }

    @Truth(value = {INOUT}, what = "read, then filled")
    public static void readThenFill(double[] a) {
        double x = a[0];
        Arrays.fill(a, x);
    }

    @Truth(value = {INOUT, VALUE}, what = "filled on one path only")
    public static void fillSometimes(double[] a, boolean c) {
        if (c) Arrays.fill(a, 1);
    }

    @Truth(value = {INOUT}, what = "part of the array filled")
    public static void fillRange(double[] a) {
        Arrays.fill(a, 1, 3, 2.0);
    }

    @Truth(value = {OUT, IN}, what = "Arrays.setAll with a lambda that reads another array")
    public static void setAllFrom(double[] a, double[] b) {
        Arrays.setAll(a, i -> b[i] * 2);
    }

    @Truth(value = {OUT}, what = "a callee fills it whole")
    public static void fillViaCallee(double[] out) {
        fillZero(out);
    }

    @Truth(value = {OUT}, what = "MemorySegment.fill")
    public static void segmentFill(MemorySegment s) {
        s.fill((byte) 0);
    }

    // ---- aliases through locals, branches, exceptions --------------------------------------------

    @Truth(value = {IN, INOUT}, what = "write through a local alias")
    public static void aliasLocal(double[] a, double[] b) {
        double[] t = b;
        t[0] = a[0];
    }

    @Truth(value = {INOUT, INOUT, VALUE}, what = "write through an alias chosen by a branch")
    public static void aliasBranch(double[] a, double[] b, boolean c) {
        double[] t = c ? a : b;
        t[0] = 1;
    }

    @Truth(value = {INOUT, IN}, what = "parameters swapped through locals before the write")
    public static void aliasSwap(double[] a, double[] b) {
        double[] t = a;
        a = b;
        b = t;
        b[0] = a[0];
    }

    @Truth(value = {INOUT}, what = "write in an exception handler")
    public static void writeInHandler(double[] a) {
        try {
            Integer.parseInt("x");
        } catch (NumberFormatException e) {
            a[0] = 1;
        }
    }

    @Truth(value = {INOUT, INOUT}, what = "alias reassigned inside try, written in the handler")
    public static void aliasInHandler(double[] a, double[] b) {
        double[] t = a;
        try {
            t = b;
            Integer.parseInt("x");
        } catch (NumberFormatException e) {
            t[0] = 1;
        }
    }

    @Truth(value = {INOUT}, what = "write after a pattern-matching switch")
    public static void switchPattern(Object o) {
        switch (o) {
            case double[] d -> d[0] = 1;
            default -> { }
        }
    }

    @Truth(value = {IN, INOUT}, what = "two parameters that may be the same array at run time")
    public static void twoParameters(double[] a, double[] b) {
        b[0] = a[0] + 1;
    }

    // ---- loops -----------------------------------------------------------------------------------

    @Truth(value = {IN, IN}, what = "a write in a loop that never runs (never written: imprecision expected)")
    public static void writeInLoopNeverTaken(double[] a, double[] b) {
        for (int i = 0; i < 0; i++) b[i] = a[i];
    }

    @Truth(value = {INOUT, VALUE}, what = "a write in a loop that may run zero times")
    public static void writeInLoopMaybe(double[] b, int n) {
        for (int i = 0; i < n; i++) b[i] = 0;
    }

    // ---- nested arrays and objects ---------------------------------------------------------------

    @Truth(value = {INOUT}, what = "write through a nested array")
    public static void nestedWrite(double[][] m) {
        m[1][2] = 3;
    }

    @Truth(value = {IN}, what = "read through a nested array")
    public static double nestedRead(double[][] m) {
        return m[1][2];
    }

    @Truth(value = {INOUT}, what = "a row of a nested array written through a local")
    public static void nestedRowAlias(double[][] m) {
        double[] row = m[0];
        row[1] = 2;
    }

    @Truth(value = {INOUT, IN}, what = "PUTFIELD on a parameter")
    public static void fieldWrite(Acc acc, double[] x) {
        acc.sum += x[0];
    }

    @Truth(value = {IN}, what = "GETFIELD on a parameter")
    public static double fieldRead(Acc acc) {
        return acc.sum;
    }

    @Truth(value = {INOUT}, what = "write into an array reached through a field")
    public static void deepFieldWrite(Acc acc) {
        acc.next.data[0] = 1;
    }

    @Truth(value = {INOUT, IN}, what = "a parameter stored into another parameter's field (not written: the runtime links it to acc)")
    public static void storeIntoOther(Acc acc, double[] x) {
        acc.data = x;
    }

    // ---- escapes ---------------------------------------------------------------------------------

    @Truth(value = {INOUT}, what = "stored into a static field")
    public static void escapeStatic(double[] x) {
        STATIC_REF = x;
    }

    @Truth(value = {IN}, what = "read into a static array (the static is written, not the parameter)")
    public static void readIntoStatic(double[] x) {
        STATIC_ARRAY[0] = x[0];
    }

    @Truth(value = {IN}, what = "returned: not a write (the runtime tracks the task's result as this argument's data)")
    public static double[] returnAlias(double[] x) {
        return x;
    }

    @Truth(value = {IN}, what = "a copy is returned, not the parameter")
    public static double[] returnCopy(double[] x) {
        return x.clone();
    }

    @Truth(value = {IN}, what = "written copy of the parameter")
    public static double copyThenWrite(double[] a) {
        double[] c = Arrays.copyOf(a, a.length);
        c[0] = 1;
        return c[0];
    }

    @Truth(value = {INOUT}, what = "handed to a thread")
    public static void threadEscape(double[] a) {
        new Thread(() -> a[0] = 1).start();
    }

    @Truth(value = {INOUT, INOUT}, what = "handed to an executor")
    public static void executorEscape(ExecutorService ex, double[] a) {
        ex.submit(() -> a[0] = 1);
    }

    @Truth(value = {INOUT}, what = "passed to a native method")
    public static void nativeCall(double[] a) {
        nativeKernel(a);
    }

    private static native void nativeKernel(double[] a);

    @Truth(value = {INOUT}, what = "passed through reflection")
    public static void reflection(double[] a) throws ReflectiveOperationException {
        Method m = Corpus.class.getMethod("dot", double[].class, double[].class);
        m.invoke(null, a, a);
    }

    @Truth(value = {INOUT}, what = "passed to a method handle")
    public static void methodHandle(double[] a) throws Throwable {
        MethodHandle mh = MethodHandles.lookup().findStatic(Corpus.class, "fillZero", MethodType.methodType(void.class, double[].class));
        mh.invokeExact(a);
    }

    // ---- calls -----------------------------------------------------------------------------------

    private static void axpyInto(double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += x[i];
    }

    @Truth(value = {IN, INOUT}, what = "a static helper writes the second argument")
    public static void callsHelper(double[] a, double[] b) {
        axpyInto(a, b);
    }

    @Truth(value = {INOUT, IN}, what = "the helper with its arguments swapped")
    public static void callsHelperSwapped(double[] a, double[] b) {
        axpyInto(b, a);
    }

    private static double[] second(double[] a, double[] b) {
        return b;
    }

    private static double[] either(boolean c, double[] a, double[] b) {
        return c ? a : b;
    }

    @Truth(value = {IN, INOUT}, what = "a write through an alias a callee returns")
    public static void writeThroughReturnedAlias(double[] a, double[] b) {
        second(a, b)[0] = a[0];
    }

    @Truth(value = {VALUE, INOUT, INOUT}, what = "a write through an alias a callee returns, either parameter")
    public static void writeThroughReturnedEither(boolean c, double[] a, double[] b) {
        either(c, a, b)[0] = 1;
    }

    private static void recursiveFill(double[] a, int n) {
        if (n <= 0) return;
        a[n - 1] = n;
        recursiveFill(a, n - 1);
    }

    @Truth(value = {INOUT, VALUE}, what = "recursion that writes")
    public static void recursionWrites(double[] a, int n) {
        recursiveFill(a, n);
    }

    private static double recursiveSum(double[] a, int n) {
        return n <= 0 ? 0 : a[n - 1] + recursiveSum(a, n - 1);
    }

    @Truth(value = {IN, VALUE}, what = "recursion that reads")
    public static double recursionReads(double[] a, int n) {
        return recursiveSum(a, n);
    }

    private static void even(double[] a, double[] b, int n) {
        if (n > 0) odd(a, b, n - 1);
    }

    private static void odd(double[] a, double[] b, int n) {
        b[0] += a[0];
        even(a, b, n);
    }

    @Truth(value = {IN, INOUT, VALUE}, what = "mutual recursion")
    public static void mutualRecursion(double[] a, double[] b, int n) {
        even(a, b, n);
    }

    @Truth(value = {INOUT, INOUT}, what = "an interface call on an unknown receiver")
    public static double virtualUnknown(Shape s, double[] a) {
        return s.apply(a);
    }

    @Truth(value = {IN}, what = "a virtual call on a receiver allocated here (read-only implementation)")
    public static double virtualExactReader(double[] a) {
        return new Shapes.Reader().apply(a);
    }

    @Truth(value = {INOUT}, what = "a virtual call on a receiver allocated here (writing implementation)")
    public static double virtualExactWriter(double[] a) {
        Shape s = new Shapes.Writer();
        return s.apply(a);
    }

    @Truth(value = {IN}, what = "a method of a final class, through a wrapper made here")
    public static double finalClassRead(double[] a) {
        return new Box(a).first();
    }

    @Truth(value = {INOUT}, what = "a setter of a final class, through a wrapper made here")
    public static void finalClassWrite(double[] a) {
        new Box(a).setFirst(2);
    }

    @Truth(value = {IN}, what = "string concatenation of a final class with its own toString")
    public static String concatFinal(Box b) {
        return "box: " + b;
    }

    // ---- lambdas ---------------------------------------------------------------------------------

    @Truth(value = {INOUT}, what = "a lambda capturing the parameter writes it when called")
    public static void lambdaWrites(double[] a) {
        Runnable r = () -> a[0] = 1;
        r.run();
    }

    @Truth(value = {IN}, what = "a lambda capturing the parameter reads it when called")
    public static int lambdaReads(double[] a) {
        IntSupplier s = () -> (int) a[0];
        return s.getAsInt();
    }

    @Truth(value = {IN}, what = "a writing lambda that is never called")
    public static void lambdaNeverCalled(double[] a) {
        Runnable r = () -> a[0] = 1;
    }

    @Truth(value = {INOUT, INOUT}, what = "a writing lambda handed to a list")
    public static void lambdaEscapes(double[] a, List<Runnable> out) {
        out.add(() -> a[0] = 1);
    }

    @Truth(value = {IN, INOUT, VALUE}, what = "IntStream.forEach with a lambda")
    public static void streamForEach(double[] a, double[] b, int n) {
        IntStream.range(0, n).forEach(i -> b[i] = a[i]);
    }

    // ---- JDK writers and readers -----------------------------------------------------------------

    @Truth(value = {IN, INOUT}, what = "System.arraycopy")
    public static void arraycopy(double[] src, double[] dst) {
        System.arraycopy(src, 0, dst, 0, Math.min(src.length, dst.length));
    }

    @Truth(value = {INOUT}, what = "Arrays.sort")
    public static void sort(double[] a) {
        Arrays.sort(a);
    }

    @Truth(value = {INOUT}, what = "MemorySegment.set")
    public static void segmentWrite(MemorySegment s) {
        s.set(ValueLayout.JAVA_DOUBLE, 0, 1.0);
    }

    @Truth(value = {IN}, what = "MemorySegment.get")
    public static double segmentRead(MemorySegment s) {
        return s.get(ValueLayout.JAVA_DOUBLE, 8);
    }

    @Truth(value = {IN, INOUT}, what = "MemorySegment.copy")
    public static void segmentCopy(MemorySegment src, MemorySegment dst) {
        MemorySegment.copy(src, 0, dst, 0, 8);
    }

    @Truth(value = {INOUT}, what = "a slice of a segment written")
    public static void segmentSliceWrite(MemorySegment s) {
        s.asSlice(8).set(ValueLayout.JAVA_INT, 0, 1);
    }

    @Truth(value = {INOUT}, what = "DoubleBuffer absolute put")
    public static void bufferPut(DoubleBuffer b) {
        b.put(0, 1.0);
    }

    @Truth(value = {IN}, what = "DoubleBuffer absolute get")
    public static double bufferGetAbsolute(DoubleBuffer b) {
        return b.get(0);
    }

    @Truth(value = {INOUT}, what = "DoubleBuffer relative get moves the position")
    public static double bufferGetRelative(DoubleBuffer b) {
        return b.get();
    }

    @Truth(value = {INOUT, INOUT}, what = "List.add of an array")
    public static void listAdd(List<double[]> l, double[] x) {
        l.add(x);
    }

    @Truth(value = {IN}, what = "List.get and an element read")
    public static double listRead(List<double[]> l) {
        return l.get(0)[0];
    }

    @Truth(value = {INOUT}, what = "an element of a list written")
    public static void listWriteElement(List<double[]> l) {
        l.get(0)[0] = 1;
    }

    @Truth(value = {IN}, what = "enhanced for over a list")
    public static double listLoop(List<double[]> l) {
        double s = 0;
        for (double[] r : l) s += r[0];
        return s;
    }

    // ---- Weft views ------------------------------------------------------------------------------

    @Truth(value = {INOUT}, what = "Matrix.set")
    public static void matrixSet(Matrix m) {
        m.set(0, 0, 1);
    }

    @Truth(value = {IN}, what = "Matrix.get")
    public static double matrixGet(Matrix m) {
        return m.get(0, 0);
    }

    @Truth(value = {IN, INOUT}, what = "slices: read one, write another")
    public static void slices(DoubleSlice x, DoubleSlice y) {
        for (int i = 0; i < y.length(); i++) y.set(i, y.get(i) + x.get(i));
    }

    @Truth(value = {INOUT}, what = "a matrix wrapped over the array here, then written")
    public static void wrapAndWrite(double[] a) {
        Matrix.wrap(a, 2, 2).set(0, 0, 1);
    }

    @Truth(value = {IN}, what = "a matrix wrapped over the array here, then read")
    public static double wrapAndRead(double[] a) {
        return Matrix.wrap(a, 2, 2).get(1, 1);
    }

    @Truth(value = {INOUT}, what = "the backing array of a matrix written")
    public static void matrixArrayWrite(Matrix m) {
        m.array()[(int) m.offset()] = 0;
    }

    // ---- fresh containers ------------------------------------------------------------------------

    @Truth(value = {INOUT}, what = "stored into a fresh array, written through it")
    public static void boxedWrite(double[] a) {
        Object[] box = {a};
        ((double[]) box[0])[0] = 1;
    }

    @Truth(value = {IN}, what = "stored into a fresh array, read through it")
    public static double boxedRead(double[] a) {
        Object[] box = {a};
        return ((double[]) box[0])[0];
    }

    @Truth(value = {INOUT}, what = "stored into a fresh array that escapes to a static")
    public static void boxedEscape(double[] a) {
        Object[] box = new Object[1];
        STATIC_REF = box;
        box[0] = a;
    }

    // ---- more aliasing through objects made here -------------------------------------------------

    @Truth(value = {INOUT}, what = "an anonymous class capturing the parameter writes it")
    public static void anonymousWrites(double[] a) {
        Runnable r = new Runnable() {
            @Override
            public void run() {
                a[0] = 1;
            }
        };
        r.run();
    }

    @Truth(value = {IN}, what = "an anonymous class capturing the parameter reads it")
    public static double anonymousReads(double[] a) {
        IntSupplier s = new IntSupplier() {
            @Override
            public int getAsInt() {
                return (int) a[0];
            }
        };
        return s.getAsInt();
    }

    @Truth(value = {INOUT}, what = "a fresh array stored into another before taking the parameter, written through the outer one")
    public static void siteIntoSite(double[] a) {
        Object[] outer = new Object[1];
        Object[] inner = new Object[1];
        outer[0] = inner;
        inner[0] = a;
        ((double[]) ((Object[]) outer[0])[0])[0] = 1;
    }

    @Truth(value = {INOUT}, what = "a record accessor's array written")
    public static void recordWrite(Shapes.Rec r) {
        r.data()[0] = 1;
    }

    @Truth(value = {IN}, what = "a record accessor's array read")
    public static double recordRead(Shapes.Rec r) {
        return r.data()[0];
    }

    @Truth(value = {INOUT}, what = "an exception carrying the parameter is caught and written through")
    public static void exceptionCarries(double[] a) {
        try {
            throw new Shapes.Carrier(a);
        } catch (Shapes.Carrier c) {
            c.data[0] = 1;
        }
    }

    @Truth(value = {INOUT}, what = "a default method of an interface, on a receiver made here")
    public static void defaultMethod(double[] a) {
        new Shapes.DefaultToucher().touch(a);
    }

    @Truth(value = {INOUT}, what = "a write through a super call")
    public static void superCall(double[] a) {
        new Shapes.Sub().run(a);
    }

    @Truth(value = {IN, INOUT}, what = "rows of a nested array copied into another: the source is read, and linked to dst by the runtime")
    public static void arraycopyRows(double[][] src, double[][] dst) {
        System.arraycopy(src, 0, dst, 0, 1);
    }

    @Truth(value = {INOUT}, what = "a shallow clone of a nested array, written through a shared row")
    public static void cloneNestedWrite(double[][] m) {
        double[][] c = m.clone();
        c[0][0] = 1;
    }

    @Truth(value = {INOUT}, what = "written through Objects.requireNonNull's result")
    public static void requireNonNullWrite(double[] a) {
        java.util.Objects.requireNonNull(a)[0] = 1;
    }

    @Truth(value = {INOUT}, what = "a possibly null alias, written when not null")
    public static void nullableAlias(double[] a) {
        double[] t = a.length > 0 ? a : null;
        if (t != null) t[0] = 1;
    }

    @Truth(value = {INOUT}, what = "written through a VarHandle")
    public static void varHandle(double[] a) {
        MethodHandles.arrayElementVarHandle(double[].class).set(a, 0, 1.0);
    }

    @Truth(value = {IN}, what = "List.of over the parameter, read back")
    public static double listOfRead(double[] a) {
        List<double[]> l = List.of(a);
        return l.get(0)[0];
    }

    @Truth(value = {INOUT}, what = "a local ArrayList holding the parameter, written through")
    public static void localListWrite(double[] a) {
        List<double[]> l = new java.util.ArrayList<>();
        l.add(a);
        l.get(0)[0] = 1;
    }
}
