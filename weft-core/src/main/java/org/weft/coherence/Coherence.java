package org.weft.coherence;

import org.weft.data.Views;
import org.weft.memory.ByteRuns;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.memory.MemoryStats;
import org.weft.memory.Replica;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One runtime's memory spaces and the {@link Directory} of every root that has, or had in the running regions,
 * a replica outside the host: the actual half of coherence (the planned half is in the dependency tracker).
 *
 * <p>Space ids are small integers, the host being 0, given in order of first use. A raw root gets a directory when
 * a task placed off the host first touches it and loses it at the end of the region that made it, after its bytes
 * came home ({@link #writeBack}); a shared root keeps its directory until its handle is closed.
 *
 * <p>Thread-safe.
 */
public final class Coherence {
    /** The most spaces a runtime can use, the host included (a validity mask is an int). */
    public static final int MAX_SPACES = 31;

    private final List<MemorySpace> spaces = new ArrayList<>();
    private final IdentityHashMap<MemorySpace, Integer> ids = new IdentityHashMap<>();
    private final IdentityHashMap<Object, Directory> directories = new IdentityHashMap<>();
    /** True once any root has a directory; read without the lock as a fast test on the spawn path. */
    private volatile boolean any;
    private final AtomicLongArray copies = new AtomicLongArray(MAX_SPACES * MAX_SPACES);
    private final AtomicLongArray bytes = new AtomicLongArray(MAX_SPACES * MAX_SPACES);
    private final AtomicLongArray allocated = new AtomicLongArray(MAX_SPACES);
    private final java.util.concurrent.atomic.AtomicLong evictions = new java.util.concurrent.atomic.AtomicLong();
    /** A clock for least-recently-used eviction: one tick per use of a replica. */
    private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
    /** Nanoseconds spent in copies per pair of spaces, for the bandwidth that placement assumes. */
    private final AtomicLongArray nanos = new AtomicLongArray(MAX_SPACES * MAX_SPACES);
    /** Bytes per nanosecond assumed between two spaces before a copy between them was measured (2 GB/s). */
    public static final double DEFAULT_BYTES_PER_NS = 2.0;

    public Coherence() {
        spaces.add(MemorySpaces.host());
        ids.put(MemorySpaces.host(), 0);
    }

    /** The id of {@code space}, registering it on first use. */
    public synchronized int id(MemorySpace space) {
        Integer id = ids.get(space);
        if (id != null) return id;
        if (spaces.size() == MAX_SPACES)
            throw new IllegalArgumentException("a runtime can use at most " + MAX_SPACES + " memory spaces, the host included");
        for (MemorySpace s : spaces)
            if (s.name().equals(space.name())) throw new IllegalArgumentException("two memory spaces are named '" + space.name() + "'");
        int next = spaces.size();
        spaces.add(space);
        try {
            ids.put(space, next);
        } catch (Throwable e) {
            spaces.remove(next);            // all or nothing: a space half registered could never be registered again
            throw e;
        }
        return next;
    }

    public synchronized MemorySpace space(int id) {
        return spaces.get(id);
    }

    /** True if some root has a directory (so a host access may need a copy); one volatile read. */
    public boolean active() {
        return any;
    }

    /** The directory of {@code root}, or null. */
    public synchronized Directory directory(Object root) {
        return directories.get(root);
    }

    /** The directory of {@code root}, made if it has none; {@code made[0]} tells whether it was made now. */
    public synchronized Directory open(Object root, boolean shared, boolean[] made) {
        Directory d = directories.get(root);
        if (d != null) {
            if (made != null) made[0] = false;
            return d;
        }
        d = new Directory(root, Views.storageBytes(root), shared);
        directories.put(root, d);
        any = true;
        if (made != null) made[0] = true;
        return d;
    }

    /**
     * A region starts using raw root {@code root}'s directory (made if it has none), or returns null for a shared root,
     * which no region owns. Each use ends with {@link #release}; the directory is dropped, its replicas freed, when the
     * last region using it ends, so a region never drops what another (a nested or a concurrent one) still uses.
     */
    public synchronized Directory use(Object root) {
        Directory d = open(root, false, null);
        if (d.shared) return null;
        d.use();
        return d;
    }

    /** A region stopped using {@code d}: dropped if it was the last, and the bytes came home. */
    public void release(Directory d) {
        boolean last;
        synchronized (this) {
            last = d.unuse() && !d.shared;
        }
        if (last) drop(d);
    }

    /**
     * Brings home the bytes of {@code d}'s root within {@code starts/lengths} (sorted, disjoint) that are current only
     * elsewhere: what a nested region hands back to its parent task, which declared those bytes and no others.
     */
    public long writeBack(Directory d, long[] starts, long[] lengths, int n) {
        return bring(d, starts, lengths, n, 0);
    }

    /** True if {@code root} is shared (its replicas outlive regions). */
    public synchronized boolean isShared(Object root) {
        Directory d = directories.get(root);
        return d != null && d.shared;
    }

    /** The replica of {@code d}'s root in space {@code id}, allocated on first use. */
    public Replica replica(Directory d, int id) {
        Replica r = d.replicaOrNull(id);
        if (r != null) return r;
        makeRoom(id, d.size, d);            // before taking d's lock: eviction locks other directories, one at a time
        synchronized (d) {
            r = d.replicaOrNull(id);
            if (r == null) {
                r = space(id).allocate(d.root, d.size);
                d.setReplica(id, r);
                allocated.addAndGet(id, d.size);
            }
            return r;
        }
    }

    /**
     * Evicts replicas of other roots from space {@code id}, least recently used first, until {@code need} more bytes fit
     * its capacity: a replica that holds the only current copy of some bytes is written home first (counted as a copy).
     * A root that a task or copy uses now, in any space, is left: its write home could race with a writer. If not enough can be evicted, nothing more is done: the
     * allocation proceeds and the space refuses it if it must. Holds no directory lock while taking another.
     */
    private void makeRoom(int id, long need, Directory except) {
        long capacity = space(id).capacity();
        if (capacity == Long.MAX_VALUE) return;
        while (allocated.get(id) + need > capacity) {
            Directory victim = null;
            long oldest = Long.MAX_VALUE;
            for (Directory d : snapshot()) {
                if (d == except || d.replicaOrNull(id) == null || d.pinnedAnywhere()) continue;
                long used = d.lastUse(id);
                if (used < oldest) {
                    oldest = used;
                    victim = d;
                }
            }
            if (victim == null) return;
            synchronized (victim) {
                if (victim.replicaOrNull(id) == null || victim.pinnedAnywhere()) continue;
                bring(victim, new long[]{0}, new long[]{victim.size}, 1, 0);     // bytes current only here come home first
                Replica r = victim.evict(id);
                if (r == null) continue;
                allocated.addAndGet(id, -victim.size);
                evictions.incrementAndGet();
                r.free();
            }
        }
    }

    private synchronized Directory[] snapshot() {
        return directories.values().toArray(new Directory[0]);
    }

    /** Marks {@code d}'s replica in space {@code id} as in use (not evictable) until {@link #unpin}. */
    public void pin(Directory d, int id) {
        d.pin(id, ticks.incrementAndGet());
    }

    public void unpin(Directory d, int id) {
        d.unpin(id);
    }

    /** Records one copy of {@code n} bytes from space {@code from} to space {@code to}. */
    void count(int from, int to, long n) {
        copies.incrementAndGet(from * MAX_SPACES + to);
        bytes.addAndGet(from * MAX_SPACES + to, n);
    }

    /**
     * Makes {@code runs} of {@code d}'s root current in space {@code dst}, copying only what is stale there (through
     * the host when it comes from another non-host space), and waits until the bytes have landed. Returns the
     * number of bytes moved.
     */
    public long bring(Directory d, Directory.RunList runs, int dst) {
        return bring(d, runs.starts, runs.lengths, runs.n, dst);
    }

    /** {@link #bring(Directory, Directory.RunList, int)} for runs given as parallel arrays, the first {@code n}. */
    public long bring(Directory d, long[] starts, long[] lengths, int n, int dst) {
        Directory.RunList[] stale = d.stale(starts, lengths, n, dst);
        if (stale == null) return 0;
        long made = 0;
        if (dst != 0) {
            for (int src = 1; src < stale.length; src++) {     // not on the host either: bring it home first
                if (stale[src] == null) continue;
                Directory.RunList l = stale[src];
                made += bring(d, l.starts, l.lengths, l.n, 0);
                if (stale[0] == null) stale[0] = new Directory.RunList();
                for (int i = 0; i < l.n; i++) stale[0].add(l.starts[i], l.lengths[i]);
                stale[src] = null;
            }
            if (stale[0] != null) {
                ByteRuns runs = sorted(stale[0]);
                copyAndMark(d, dst, true, runs, dst);
                made += runs.totalBytes();
            }
            return made;
        }
        for (int src = 1; src < stale.length; src++) {
            if (stale[src] == null) continue;
            ByteRuns runs = stale[src].toRuns();
            copyAndMark(d, src, false, runs, 0);
            made += runs.totalBytes();
        }
        return made;
    }

    private static ByteRuns sorted(Directory.RunList l) {
        long[] s = java.util.Arrays.copyOf(l.starts, l.n), len = java.util.Arrays.copyOf(l.lengths, l.n);
        for (int i = 1; i < s.length; i++) {          // insertion sort: a few runs from a few sources
            long ks = s[i], kl = len[i];
            int j = i - 1;
            for (; j >= 0 && s[j] > ks; j--) {
                s[j + 1] = s[j];
                len[j + 1] = len[j];
            }
            s[j + 1] = ks;
            len[j + 1] = kl;
        }
        Directory.RunList out = new Directory.RunList();
        for (int i = 0; i < s.length; i++) out.add(s[i], len[i]);
        return out.toRuns();
    }

    /**
     * One copy between the home array and the replica in {@code space}, counted, and the copied runs marked current in
     * {@code landed}; the replica stays pinned until they are marked, so an eviction cannot drop it in between.
     */
    private void copyAndMark(Directory d, int space, boolean toReplica, ByteRuns runs, int landed) {
        pin(d, space);
        try {
            if (!toReplica) {
                // the source may have been evicted since the runs were chosen: the evictor brought its bytes home then
                ByteRuns still = d.stillIn(runs, space);
                if (still != null) {
                    if (still.count() == 0) return;
                    runs = still;
                }
            }
            copy(d, space, toReplica, runs);
            count(toReplica ? 0 : space, toReplica ? space : 0, runs.totalBytes());
            d.markValid(runs, landed);
        } finally {
            unpin(d, space);
        }
    }

    private void copy(Directory d, int space, boolean toReplica, ByteRuns runs) {
        Replica r = replica(d, space);
        Landed landed = new Landed();
        long t0 = System.nanoTime();
        space(space).copy(d.root, r, toReplica, runs, landed);
        landed.await(space(space).name());
        long took = System.nanoTime() - t0;
        nanos.addAndGet(toReplica ? space : space * MAX_SPACES, took);
        fit(space, runs.totalBytes(), took);
    }

    /** Per non-host space: n, Σbytes, Σnanos, Σbytes², Σbytes·nanos of its copies, for {@link #transferNanos}. */
    private final double[][] sums = new double[MAX_SPACES][5];

    private void fit(int space, long bytes, long took) {
        double x = bytes, y = took;
        synchronized (sums) {
            double[] f = sums[space];
            f[0]++;
            f[1] += x;
            f[2] += y;
            f[3] += x * x;
            f[4] += x * y;
        }
    }

    /**
     * The expected time of {@code copies} copies moving {@code bytes} in all between the host and space {@code id} (for
     * the host itself, from any space): a fixed cost per copy plus a cost per byte, fitted by least squares to the
     * copies measured so far; bytes over the measured (or default) bandwidth while the fit is not possible yet.
     */
    public double transferNanos(int id, long bytes, int copies) {
        if (bytes == 0) return 0;
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        synchronized (sums) {
            for (int s = 1; s < MAX_SPACES; s++) {
                if (id != 0 && s != id) continue;
                double[] f = sums[s];
                n += f[0];
                sx += f[1];
                sy += f[2];
                sxx += f[3];
                sxy += f[4];
            }
        }
        double den = n * sxx - sx * sx;
        if (n >= 3 && den > 0) {
            double perByte = (n * sxy - sx * sy) / den, fixed = (sy - perByte * sx) / n;
            if (perByte > 0) return Math.max(fixed, 0) * copies + perByte * bytes;
        }
        return bytes / bytesPerNano(id);
    }

    /**
     * Measured bytes per nanosecond of copies between the host and space {@code id} (both ways); for the host itself,
     * of all copies (data come home from wherever they are); the default before anything was measured.
     */
    public double bytesPerNano(int id) {
        long b = 0, t = 0;
        for (int s = 1; s < MAX_SPACES; s++) {
            if (id != 0 && s != id) continue;
            b += bytes.get(s) + bytes.get(s * MAX_SPACES);
            t += nanos.get(s) + nanos.get(s * MAX_SPACES);
        }
        return t <= 0 || b <= 0 ? DEFAULT_BYTES_PER_NS : (double) b / t;
    }

    /** Waits for one copy. */
    private static final class Landed implements MemorySpace.Landing, ForkJoinPool.ManagedBlocker {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Throwable failure;

        @Override
        public void landed() {
            done.countDown();
        }

        @Override
        public void failed(Throwable cause) {
            failure = cause;
            done.countDown();
        }

        @Override
        public boolean block() throws InterruptedException {
            done.await(1, TimeUnit.SECONDS);         // bounded, so the deadline is checked
            return true;
        }

        @Override
        public boolean isReleasable() {
            return done.getCount() == 0;
        }

        /**
         * Waits for the landing, through {@link ForkJoinPool#managedBlock} so that a worker waiting for a device lets the
         * pool run others meanwhile; gives up after ten minutes with an error naming the space (a space that never
         * reports is a defect of the space, and the copy fails rather than hanging its region).
         */
        void await(String space) {
            boolean interrupted = false;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            try {
                while (done.getCount() > 0) {
                    if (System.nanoTime() - deadline > 0)
                        throw new IllegalStateException("a copy to or from " + space + " did not land within 10 minutes");
                    try {
                        ForkJoinPool.managedBlock(this);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
            Throwable f = failure;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error er) throw er;
            if (f != null) throw new IllegalStateException("copy to or from " + space + " failed: " + f, f);
        }
    }

    /**
     * Brings every byte of {@code d}'s root home that is current only elsewhere; if {@code drop}, then frees its
     * replicas and forgets the root.
     */
    public long writeBack(Directory d, boolean drop) {
        try {
            return bring(d, new long[]{0}, new long[]{d.size}, 1, 0);
        } finally {
            if (drop) drop(d);
        }
    }

    /** Frees {@code d}'s replicas and forgets its root. */
    public void drop(Directory d) {
        synchronized (this) {
            directories.remove(d.root);
            any = !directories.isEmpty();
        }
        Replica[] rs = d.takeReplicas();
        for (int i = 0; i < rs.length; i++) {
            if (rs[i] == null) continue;
            allocated.addAndGet(i, -d.size);
            rs[i].free();
        }
    }

    /** Marks the bytes of {@code v} as written in space {@code id}, if its root has a directory. */
    public void written(org.weft.data.View v, int id) {
        Directory d = directory(v.base());
        if (d == null) return;
        for (int k = 0, n = v.spanCount(); k < n; k++) d.markWritten(v.spanStart(k), v.spanStart(k) + v.spanLength(k), id);
    }

    /** The counters, with the renaming figures the engine keeps ({@code renames} made, peak bytes of fresh versions). */
    public synchronized MemoryStats stats(long renames, long renamedPeak) {
        int n = spaces.size();
        List<String> names = new ArrayList<>(n);
        for (MemorySpace s : spaces) names.add(s.name());
        long[][] c = new long[n][n], b = new long[n][n];
        long[] a = new long[n];
        for (int f = 0; f < n; f++) {
            a[f] = allocated.get(f);
            for (int t = 0; t < n; t++) {
                c[f][t] = copies.get(f * MAX_SPACES + t);
                b[f][t] = bytes.get(f * MAX_SPACES + t);
            }
        }
        return new MemoryStats(List.copyOf(names), c, b, a, renames, renamedPeak, evictions.get());
    }
}
