package org.weft.engine;

import org.weft.data.ArraySlice;
import org.weft.data.Matrix;
import org.weft.data.Views;
import org.weft.sched.Work;

/**
 * Installs a renamed writer's fresh version: the writer ran without waiting for the earlier readers and writers of
 * its bytes (writing a private buffer of the same shape), and this node, which waits for the writer and for every
 * node it overtook, copies the buffer into the real bytes; later tasks wait for this node. So earlier readers see the
 * old value, later tasks the new one. The budget the version held is given back when this node ends, whatever the
 * outcome; a failed writer cancels it, leaving the data as it was.
 */
final class CommitNode extends RegionNode {
    private final Object target;
    private final long bytes;
    /** The fresh version, set by the writer before it runs its body; read after the writer finished. */
    Object fresh;
    private Throwable failure;

    CommitNode(RegionImpl region, long seq, Object target, long bytes) {
        super(region, seq, 0);
        this.target = target;
        this.bytes = bytes;
    }

    /** A private buffer of the shape of {@code datum}: an array of its length, a contiguous slice, a compact matrix. */
    static Object freshLike(Object datum) {
        if (datum instanceof double[] a) return new double[a.length];
        if (datum instanceof float[] a) return new float[a.length];
        if (datum instanceof long[] a) return new long[a.length];
        if (datum instanceof int[] a) return new int[a.length];
        if (datum instanceof byte[] a) return new byte[a.length];
        if (datum instanceof org.weft.data.DoubleSlice s) return Views.of(new double[s.length()]);
        if (datum instanceof org.weft.data.FloatSlice s) return Views.of(new float[s.length()]);
        if (datum instanceof org.weft.data.LongSlice s) return Views.of(new long[s.length()]);
        if (datum instanceof org.weft.data.IntSlice s) return Views.of(new int[s.length()]);
        if (datum instanceof org.weft.data.ByteSlice s) return Views.of(new byte[s.length()]);
        Matrix m = (Matrix) datum;
        return Matrix.wrap(new double[m.rows() * m.cols()], m.rows(), m.cols());
    }

    /** True if a task's OUT argument {@code datum} can be given a fresh version by {@link #freshLike}. */
    static boolean renameable(Object datum) {
        if (datum instanceof double[] || datum instanceof float[] || datum instanceof long[] || datum instanceof int[] || datum instanceof byte[])
            return true;
        if (datum instanceof ArraySlice) return true;
        return datum instanceof Matrix m && m.array() != null && (long) m.rows() * m.cols() <= Integer.MAX_VALUE;
    }

    Throwable failure() {
        return failure != null ? failure : abandonedBecause();
    }

    @Override
    protected Work run() {
        if (completing()) return null;
        if (poisonedBy() != null || fresh == null) return complete(CANCELLED);
        setRunning();
        long t0 = region.tracer != null ? System.nanoTime() : 0;
        try {
            UndoLog.copyBytes(fresh, target);
        } catch (Throwable e) {
            failure = e;
        }
        if (t0 != 0) region.traceSpan(label(), "commit", t0, key());
        return complete(failure == null ? DONE : FAILED);
    }

    @Override
    protected void completed(int state) {
        fresh = null;
        region.engine.releaseRename(bytes);
        report(state);
    }

    @Override
    public String label() {
        return "commit renamed version";
    }
}
