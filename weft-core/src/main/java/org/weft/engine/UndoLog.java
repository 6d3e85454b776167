package org.weft.engine;

import org.weft.data.Diagonal;
import org.weft.data.Matrix;
import org.weft.data.NativeMemory;
import org.weft.data.NativeRoot;
import org.weft.data.SegmentSlice;
import org.weft.data.Triangle;
import org.weft.data.View;
import org.weft.data.Views;
import org.weft.memory.MemorySpaces;

import java.lang.foreign.MemorySegment;

/**
 * The bytes an atomic task may write, saved before it runs, so that a failed attempt can be undone bit for bit
 * (NaN payloads included) and a retry starts from the committed version.
 *
 * <p><b>Why an undo log is a fresh version.</b> An atomic task's result must be committed only if it returns
 * normally. No other task can read or write the bytes of the task's writing accesses while it runs (the dependency
 * graph orders every other access to them before or after it), so writing in place and restoring the saved bytes on
 * failure is indistinguishable, for every observer, from writing a fresh copy and installing it on success; it costs
 * one copy of the written views instead of two, and no replica of the whole root.
 *
 * <p>Saves exactly the spans of each writing view, from whatever storage the task was handed (the user's array, a
 * heap mirror, a native replica). Not thread-safe: used by the thread that runs the task.
 */
final class UndoLog {
    private final MemorySegment[] stores;
    private final long[] offsets, lengths;
    private final byte[] saved;

    private UndoLog(MemorySegment[] stores, long[] offsets, long[] lengths, long total) {
        this.stores = stores;
        this.offsets = offsets;
        this.lengths = lengths;
        this.saved = new byte[Math.toIntExact(total)];
    }

    /** Saves the bytes of {@code targets} (arrays, views over arrays or memory segments, segments). */
    static UndoLog save(Object[] targets, int n) {
        int spans = 0;
        View[] views = new View[n];
        for (int k = 0; k < n; k++) {
            views[k] = viewOf(targets[k]);
            spans += views[k].spanCount();
        }
        MemorySegment[] stores = new MemorySegment[spans];
        long[] offsets = new long[spans], lengths = new long[spans];
        long total = 0;
        int s = 0;
        for (int k = 0; k < n; k++) {
            MemorySegment store = storeOf(targets[k]);
            long origin = views[k].base() instanceof NativeMemory ? store.address() : 0;
            for (int i = 0, m = views[k].spanCount(); i < m; i++, s++) {
                stores[s] = store;
                offsets[s] = views[k].spanStart(i) - origin;
                lengths[s] = views[k].spanLength(i);
                total += lengths[s];
            }
        }
        UndoLog log = new UndoLog(stores, offsets, lengths, total);
        MemorySegment buf = MemorySegment.ofArray(log.saved);
        long at = 0;
        for (int i = 0; i < spans; i++) {
            MemorySpaces.copyBytes(stores[i], offsets[i], buf, at, lengths[i]);
            at += lengths[i];
        }
        return log;
    }

    /** Puts the saved bytes back. */
    void restore() {
        MemorySegment buf = MemorySegment.ofArray(saved);
        long at = 0;
        for (int i = 0; i < stores.length; i++) {
            MemorySpaces.copyBytes(buf, at, stores[i], offsets[i], lengths[i]);
            at += lengths[i];
        }
    }

    /** Copies the bytes of {@code from} into {@code to}, span after span in order; both cover the same number of bytes. */
    static void copyBytes(Object from, Object to) {
        View f = viewOf(from), t = viewOf(to);
        MemorySegment fs = storeOf(from), ts = storeOf(to);
        long fo = f.base() instanceof NativeMemory ? fs.address() : 0, tOrigin = t.base() instanceof NativeMemory ? ts.address() : 0;
        int i = 0, j = 0;
        long iAt = 0, jAt = 0;
        while (i < f.spanCount() && j < t.spanCount()) {
            long n = Math.min(f.spanLength(i) - iAt, t.spanLength(j) - jAt);
            MemorySpaces.copyBytes(fs, f.spanStart(i) - fo + iAt, ts, t.spanStart(j) - tOrigin + jAt, n);
            iAt += n;
            jAt += n;
            if (iAt == f.spanLength(i)) {
                i++;
                iAt = 0;
            }
            if (jAt == t.spanLength(j)) {
                j++;
                jAt = 0;
            }
        }
    }

    /** True if an atomic task can write {@code datum} and have it restored: an array, or a view over array or segment memory. */
    static boolean restorable(Object datum) {
        if (datum == null) return false;
        if (datum.getClass().isArray()) return datum.getClass().getComponentType().isPrimitive();
        return datum instanceof org.weft.data.ArraySlice || datum instanceof Matrix || datum instanceof Triangle || datum instanceof NativeRoot
                || datum instanceof Diagonal || datum instanceof SegmentSlice || datum instanceof MemorySegment;
    }

    static View viewOf(Object d) {
        if (d instanceof View v) return v;
        if (d instanceof NativeRoot r) return Views.custom(r, new long[]{0}, new long[]{r.byteSize()});
        if (d instanceof MemorySegment s) return Views.of(s);
        return Views.whole(d);
    }

    /** The memory a target's spans are offsets into (from its base, or from the segment's address for native memory). */
    static MemorySegment storeOf(Object d) {
        if (d instanceof View v && v.base() instanceof NativeRoot r) return r.segment();     // spans are offsets into the root
        if (d instanceof MemorySegment s) return s.isNative() ? s : MemorySpaces.bytesOf(s.heapBase().orElseThrow());
        if (d instanceof SegmentSlice s) return storeOf(s.segment());
        if (d instanceof Matrix m) return m.array() != null ? MemorySegment.ofArray(m.array()) : storeOf(m.segment());
        if (d instanceof Triangle t) return storeOf(t.matrix());
        if (d instanceof Diagonal g) return storeOf(g.matrix());
        if (d instanceof View v) return MemorySpaces.bytesOf(v.base());
        return MemorySpaces.bytesOf(d);                     // an array, or a native root
    }

}
