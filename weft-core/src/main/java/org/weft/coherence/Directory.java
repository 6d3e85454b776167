package org.weft.coherence;

import org.weft.memory.ByteRuns;
import org.weft.memory.Replica;

import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the current bytes of one root really are: for every byte, the set of spaces whose replica holds its current
 * value (a bit per space id, the host's home array being space 0), and each space's replica.
 *
 * <p><b>How it works.</b> An interval map from byte offset to a validity mask covers {@code [0, size)}; adjacent
 * intervals with equal masks are merged, so a root used in whole tiles stays as small as its tiles. A copy that has
 * landed adds its space to the runs it moved ({@link #markValid}); a task that wrote makes its space the only valid
 * one for the runs it wrote ({@link #markWritten}). What a copy must move is asked with {@link #stale}: the runs of a
 * request not valid in the destination, each with a source that holds it.
 *
 * <p><b>Planned and actual.</b> The dependency tracker decides at spawn which copy a task waits for (the plan); this
 * directory is what copies consult when they run, so a copy moves {@code planned ∩ actually stale}: nothing when
 * an earlier region or an earlier copy already made the bytes current, and exactly the remainder when overlapping
 * views made part of them current.
 *
 * <p>Thread-safety: every method holds this directory's lock, but for the count of regions using it (atomic, so
 * that no one takes this lock while holding the coherence object's); copies themselves run outside it.
 */
public final class Directory {
    /** The root's home array. */
    final Object root;
    final long size;
    /** True for a shared root, whose replicas outlive regions. */
    final boolean shared;
    private final Replica[] replicas = new Replica[Coherence.MAX_SPACES];
    /** Regions using this raw root's directory now; it is dropped when the last one ends. */
    private final java.util.concurrent.atomic.AtomicInteger users = new java.util.concurrent.atomic.AtomicInteger();
    /** Per space: how many tasks and copies are using the replica now; a pinned replica is never evicted. */
    private final int[] pins = new int[Coherence.MAX_SPACES];
    /** Per space: when the replica was last used (a runtime-wide tick), for least-recently-used eviction. */
    private final long[] lastUse = new long[Coherence.MAX_SPACES];
    private final TreeMap<Long, Integer> valid = new TreeMap<>();

    Directory(Object root, long size, boolean shared) {
        this.root = root;
        this.size = size;
        this.shared = shared;
        valid.put(0L, 1);          // the home array holds every byte
    }

    public Object root() {
        return root;
    }

    /** Bytes of the root. */
    public long size() {
        return size;
    }

    /** The replica in space {@code id}, or null if none was made. */
    synchronized Replica replicaOrNull(int id) {
        return replicas[id];
    }

    synchronized void setReplica(int id, Replica r) {
        replicas[id] = r;
    }

    /** Takes no lock: {@link Coherence#use} calls it holding the coherence object's, which others take holding this one's. */
    void use() {
        users.incrementAndGet();
    }

    /** One region stopped using the directory; true if it was the last. Takes no lock, as {@link #use}. */
    boolean unuse() {
        return users.decrementAndGet() == 0;
    }

    synchronized void pin(int id, long tick) {
        pins[id]++;
        lastUse[id] = tick;
    }

    synchronized void unpin(int id) {
        pins[id]--;
    }

    synchronized boolean pinned(int id) {
        return pins[id] > 0;
    }

    /** True if a task or copy uses this root in any space now (a host writer included). */
    synchronized boolean pinnedAnywhere() {
        for (int p : pins) if (p > 0) return true;
        return false;
    }

    synchronized long lastUse(int id) {
        return lastUse[id];
    }

    /** Forgets space {@code id} as a holder of any byte, and returns its replica (to free), if it is not pinned. */
    synchronized Replica evict(int id) {
        Replica r = replicas[id];
        if (r == null || pins[id] > 0) return null;
        for (Map.Entry<Long, Integer> e : valid.entrySet()) e.setValue(e.getValue() & ~(1 << id));
        merge(0, size);
        replicas[id] = null;
        return r;
    }

    /** Removes and returns every replica (for freeing). */
    synchronized Replica[] takeReplicas() {
        Replica[] out = replicas.clone();
        java.util.Arrays.fill(replicas, null);
        return out;
    }

    /** Makes sure an interval starts at {@code at}. */
    private void cut(long at) {
        if (at <= 0 || at >= size || valid.containsKey(at)) return;
        valid.put(at, valid.floorEntry(at).getValue());
    }

    /** Merges equal neighbours around {@code [lo, hi]}. */
    private void merge(long lo, long hi) {
        Long k = valid.floorKey(Math.max(lo, 0));
        if (k == null) return;
        Long prev = valid.lowerKey(k);
        Long start = prev != null ? prev : k;
        Integer last = null;
        for (Map.Entry<Long, Integer> e : new ArrayList<>(valid.subMap(start, true, Math.min(hi, size), true).entrySet())) {
            if (last != null && last.equals(e.getValue()) && e.getKey() != 0) valid.remove(e.getKey());
            else last = e.getValue();
        }
    }

    /**
     * The parts of {@code [starts[i], starts[i] + lengths[i])} not valid in space {@code dst}, grouped by the space
     * to copy each from: {@code result[source]} (null where nothing comes from that space). The host is preferred as
     * a source; a part valid in no space at all cannot happen (every byte has a valid space).
     */
    synchronized RunList[] stale(long[] starts, long[] lengths, int n, int dst) {
        RunList[] out = null;
        int bit = 1 << dst;
        for (int i = 0; i < n; i++) {
            long lo = starts[i], hi = lo + lengths[i];
            long cur = lo;
            while (cur < hi) {
                Map.Entry<Long, Integer> e = valid.floorEntry(cur);
                Long nextKey = valid.higherKey(cur);
                long end = Math.min(hi, nextKey == null ? size : nextKey);
                int mask = e.getValue();
                if ((mask & bit) == 0) {
                    int src = (mask & 1) != 0 ? 0 : Integer.numberOfTrailingZeros(mask);
                    if (out == null) out = new RunList[Coherence.MAX_SPACES];
                    if (out[src] == null) out[src] = new RunList();
                    out[src].add(cur, end - cur);
                }
                cur = end;
            }
        }
        return out;
    }

    /** The parts of {@code runs} that space {@code id} holds current, or null if all of them. */
    synchronized ByteRuns stillIn(ByteRuns runs, int id) {
        RunList out = new RunList();
        boolean all = true;
        for (int i = 0, n = runs.count(); i < n; i++) {
            long lo = runs.start(i), hi = lo + runs.length(i);
            for (long cur = lo; cur < hi; ) {
                Long next = valid.higherKey(cur);
                long end = Math.min(hi, next == null ? size : next);
                if ((valid.floorEntry(cur).getValue() & (1 << id)) != 0) out.add(cur, end - cur);
                else all = false;
                cur = end;
            }
        }
        return all ? null : out.toRuns();
    }

    /** Every run not valid on the host, grouped by source space (for a write-back). */
    synchronized RunList[] staleAtHome() {
        return stale(new long[]{0}, new long[]{size}, 1, 0);
    }

    /** Space {@code id} now also holds the current bytes of {@code runs}. */
    synchronized void markValid(ByteRuns runs, int id) {
        for (int i = 0, n = runs.count(); i < n; i++) {
            long lo = runs.start(i), hi = lo + runs.length(i);
            cut(lo);
            cut(hi);
            for (Map.Entry<Long, Integer> e : valid.subMap(lo, true, hi, false).entrySet()) e.setValue(e.getValue() | (1 << id));
            merge(lo, hi);
        }
    }

    /** Space {@code id} wrote {@code [lo, hi)}: its replica is now the only current one there. */
    synchronized void markWritten(long lo, long hi, int id) {
        cut(lo);
        cut(hi);
        for (Map.Entry<Long, Integer> e : valid.subMap(lo, true, hi, false).entrySet()) e.setValue(1 << id);
        merge(lo, hi);
    }

    /** Bytes of {@code [lo, hi)} whose current value space {@code id} does not hold. */
    public synchronized long staleIn(long lo, long hi, int id) {
        long stale = 0;
        for (long cur = lo; cur < hi; ) {
            Long next = valid.higherKey(cur);
            long end = Math.min(hi, next == null ? size : next);
            if ((valid.floorEntry(cur).getValue() & (1 << id)) == 0) stale += end - cur;
            cur = end;
        }
        return stale;
    }

    /** The validity mask of the byte at {@code offset}; for tests and errors. */
    public synchronized int validAt(long offset) {
        return valid.floorEntry(offset).getValue();
    }

    /** A growable list of byte runs, added in ascending order, coalescing adjacent ones. Not thread-safe. */
    public static final class RunList {
        long[] starts = new long[4], lengths = new long[4];
        int n;

        public void add(long start, long length) {
            if (n > 0 && starts[n - 1] + lengths[n - 1] == start) {
                lengths[n - 1] += length;
                return;
            }
            if (n == starts.length) {
                starts = java.util.Arrays.copyOf(starts, n * 2);
                lengths = java.util.Arrays.copyOf(lengths, n * 2);
            }
            starts[n] = start;
            lengths[n] = length;
            n++;
        }

        ByteRuns toRuns() {
            return new ByteRuns(java.util.Arrays.copyOf(starts, n), java.util.Arrays.copyOf(lengths, n));
        }
    }
}
