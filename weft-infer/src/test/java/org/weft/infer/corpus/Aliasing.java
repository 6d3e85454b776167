package org.weft.infer.corpus;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.function.Supplier;

import static org.weft.Mode.IN;
import static org.weft.Mode.INOUT;

/**
 * Kernels where a parameter is written or escapes only through an alias that a call, an outside object or an
 * exception handler makes: each was once inferred IN or OUT wrongly.
 */
@SuppressWarnings({"unused", "UnusedReturnValue"})
public final class Aliasing {
    static Object[] SHARED = new Object[1];
    static Object SINK;
    static final Cleaner CLEANER = Cleaner.create();

    private Aliasing() {
    }

    static Object[] put(Object c, Object[] a) {
        a[0] = c;
        return a;
    }

    static void putThenWrite(Object c, Object[] a) {
        a[0] = c;
        ((double[]) a[0])[0] = 1;
    }

    static void link(Object c, Object[] a, Object[][] b) {
        a[0] = c;
        b[0] = a;
    }

    /** A node whose slots may be an outside array. */
    static final class Node {
        Object[] slots;
    }

    static void storeInto(Node n, Object p) {
        n.slots[0] = p;
    }

    static void putThenWriteOther(Object c, Object[] a, Object[] b) {
        a[0] = c;
        ((double[]) b[0])[0] = 1;
    }

    static void setSlots(Node n) {
        n.slots = SHARED;
    }

    /** A box whose setter publishes the alias, then throws. */
    static final class Box {
        double[] a;

        void setThenThrow(double[] x) {
            a = x;
            throw new IllegalStateException();
        }
    }

    static void publishThenThrow(Object o) {
        SINK = o;
        throw new IllegalStateException();
    }

    // ---- 1: a call stores one argument into another ----------------------------------------------

    @Truth(value = {INOUT}, what = "stored into a fresh box by a call, written through the box it returns")
    public static void putReturnedWrite(double[] p) {
        Object[] r = put(p, new Object[1]);
        ((double[]) r[0])[0] = 1;
    }

    @Truth(value = {INOUT}, what = "a callee stores it into a fresh box and writes through the box")
    public static void calleeStoresThenWrites(double[] p) {
        putThenWrite(p, new Object[1]);
    }

    @Truth(value = {INOUT}, what = "a callee stores it into a local box and writes through the box")
    public static void calleeStoresThenWritesLocal(double[] p) {
        Object[] box = new Object[1];
        putThenWrite(p, box);
    }

    @Truth(value = {INOUT, INOUT}, what = "a callee links it into another parameter through a local box")
    public static void linkThenWrite(double[] p, Object[][] q) {
        Object[] box = new Object[1];
        link(p, box, q);
        ((double[]) q[0][0])[0] = 42;
    }

    @Truth(value = {INOUT}, what = "read through the box a call returns, then filled (not OUT)")
    public static double putReturnedReadThenFill(double[] p) {
        Object[] r = put(p, new Object[1]);
        double x = ((double[]) r[0])[0];
        Arrays.fill(p, 7);
        return x;
    }

    @Truth(value = {INOUT}, what = "a callee stores it through one argument and writes through another, the same box")
    public static void calleeStoresThenWritesAlias(double[] p) {
        Object[] box = new Object[1];
        putThenWriteOther(p, box, box);
    }

    // ---- 2: an outside reference stored into a local object -------------------------------------

    @Truth(value = {INOUT}, what = "stored into a static array reached through a local box")
    public static void throughLocalBoxOfStatic(double[] p) {
        Object[][] box = {SHARED};
        box[0][0] = p;
        ((double[]) SHARED[0])[0] = 1;
    }

    @Truth(value = {INOUT}, what = "a callee stores it into a local node's slots, which are a static array")
    public static void nodeOfStatic(double[] p) {
        Node n = new Node();
        n.slots = SHARED;
        storeInto(n, p);
    }

    @Truth(value = {INOUT}, what = "System.arraycopy into a static array reached through a local box")
    public static void arraycopyIntoStatic(double[] p) {
        Object[][] box = {SHARED};
        System.arraycopy(new Object[]{p}, 0, box[0], 0, 1);
    }

    @Truth(value = {INOUT}, what = "Arrays.fill puts a static array into a local box, then stored into")
    public static void fillWithStatic(double[] p) {
        Object[][] box = new Object[1][];
        Arrays.fill(box, SHARED);
        box[0][0] = p;
    }

    @Truth(value = {INOUT, IN}, what = "stored into what a supplier returned, held in a local box")
    public static void supplierBox(double[] p, Supplier<Object[]> s) {
        Object[][] box = {s.get()};
        box[0][0] = p;
    }

    @Truth(value = {IN, INOUT}, what = "captured by a lambda registered with a Cleaner")
    public static void cleanerRegister(Object o, double[] q) {
        CLEANER.register(o, () -> q[0] = 1);
    }

    @Truth(value = {INOUT}, what = "stored into a static array through a local box, read back, then filled (not OUT)")
    public static double throughLocalBoxReadThenFill(double[] p) {
        Object[][] box = {SHARED};
        box[0][0] = p;
        double x = ((double[]) SHARED[0])[0];
        Arrays.fill(p, 7);
        return x;
    }

    @Truth(value = {INOUT}, what = "a callee points a local node's slots at a static array, another stores into them")
    public static void nodeSlotsSetByCallee(double[] p) {
        Node n = new Node();
        setSlots(n);
        storeInto(n, p);
    }

    @Truth(value = {INOUT, INOUT}, what = "a parameter node's slots pointed at a static array, then stored into")
    public static void paramNodeOfStatic(Node n, double[] p) {
        n.slots = SHARED;
        n.slots[0] = p;
    }

    // ---- 3: a call that makes an alias or publishes, then throws ---------------------------------

    @Truth(value = {INOUT}, what = "a setter stores it and throws; written through the box in the handler")
    public static void setterThrowsThenWrite(double[] p) {
        Box b = new Box();
        try {
            b.setThenThrow(p);
        } catch (IllegalStateException e) {
            b.a[0] = 1;
        }
    }

    @Truth(value = {INOUT}, what = "a callee publishes the box and throws; stored into the box in the handler")
    public static void publishedThenStoredInHandler(double[] p) {
        Object[] box = new Object[1];
        try {
            publishThenThrow(box);
        } catch (IllegalStateException e) {
            box[0] = p;
        }
    }
}
