package org.weft.infer.corpus;

import org.weft.data.Matrix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.DoubleStream;

import static org.weft.Mode.IN;
import static org.weft.Mode.INOUT;
import static org.weft.Mode.OUT;
import static org.weft.Mode.VALUE;

/**
 * Kernels for issue 11, written with their true modes before the inference was extended: closure bodies (a
 * lambda's implementation takes its captured values as leading parameters, so a static method with the same
 * body is what the analysis sees), results that alias arguments, element loops that overwrite an array whole,
 * and the JDK methods that everyday code calls. Never run; only analysed.
 */
@SuppressWarnings({"unused", "UnusedReturnValue"})
public final class Inference2 {
    private static final VarHandle DOUBLES = MethodHandles.arrayElementVarHandle(double[].class);

    private Inference2() {
    }

    // ---- closure bodies: captured arrays, views, segments, objects -------------------------------

    @Truth(value = {INOUT, VALUE}, what = "closure: x[0] = x[0] + 1 in a loop")
    public static void closureCounter(long[] x, int n) {
        for (int k = 0; k < n; k++) x[0] = x[0] + 1;
    }

    @Truth(value = {IN, INOUT}, what = "closure: sums a captured array into another")
    public static void closureSumInto(double[] src, double[] acc) {
        double s = 0;
        for (double v : src) s += v;
        acc[0] += s;
    }

    @Truth(value = {IN}, what = "closure: only reads what it captured, returns a number")
    public static double closureReadOnly(double[] a) {
        return a[0] * 2 + a[a.length - 1];
    }

    @Truth(value = {IN, INOUT}, what = "closure over a matrix view: reads one block, writes another")
    public static void closureBlocks(Matrix a, Matrix b) {
        for (int i = 0; i < b.rows(); i++)
            for (int j = 0; j < b.cols(); j++) b.set(i, j, b.get(i, j) + a.get(i, j));
    }

    @Truth(value = {INOUT}, what = "closure over a memory segment: writes it")
    public static void closureSegment(MemorySegment s) {
        s.set(ValueLayout.JAVA_LONG, 0, s.get(ValueLayout.JAVA_LONG, 0) + 1);
    }

    @Truth(value = {IN, IN}, what = "closure: compares two captured arrays")
    public static boolean closureEquals(double[] a, double[] b) {
        return Arrays.equals(a, b);
    }

    @Truth(value = {IN, INOUT}, what = "closure: writes the captured object's field from an array")
    public static void closureObjectField(double[] a, Shapes.Acc acc) {
        acc.sum = a[0];
    }

    /** An object whose lambdas capture {@code this}. */
    public static final class Holder {
        double[] data = new double[8];
        double[] scratch = new double[8];
        double total;

        @Truth(value = {INOUT}, what = "closure capturing this: writes this.data")
        public void scaleData() {
            for (int i = 0; i < data.length; i++) data[i] *= 2;
        }

        @Truth(value = {IN}, what = "closure capturing this: reads this.data")
        public double sumData() {
            double s = 0;
            for (double v : data) s += v;
            return s;
        }

        @Truth(value = {INOUT}, what = "closure capturing this: writes a field of this")
        public void addToTotal() {
            total += data[0];
        }

        @Truth(value = {IN}, what = "a getter: returns a field, writes nothing")
        public double[] data() {
            return data;
        }

        @Truth(value = {IN}, what = "a builder step: returns this")
        public Holder self() {
            return this;
        }

        @Truth(value = {INOUT, IN}, what = "a setter: stores the argument into this (the argument is not written)")
        public Holder withData(double[] d) {
            this.data = d;
            return this;
        }
    }

    // ---- results that alias arguments --------------------------------------------------------------

    @Truth(value = {IN}, what = "returns its argument unchanged")
    public static double[] identity(double[] a) {
        return a;
    }

    @Truth(value = {IN, IN}, what = "returns the longer of two arrays")
    public static double[] longer(double[] a, double[] b) {
        return a.length >= b.length ? a : b;
    }

    @Truth(value = {IN}, what = "returns a row of a nested array")
    public static double[] row(double[][] m) {
        return m[0];
    }

    @Truth(value = {INOUT}, what = "written and returned")
    public static double[] scaleAndReturn(double[] a) {
        a[0] *= 2;
        return a;
    }

    @Truth(value = {IN}, what = "returns the element of a list")
    public static double[] firstOf(List<double[]> l) {
        return l.get(0);
    }

    @Truth(value = {IN}, what = "returns the parameter through Objects.requireNonNull")
    public static double[] checked(double[] a) {
        return java.util.Objects.requireNonNull(a);
    }

    @Truth(value = {IN, IN}, what = "a linked node: the next node is stored into a fresh node that is returned")
    public static Aliasing.Node consNode(Aliasing.Node n, Object[] slots) {
        Aliasing.Node m = new Aliasing.Node();
        m.slots = slots;
        return m;
    }

    @Truth(value = {INOUT, IN}, what = "stores one argument into another (the stored one is not written)")
    public static void linkInto(Object[] holder, double[] x) {
        holder[0] = x;
    }

    // ---- element loops that overwrite the whole array (OUT) --------------------------------------

    @Truth(value = {OUT, VALUE}, what = "counted loop over the length, constant value")
    public static void fillLoop(double[] a, double v) {
        for (int i = 0; i < a.length; i++) a[i] = v;
    }

    @Truth(value = {IN, OUT}, what = "counted loop over the destination's length, reading the source")
    public static void squareInto(double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] = x[i] * x[i];
    }

    @Truth(value = {OUT}, what = "loop bound held in a local")
    public static void iotaLocalBound(int[] a) {
        int n = a.length;
        for (int i = 0; i < n; i++) a[i] = i;
    }

    @Truth(value = {OUT}, what = "loop with the length on the left of the comparison")
    public static void reversedCondition(long[] a) {
        for (int i = 0; a.length > i; i++) a[i] = 0;
    }

    @Truth(value = {OUT}, what = "while loop over the length")
    public static void whileLoop(float[] a) {
        int i = 0;
        while (i < a.length) {
            a[i] = 1f;
            i++;
        }
    }

    @Truth(value = {OUT}, what = "stride 2, two stores per step")
    public static void stride2(double[] a) {
        for (int i = 0; i < a.length; i += 2) {
            a[i] = 0;
            a[i + 1] = 1;
        }
    }

    @Truth(value = {OUT}, what = "written whole by a loop, then read")
    public static double fillThenRead(double[] a) {
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a[0] + a[a.length - 1];
    }

    @Truth(value = {OUT}, what = "two loops: zero, then accumulate into what was zeroed")
    public static void zeroThenAccumulate(double[] a) {
        for (int i = 0; i < a.length; i++) a[i] = 0;
        for (int i = 0; i < a.length; i++) a[i] += i;
    }

    @Truth(value = {IN, OUT}, what = "System.arraycopy over the whole destination")
    public static void arraycopyWhole(double[] src, double[] dst) {
        System.arraycopy(src, 0, dst, 0, dst.length);
    }

    @Truth(value = {OUT}, what = "a callee's loop overwrites it")
    public static void calleeLoop(double[] a) {
        fillLoop(a, 3);
    }

    @Truth(value = {OUT}, what = "nested loops over the rows of a flat matrix, every element written")
    public static void flatMatrixZero(double[] c) {
        int n = 4;
        for (int i = 0; i < c.length; i += n)
            for (int j = 0; j < n; j++) c[i + j] = 0;
    }

    @Truth(value = {OUT}, what = "nested loops over the rows of a flat matrix, literal stride, counter on the right of the index")
    public static void flatMatrixRows(double[] c) {
        for (int i = 0; i < c.length; i += 3)
            for (int j = 0; j < 3; j++) c[j + i] = 1;
    }

    @Truth(value = {OUT}, what = "nested loops over the rows of a flat matrix, inner bound inclusive")
    public static void flatMatrixRowsInclusive(double[] c) {
        for (int i = 0; i < c.length; i += 2)
            for (int j = 0; j <= 1; j++) c[i + j] = j;
    }

    @Truth(value = {INOUT}, what = "nested loops over a flat matrix that skip the last column")
    public static void flatMatrixSkipsColumn(double[] c) {
        for (int i = 0; i < c.length; i += 4)
            for (int j = 0; j < 3; j++) c[i + j] = 0;
    }

    @Truth(value = {INOUT}, what = "nested loops over a flat matrix that skip the first row")
    public static void flatMatrixSkipsRow(double[] c) {
        for (int i = 4; i < c.length; i += 4)
            for (int j = 0; j < 4; j++) c[i + j] = 0;
    }

    @Truth(value = {INOUT}, what = "nested loops over a flat matrix that read the row's last element before writing it")
    public static void flatMatrixReadsAhead(double[] c) {
        for (int i = 0; i < c.length; i += 4)
            for (int j = 0; j < 4; j++) c[i + j] = c[i + 3];
    }

    @Truth(value = {INOUT, VALUE}, what = "rows of a flat matrix with a stride that may be negative (the counter wraps, nothing written)")
    public static void flatMatrixVariableStride(double[] c, int n) {
        for (int i = 0; i < c.length; i += n)
            for (int j = 0; j < n; j++) c[i + j] = 0;
    }

    @Truth(value = {INOUT, VALUE, VALUE}, what = "row-major loops after a.length == m*n: m = -2, n = MAX_VALUE passes (the product wraps to 2) and writes nothing")
    public static void rowMajorProductGuard(double[] a, int m, int n) {
        if (a.length != m * n) throw new IllegalArgumentException("size");
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) a[i * n + j] = 0;
    }

    @Truth(value = {OUT, VALUE, VALUE}, what = "row-major loops after m, n >= 0 and a.length == m*n: indices 0, 1, 2... written in turn, so no overflow on a normal return")
    public static void rowMajorCheckedShape(double[] a, int m, int n) {
        if (m < 0 || n < 0 || a.length != m * n) throw new IllegalArgumentException("size");
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) a[i * n + j] = 0;
    }

    @Truth(value = {INOUT}, what = "every row of a nested array written whole: the outer array is read, the rows are written in place (nested data written is INOUT)")
    public static void nestedRowsZero(double[][] a) {
        for (int i = 0; i < a.length; i++)
            for (int j = 0; j < a[i].length; j++) a[i][j] = 0;
    }

    @Truth(value = {OUT}, what = "nested loops over a matrix view")
    public static void matrixZero(Matrix m) {
        for (int i = 0; i < m.rows(); i++)
            for (int j = 0; j < m.cols(); j++) m.set(i, j, 0);
    }

    @Truth(value = {OUT}, what = "descending loop over the whole array")
    public static void descending(double[] a) {
        for (int i = a.length - 1; i >= 0; i--) a[i] = i;
    }

    @Truth(value = {OUT}, what = "descending loop from the length, writing the element below the counter")
    public static void descendingShifted(double[] a) {
        for (int i = a.length; i > 0; i--) a[i - 1] = 1;
    }

    @Truth(value = {OUT}, what = "descending while loop with a pre-decrement")
    public static void descendingWhile(double[] a) {
        int i = a.length;
        while (--i >= 0) a[i] = 2;
    }

    @Truth(value = {INOUT}, what = "descending loop that stops before element 0")
    public static void descendingStopsAtOne(double[] a) {
        for (int i = a.length - 1; i > 0; i--) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "descending loop that starts below the last element")
    public static void descendingSkipsLast(double[] a) {
        for (int i = a.length - 2; i >= 0; i--) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "descending loop with stride 2: every other element")
    public static void descendingStride2(double[] a) {
        for (int i = a.length - 1; i >= 0; i -= 2) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "descending loop that reads each element before writing it")
    public static void descendingDoubles(double[] a) {
        for (int i = a.length - 1; i >= 0; i--) a[i] = 2 * a[i];
    }

    @Truth(value = {IN, INOUT}, what = "arraycopy over all but the last element of the destination")
    public static void copyAllButLast(double[] src, double[] dst) {
        System.arraycopy(src, 0, dst, 0, dst.length - 1);
    }

    @Truth(value = {INOUT}, what = "loop up to the length minus one")
    public static void allButLastLoop(double[] a) {
        for (int i = 0; i < a.length - 1; i++) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "loop that reads each element before writing it")
    public static void incrementLoop(double[] a) {
        for (int i = 0; i < a.length; i++) a[i] = a[i] + 1;
    }

    @Truth(value = {INOUT, VALUE}, what = "loop up to a bound that may be shorter")
    public static void prefixLoop(double[] a, int n) {
        for (int i = 0; i < n; i++) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "loop that starts at 1")
    public static void fromOne(double[] a) {
        for (int i = 1; i < a.length; i++) a[i] = 0;
    }

    @Truth(value = {INOUT, VALUE}, what = "loop whose store is conditional")
    public static void conditionalStore(double[] a, boolean c) {
        for (int i = 0; i < a.length; i++) if (c) a[i] = 0;
    }

    @Truth(value = {INOUT}, what = "loop left early by a break")
    public static void loopWithBreak(double[] a) {
        for (int i = 0; i < a.length; i++) {
            if (i == 3) break;
            a[i] = 0;
        }
    }

    @Truth(value = {INOUT}, what = "stride 2 with one store per step: every other element")
    public static void everyOther(double[] a) {
        for (int i = 0; i < a.length; i += 2) a[i] = 0;
    }

    @Truth(value = {INOUT, IN}, what = "System.arraycopy over part of the destination")
    public static void arraycopyPart(double[] dst, double[] src) {
        System.arraycopy(src, 0, dst, 1, dst.length - 1);
    }

    @Truth(value = {INOUT, IN}, what = "loop over one array's length writing another")
    public static void otherLength(double[] a, double[] b) {
        for (int i = 0; i < b.length; i++) a[i] = 0;
    }

    // ---- JDK methods -----------------------------------------------------------------------------

    @Truth(value = {IN}, what = "Collection.toArray")
    public static Object[] listToArray(List<double[]> l) {
        return l.toArray();
    }

    @Truth(value = {IN, IN}, what = "List.contains of an array (identity equals)")
    public static boolean listContains(List<double[]> l, double[] x) {
        return l.contains(x);
    }

    @Truth(value = {INOUT, IN}, what = "the source of addAll is only read")
    public static void addAllFrom(List<double[]> dst, Collection<double[]> src) {
        dst.addAll(src);
    }

    @Truth(value = {INOUT, VALUE}, what = "Map.get on a map of unknown class (an access-ordered LinkedHashMap reorders itself)")
    public static Object mapGet(Map<Integer, Object> m, int k) {
        return m.get(k);
    }

    @Truth(value = {IN}, what = "Set.size and isEmpty")
    public static int setSize(Set<Object> s) {
        return s.isEmpty() ? 0 : s.size();
    }

    @Truth(value = {IN}, what = "a stream over an array: map and sum")
    public static double streamMapSum(double[] a) {
        return Arrays.stream(a).map(v -> v * 2).sum();
    }

    @Truth(value = {IN}, what = "a stream over an array: filter and toArray")
    public static double[] streamFilter(double[] a) {
        return Arrays.stream(a).filter(v -> v > 0).toArray();
    }

    @Truth(value = {IN}, what = "DoubleStream.of an array, max")
    public static double streamOfMax(double[] a) {
        return DoubleStream.of(a).max().orElse(0);
    }

    @Truth(value = {IN}, what = "MemorySegment.toArray")
    public static double[] segmentToArray(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_DOUBLE);
    }

    @Truth(value = {IN}, what = "reflective Array.getDouble")
    public static double reflectiveRead(double[] a) {
        return Array.getDouble(a, 0) + Array.getLength(a);
    }

    @Truth(value = {IN}, what = "VarHandle.get")
    public static double varHandleGet(double[] a) {
        return (double) DOUBLES.get(a, 0);
    }

    @Truth(value = {IN}, what = "VarHandle.getVolatile")
    public static double varHandleGetVolatile(double[] a) {
        return (double) DOUBLES.getVolatile(a, 0);
    }

    @Truth(value = {INOUT}, what = "reflective Array.setDouble")
    public static void reflectiveWrite(double[] a) {
        Array.setDouble(a, 0, 1);
    }

    @Truth(value = {IN}, what = "StringBuilder queries")
    public static int builderQueries(StringBuilder sb) {
        return sb.length() + sb.charAt(0) + sb.toString().length() + sb.indexOf("x");
    }

    @Truth(value = {INOUT}, what = "StringBuilder.append")
    public static void builderAppend(StringBuilder sb) {
        sb.append('x');
    }

    @Truth(value = {IN}, what = "String queries over a char array")
    public static boolean stringQueries(char[] c) {
        String s = new String(c);
        return s.contains("a") && s.startsWith("b") && s.indexOf('c') > 0;
    }

    @Truth(value = {IN}, what = "a local ArrayList filled from the parameter, then read")
    public static double localListOf(double[] a) {
        List<Double> l = new ArrayList<>();
        for (double v : a) l.add(v);
        return l.get(0);
    }
}
