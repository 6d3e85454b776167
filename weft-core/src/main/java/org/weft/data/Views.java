package org.weft.data;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * Factories for views and the exact aliasing test on spans.
 *
 * <p><b>One convention:</b> a factory takes positions as a start and an end, the end excluded, as
 * {@code Arrays.copyOfRange} and {@code List.subList} do: {@code range(a, from, to)} is elements
 * {@code from .. to-1}, {@code strided(a, from, to, stride)} is elements {@code from, from+stride, ...} below
 * {@code to} (so {@code strided(a, j, a.length, n)} is column {@code j} of a row-major matrix with {@code n}
 * columns), {@code at(a, k)} is element {@code k} alone (an element-wise dependency without a view object of
 * your own). Memory segments take byte positions the same way. An error names the call in those terms:
 * {@code Views.range(double[100], 90, 20): the end 20 is before the start 90}.
 *
 * <p>The overloads pick the slice type from the array type, so {@code Views.range(a, 0, 10)} works for
 * {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]} and {@code byte[]} alike.
 */
public final class Views {
    private Views() {
    }

    public static DoubleSlice of(double[] a) { return new DoubleSlice(a, 0, a.length, 1); }
    public static FloatSlice of(float[] a) { return new FloatSlice(a, 0, a.length, 1); }
    public static LongSlice of(long[] a) { return new LongSlice(a, 0, a.length, 1); }
    public static IntSlice of(int[] a) { return new IntSlice(a, 0, a.length, 1); }
    public static ByteSlice of(byte[] a) { return new ByteSlice(a, 0, a.length, 1); }

    /** Elements {@code [from, to)} of {@code a}. */
    public static DoubleSlice range(double[] a, int from, int to) { return new DoubleSlice(a, from, count("range", "double", a.length, from, to, 1), 1); }
    public static FloatSlice range(float[] a, int from, int to) { return new FloatSlice(a, from, count("range", "float", a.length, from, to, 1), 1); }
    public static LongSlice range(long[] a, int from, int to) { return new LongSlice(a, from, count("range", "long", a.length, from, to, 1), 1); }
    public static IntSlice range(int[] a, int from, int to) { return new IntSlice(a, from, count("range", "int", a.length, from, to, 1), 1); }
    public static ByteSlice range(byte[] a, int from, int to) { return new ByteSlice(a, from, count("range", "byte", a.length, from, to, 1), 1); }

    /** Elements {@code from, from + stride, from + 2*stride, ...} of {@code a} that lie below {@code to}. */
    public static DoubleSlice strided(double[] a, int from, int to, int stride) { return new DoubleSlice(a, from, count("strided", "double", a.length, from, to, stride), stride); }
    public static FloatSlice strided(float[] a, int from, int to, int stride) { return new FloatSlice(a, from, count("strided", "float", a.length, from, to, stride), stride); }
    public static LongSlice strided(long[] a, int from, int to, int stride) { return new LongSlice(a, from, count("strided", "long", a.length, from, to, stride), stride); }
    public static IntSlice strided(int[] a, int from, int to, int stride) { return new IntSlice(a, from, count("strided", "int", a.length, from, to, stride), stride); }
    public static ByteSlice strided(byte[] a, int from, int to, int stride) { return new ByteSlice(a, from, count("strided", "byte", a.length, from, to, stride), stride); }

    /** Element {@code index} of {@code a} alone: {@code inOut(Views.at(a, k))} orders tasks on that element only. */
    public static DoubleSlice at(double[] a, int index) { return new DoubleSlice(a, index, element("double", a.length, index), 1); }
    public static FloatSlice at(float[] a, int index) { return new FloatSlice(a, index, element("float", a.length, index), 1); }
    public static LongSlice at(long[] a, int index) { return new LongSlice(a, index, element("long", a.length, index), 1); }
    public static IntSlice at(int[] a, int index) { return new IntSlice(a, index, element("int", a.length, index), 1); }
    public static ByteSlice at(byte[] a, int index) { return new ByteSlice(a, index, element("byte", a.length, index), 1); }

    /** The whole of a memory segment as {@code byteSize} one-byte elements. */
    public static SegmentSlice of(MemorySegment s) { return new SegmentSlice(s, 0, s.byteSize(), 1, 1); }

    /** Bytes {@code [from, to)} of a memory segment. */
    public static SegmentSlice range(MemorySegment s, long from, long to) {
        checkBytes("range", s, from, to, 1, 1);
        return new SegmentSlice(s, from, to - from, 1, 1);
    }

    /**
     * Elements of {@code elementBytes} bytes starting at bytes {@code from, from + strideBytes, ...} of the
     * segment, every one of them inside bytes {@code [from, to)}.
     */
    public static SegmentSlice strided(MemorySegment s, long from, long to, long strideBytes, int elementBytes) {
        checkBytes("strided", s, from, to, strideBytes, elementBytes);
        long count = to - from < elementBytes ? 0 : (to - from - elementBytes) / strideBytes + 1;
        return new SegmentSlice(s, from, count, strideBytes, elementBytes);
    }

    /** The number of elements of {@code strided(a, from, to, stride)} on an array of {@code length}; checks the call. */
    private static int count(String factory, String type, int length, int from, int to, int stride) {
        if (stride < 1 || from < 0 || to < from || to > length) {
            String call = "Views." + factory + "(" + type + "[" + length + "], " + from + ", " + to + (stride != 1 ? ", " + stride : "") + ")";
            if (stride < 1) throw new IllegalArgumentException(call + ": the stride " + stride + " must be at least 1");
            if (from < 0) throw new IndexOutOfBoundsException(call + ": the start " + from + " is negative");
            if (to < from) throw new IllegalArgumentException(call + ": the end " + to + " is before the start " + from + " (positions are [from, to))");
            throw new IndexOutOfBoundsException(call + ": the end " + to + " is past the end of the array (length " + length + ")");
        }
        return (int) (((long) to - from + stride - 1) / stride);
    }

    private static int element(String type, int length, int index) {
        if (index < 0 || index >= length)
            throw new IndexOutOfBoundsException("Views.at(" + type + "[" + length + "], " + index + "): index " + index
                    + " is outside the array (length " + length + ")");
        return 1;
    }

    private static void checkBytes(String factory, MemorySegment s, long from, long to, long stride, int elementBytes) {
        long size = s.byteSize();
        String call = null;
        if (elementBytes < 1 || stride < 1 || from < 0 || to < from || to > size)
            call = "Views." + factory + "(segment of " + size + " bytes, " + from + ", " + to
                    + (factory.equals("strided") ? ", " + stride + ", " + elementBytes : "") + ")";
        if (call == null) return;
        if (elementBytes < 1) throw new IllegalArgumentException(call + ": the element size " + elementBytes + " must be at least 1");
        if (stride < 1) throw new IllegalArgumentException(call + ": the stride " + stride + " must be at least 1");
        if (from < 0) throw new IndexOutOfBoundsException(call + ": the start " + from + " is negative");
        if (to < from) throw new IllegalArgumentException(call + ": the end " + to + " is before the start " + from + " (positions are [from, to))");
        throw new IndexOutOfBoundsException(call + ": the end " + to + " is past the end of the segment");
    }

    /**
     * A user-defined view: spans {@code [starts[i], starts[i] + lengths[i])} in bytes over {@code base}.
     * The arrays are copied; the spans are validated as described in {@link View}.
     */
    public static View custom(Object base, long[] starts, long[] lengths) {
        return new CustomView(base, starts, lengths);
    }

    /** The whole object {@code o} as a datum tracked by identity. */
    public static View whole(Object o) {
        return new WholeObject(o);
    }

    /** True if {@code a} and {@code b} share at least one byte. */
    public static boolean aliases(View a, View b) {
        return overlapBytes(a, b) > 0;
    }

    /**
     * {@code datum}, an array or a view over one, rebuilt with the same shape over {@code storage}: a replica of the
     * array (an array of the same type and length) or a {@link MemorySegment} mirroring its bytes (byte {@code k} of
     * the segment is byte {@code k} of the array). So element {@code i} of the result is element {@code i} of the
     * datum, read from the replica. Returns null if {@code datum} has no such rebuilding (a custom view, a view of
     * native memory, a plain object) or {@code storage} does not fit it.
     *
     * <ul>
     *   <li>a whole array: the storage itself, if it is an array of the same type, or the segment;</li>
     *   <li>an array slice: the same slice of the replica array, or a {@link SegmentSlice} of the same bytes;</li>
     *   <li>a {@link Matrix} over an array, its {@link Triangle}s and {@link Diagonal}: the same block over the
     *       replica (a {@code double[]} or a segment).</li>
     * </ul>
     */
    public static Object rebase(Object datum, Object storage) {
        if (storage == null || datum == null) return null;
        if (storage instanceof byte[] b && datum instanceof View v && v.base() instanceof NativeRoot)
            storage = MemorySegment.ofArray(b);          // a heap mirror of a native root: its bytes as a segment
        if (datum.getClass().isArray()) {
            if (storage.getClass() == datum.getClass()) return java.lang.reflect.Array.getLength(storage) == java.lang.reflect.Array.getLength(datum) ? storage : null;
            return storage instanceof MemorySegment s && s.byteSize() >= baseBytes(datum) ? storage : null;
        }
        if (datum instanceof ArraySlice a) {
            if (storage instanceof MemorySegment s) {
                int shift = a.elementShift();
                return new SegmentSlice(s, (long) a.offset() << shift, a.length(), (long) a.stride() << shift, 1 << shift);
            }
            if (storage.getClass() != a.base().getClass()) return null;
            if (a instanceof DoubleSlice) return new DoubleSlice((double[]) storage, a.offset(), a.length(), a.stride());
            if (a instanceof FloatSlice) return new FloatSlice((float[]) storage, a.offset(), a.length(), a.stride());
            if (a instanceof LongSlice) return new LongSlice((long[]) storage, a.offset(), a.length(), a.stride());
            if (a instanceof IntSlice) return new IntSlice((int[]) storage, a.offset(), a.length(), a.stride());
            return new ByteSlice((byte[]) storage, a.offset(), a.length(), a.stride());
        }
        if (datum instanceof Matrix m)
            return (m.array() != null || m.base() instanceof NativeRoot) && fitsMatrix(storage) ? m.over(storage) : null;
        if (datum instanceof SegmentSlice s && s.base() instanceof NativeRoot) {
            MemorySegment r = storage instanceof MemorySegment seg ? seg : storage instanceof byte[] b ? MemorySegment.ofArray(b) : null;
            if (r == null) return null;
            long rel = s.spanCount() == 0 ? 0 : s.spanStart(0);
            return new SegmentSlice(r, rel, s.count(), s.strideBytes(), s.elementBytes());
        }
        if (datum instanceof Triangle t) {
            Matrix m = (Matrix) rebase(t.matrix(), storage);
            return m == null ? null : new Triangle(m, t.isLower(), t.includesDiagonal());
        }
        if (datum instanceof Diagonal d) {
            Matrix m = (Matrix) rebase(d.matrix(), storage);
            return m == null ? null : new Diagonal(m);
        }
        return null;
    }

    /**
     * {@code datum}'s shape over {@code storage} holding root bytes from {@code firstByte} on (a window of the root, a
     * segment): {@link #rebase(Object, Object)} when {@code firstByte} is 0; else a {@link SegmentSlice} for an array
     * slice or a segment slice over a native root, the same block for a {@link Matrix}, {@link Triangle} or
     * {@link Diagonal}, each moved by {@code firstByte}. Null if there is no such rebuilding (a whole array has no
     * window) or the datum starts before the window.
     */
    public static Object rebase(Object datum, Object storage, long firstByte) {
        if (firstByte == 0) return rebase(datum, storage);
        if (datum == null || !(storage instanceof MemorySegment s)) return null;
        if (datum instanceof ArraySlice a) {
            int shift = a.elementShift();
            long first = ((long) a.offset() << shift) - firstByte;
            return first < 0 ? null : new SegmentSlice(s, first, a.length(), (long) a.stride() << shift, 1 << shift);
        }
        if (datum instanceof SegmentSlice ss && ss.base() instanceof NativeRoot) {
            long first = (ss.spanCount() == 0 ? firstByte : ss.spanStart(0)) - firstByte;
            return first < 0 ? null : new SegmentSlice(s, first, ss.count(), ss.strideBytes(), ss.elementBytes());
        }
        if (datum instanceof Matrix m) return m.array() != null || m.base() instanceof NativeRoot ? m.overWindow(s, firstByte) : null;
        if (datum instanceof Triangle t) {
            Matrix m = (Matrix) rebase(t.matrix(), storage, firstByte);
            return m == null ? null : new Triangle(m, t.isLower(), t.includesDiagonal());
        }
        if (datum instanceof Diagonal d) {
            Matrix m = (Matrix) rebase(d.matrix(), storage, firstByte);
            return m == null ? null : new Diagonal(m);
        }
        return null;
    }

    /**
     * {@code v} over a registered {@link NativeRoot} if its spans lie in one (a view made before the root was registered
     * names {@link NativeMemory#BASE}); {@code v} itself otherwise. Throws if it straddles a root's end.
     */
    public static View rooted(View v) {
        if (v.base() != NativeMemory.BASE || v.spanCount() == 0 || !NativeMemory.hasRoots()) return v;
        long first = v.spanStart(0), last = v.spanStart(v.spanCount() - 1) + v.spanLength(v.spanCount() - 1);
        NativeRoot r = NativeMemory.rootOf(first, last - first);
        if (r == null) {
            if (NativeMemory.rootOf(first, 1) != null || NativeMemory.rootOf(last - 1, 1) != null)
                throw new IllegalArgumentException(v + " straddles the end of a registered native root");
            return v;
        }
        long[] starts = new long[v.spanCount()], lengths = new long[v.spanCount()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = v.spanStart(i) - r.address();
            lengths[i] = v.spanLength(i);
        }
        return new CustomView(r, starts, lengths);
    }

    private static boolean fitsMatrix(Object storage) {
        return storage instanceof double[] || storage instanceof MemorySegment;
    }

    /**
     * The number of bytes {@code a} and {@code b} have in common, by a merge walk over their sorted spans
     * (O(spans of a + spans of b)). Views over different bases share nothing.
     */
    public static long overlapBytes(View a, View b) {
        if (a.base() != b.base()) return 0;
        int na = a.spanCount(), nb = b.spanCount();
        int i = 0, j = 0;
        long total = 0;
        while (i < na && j < nb) {
            long as = a.spanStart(i), ae = as + a.spanLength(i);
            long bs = b.spanStart(j), be = bs + b.spanLength(j);
            long lo = Math.max(as, bs), hi = Math.min(ae, be);
            if (hi > lo) total += hi - lo;
            if (ae <= be) i++;
            else j++;
        }
        return total;
    }

    /**
     * Checks that {@code v} obeys the {@link View} contract (sorted, positive, disjoint spans inside the
     * base) and returns a message describing the first violation, or {@code null} if it is valid.
     */
    public static String violation(View v) {
        if (v.base() == null) return "its base() is null";
        int n = v.spanCount();
        if (n < 0) return "it has a negative span count " + n;
        long limit = baseBytes(v.base());
        long prevEnd = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long s = v.spanStart(i), len = v.spanLength(i);
            if (len <= 0) return "span " + i + " has length " + len;
            if (s < prevEnd) return "span " + i + " at byte " + s + " is not after the previous span ending at " + prevEnd;
            if (s < 0 && !(v.base() instanceof NativeMemory)) return "span " + i + " starts at negative byte " + s;
            if (s > Long.MAX_VALUE - len) return "span " + i + " at byte " + s + " of length " + len + " ends past Long.MAX_VALUE";
            if (limit >= 0 && s + len > Math.max(limit, 1))
                return "span " + i + " [" + s + ", " + (s + len) + ") exceeds the base of " + limit + " bytes";
            prevEnd = s + len;
        }
        return null;
    }

    /** Size in bytes of an array base, 1 for a whole object, -1 (unbounded) for native memory. */
    static long baseBytes(Object base) {
        // instanceof tests rather than a pattern switch, which links a bootstrap method on first use
        if (base instanceof NativeMemory) return -1;
        if (base instanceof NativeRoot r) return r.byteSize();
        if (base instanceof double[] a) return 8L * a.length;
        if (base instanceof long[] a) return 8L * a.length;
        if (base instanceof float[] a) return 4L * a.length;
        if (base instanceof int[] a) return 4L * a.length;
        if (base instanceof short[] a) return 2L * a.length;
        if (base instanceof char[] a) return 2L * a.length;
        if (base instanceof byte[] a) return a.length;
        if (base instanceof boolean[] a) return a.length;
        if (base instanceof Object[] a) return a.length;
        return 1;
    }

    /**
     * Size in bytes of the storage {@code base} as the dependency tracker sees it: the bytes of an array
     * (at least 1, so an empty array is still a datum), 1 for any other object, -1 (unbounded) for native memory.
     */
    public static long storageBytes(Object base) {
        return base instanceof NativeMemory ? -1 : wholeBytes(base);
    }

    /** The bytes of the whole array or object {@code base}, as one span. */
    static long wholeBytes(Object base) {
        long b = baseBytes(base);
        return b < 0 ? 1 : Math.max(b, 1);
    }

    static void checkRange(String what, long start, long count, long stride, long length) {
        if (count < 0) throw new IllegalArgumentException(what + ": negative count " + count);
        if (stride < 1) throw new IllegalArgumentException(what + ": stride " + stride + " must be at least 1");
        if (start < 0 || (count > 0 && start + (count - 1) * stride >= length) || (count == 0 && start > length))
            throw new IndexOutOfBoundsException(what + ": start " + start + ", count " + count + ", stride " + stride
                    + " is out of bounds for length " + length);
    }

    private record WholeObject(Object base) implements View {
        WholeObject {
            Objects.requireNonNull(base, "object");
        }

        @Override public int spanCount() { return 1; }
        @Override public long spanStart(int i) { return 0; }
        @Override public long spanLength(int i) { return wholeBytes(base); }
        @Override public String toString() { return "whole " + base.getClass().getSimpleName(); }
    }

    private static final class CustomView implements View {
        private final Object base;
        private final long[] starts, lengths;

        CustomView(Object base, long[] starts, long[] lengths) {
            if (starts.length != lengths.length)
                throw new IllegalArgumentException("custom view: " + starts.length + " starts but " + lengths.length + " lengths");
            this.base = Objects.requireNonNull(base, "base");
            this.starts = starts.clone();
            this.lengths = lengths.clone();
            String bad = violation(this);
            if (bad != null) throw new IllegalArgumentException("custom view: " + bad);
        }

        @Override public Object base() { return base; }
        @Override public int spanCount() { return starts.length; }
        @Override public long spanStart(int i) { return starts[i]; }
        @Override public long spanLength(int i) { return lengths[i]; }
        @Override public String toString() { return "custom view of " + starts.length + " spans " + Arrays.toString(starts); }
    }
}
