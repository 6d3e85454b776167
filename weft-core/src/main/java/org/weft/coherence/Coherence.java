package org.weft.coherence;

import org.weft.data.Views;
import org.weft.memory.ByteRuns;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.memory.MemoryStats;
import org.weft.memory.Replica;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
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
    /** {@link #spaces} by id, replaced whole when a space is registered, for {@link #space} to read without a lock. */
    private volatile MemorySpace[] byId = {MemorySpaces.host()};
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
        MemorySpace[] b = java.util.Arrays.copyOf(byId, next + 1);
        b[next] = space;
        spaces.add(space);
        try {
            ids.put(space, next);
            byId = b;
        } catch (Throwable e) {
            spaces.remove(next);            // all or nothing: a space half registered could never be registered again
            ids.remove(space);
            throw e;
        }
        return next;
    }

    /** The space with id {@code id}. Takes no lock: it is called under directory locks, on every copy. */
    public MemorySpace space(int id) {
        return byId[id];
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

    /**
     * A region stopped using {@code d}: dropped if it was the last, and the bytes came home. The last user forgets the
     * root in the same step as it counts itself out, so a region that starts using the root meanwhile either counted
     * itself in first (and the directory stays) or gets a new directory: never one being dropped.
     */
    public void release(Directory d) {
        boolean last;
        synchronized (this) {
            last = d.unuse() && !d.shared;
            if (last) forget(d);
        }
        if (last) freeReplicas(d);
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
                r = space(id).allocate(d.root, 0, d.size);
                d.setReplica(id, r);
                allocated.addAndGet(id, d.size);
            }
            return r;
        }
    }

    /** {@link Flight#landedIn} of a copy into or out of a task's window, which the directory does not track. */
    private static final int WINDOW = -1;
    /** Windows start on this many bytes' boundary, so every element of the root keeps its alignment in them. */
    public static final long WINDOW_ALIGNMENT = 64;

    /**
     * True if a task in space {@code id} gets a window of {@code d}'s root rather than a replica of all of it: the root
     * is larger than the space. Such a root is never current there between tasks.
     */
    public boolean windowed(Directory d, int id) {
        return id != 0 && d.size > space(id).capacity();
    }

    /** The first byte of the window for root bytes from {@code lo} on: {@code lo} rounded down to {@link #WINDOW_ALIGNMENT}. */
    public static long windowStart(long lo) {
        return lo - lo % WINDOW_ALIGNMENT;
    }

    /**
     * A task's window of {@code d}'s root in space {@code id}: root bytes {@code [windowStart(lo), hi)}, its contents
     * undefined until {@link #fillWindow}. Its bytes must have been reserved ({@link #reserveWindows}). Freed by
     * {@link #freeWindow}.
     */
    public Replica window(Directory d, int id, long lo, long hi) {
        long from = windowStart(lo);
        return space(id).allocate(d.root, from, Math.max(hi - from, 0));
    }

    /** Frees a window made by {@link #window}; its bytes stay reserved until {@link #releaseWindows}. */
    public void freeWindow(Replica w) {
        w.free();
    }

    /** Signalled when reserved window bytes are released. */
    private final Object windowRoom = new Object();

    /**
     * Reserves {@code bytes} of space {@code id} for one task's windows, all at once (so no task holds some while it
     * waits for others): evicts replicas as for a replica, then waits while windows of tasks running now leave too
     * little room; they end, and release theirs. Fails after {@link #LANDING_LIMIT_MINUTES} minutes, naming the sizes.
     */
    public void reserveWindows(int id, long bytes) {
        long capacity = space(id).capacity();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(LANDING_LIMIT_MINUTES);
        ForkJoinPool.ManagedBlocker room = new ForkJoinPool.ManagedBlocker() {
            boolean reserved;

            @Override
            public boolean isReleasable() {
                if (reserved) return true;
                makeRoom(id, bytes, null);
                synchronized (windowRoom) {
                    if (allocated.get(id) + bytes <= capacity) {
                        allocated.addAndGet(id, bytes);
                        reserved = true;
                    }
                }
                return reserved;
            }

            @Override
            public boolean block() throws InterruptedException {
                synchronized (windowRoom) {
                    if (allocated.get(id) + bytes > capacity) windowRoom.wait(100);      // bounded: eviction may free room unsignalled
                }
                return isReleasable() || System.nanoTime() - deadline > 0;
            }
        };
        boolean interrupted = false;
        try {
            while (!room.isReleasable()) {
                if (System.nanoTime() - deadline > 0)
                    throw new IllegalStateException(space(id).name() + ": no room for windows of " + bytes + " bytes within " + LANDING_LIMIT_MINUTES
                            + " minutes: " + allocated.get(id) + " of its " + capacity + " bytes stay in use");
                try {
                    ForkJoinPool.managedBlock(room);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Releases window bytes reserved by {@link #reserveWindows}, after the task's windows were freed. */
    public void releaseWindows(int id, long bytes) {
        allocated.addAndGet(id, -bytes);
        synchronized (windowRoom) {
            windowRoom.notifyAll();
        }
    }

    /**
     * The first root byte a window must hold for view {@code v}: where a triangle's or diagonal's matrix starts (it is
     * rebuilt over the window from there), else its first span.
     */
    public static long windowLow(org.weft.data.View v) {
        if (v instanceof org.weft.data.Triangle t) return t.matrix().spanStart(0);
        if (v instanceof org.weft.data.Diagonal g) return g.matrix().spanStart(0);
        return v.spanStart(0);
    }

    /**
     * Copies the current bytes of {@code runs} (sorted, disjoint, inside the window) into window {@code w} in space
     * {@code id}, bringing them home first if they are current only on another device; waits until they landed.
     */
    public long fillWindow(Directory d, int id, Replica w, long[] starts, long[] lengths, int n) {
        bring(d, starts, lengths, n, 0);
        Directory.RunList l = new Directory.RunList();
        for (int i = 0; i < n; i++) l.add(starts[i], lengths[i]);
        return copyWindow(d, id, w, true, l.toRuns());
    }

    /**
     * Copies what a task wrote through window {@code w} home ({@code runs}: sorted, disjoint, inside the window) and
     * records the host as their only current space; waits until they landed. If the copy fails, those bytes are lost
     * (the window was their only place): the failure says so.
     */
    public long drainWindow(Directory d, int id, Replica w, long[] starts, long[] lengths, int n) {
        Directory.RunList l = new Directory.RunList();
        for (int i = 0; i < n; i++) l.add(starts[i], lengths[i]);
        try {
            return copyWindow(d, id, w, false, l.toRuns());
        } catch (RuntimeException | Error e) {
            throw new IllegalStateException("what the task wrote to " + l.n + " run(s) of bytes of its window on " + space(id).name()
                    + " could not be copied home and is lost: " + e, e);
        } finally {
            // the host holds what came home, torn if the copy failed; no other space may claim the old bytes
            for (int i = 0; i < n; i++) d.markWritten(starts[i], starts[i] + lengths[i], 0);
        }
    }

    private long copyWindow(Directory d, int id, Replica w, boolean toWindow, ByteRuns runs) {
        if (runs.count() == 0) return 0;
        Flight f = new Flight(d, w, id, toWindow, runs, WINDOW, null);
        try {
            f.start();
        } catch (Throwable e) {
            f.failed(e);
        }
        return awaitAndEnd(f);
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
        return bring(d, starts, lengths, n, dst, null);
    }

    /** Told once when an asynchronous {@link #bringThen} has ended: the bytes it moved, and its failure or null. */
    public interface Brought {
        void brought(long bytes, Throwable failure);
    }

    /**
     * {@link #bring(Directory, Directory.RunList, int)} without waiting for the last copy: {@code done} is told once
     * every byte has landed (or a copy failed), on this thread before this method returns if the space lands its copies
     * at once, else on the thread where the space reports the landing. Never throws: a failure goes to {@code done}.
     * Bytes that must first come home from another device are brought home waiting; only the final copies are left
     * in flight. A copy that does not land within {@link #LANDING_LIMIT_MINUTES} fails.
     */
    public void bringThen(Directory d, Directory.RunList runs, int dst, Brought done) {
        Join join = new Join(done);
        long now = 0;
        Throwable failure = null;
        try {
            now = bring(d, runs.starts, runs.lengths, runs.n, dst, join);
        } catch (Throwable e) {
            failure = e;
        }
        try {
            join.arrive(now, failure);
        } catch (Throwable e) {
            join.arrive(now, failure);          // arrive throws only before it starts: the retry arrives once
        }
    }

    /**
     * The bring itself: copies waited for on this thread if {@code join} is null, else the final ones left in flight
     * and counted in {@code join}. Returns the bytes moved by the copies it waited for.
     */
    private long bring(Directory d, long[] starts, long[] lengths, int n, int dst, Join join) {
        if (dst != 0 && windowed(d, dst)) return 0;         // never current there: each task fills its own window
        Directory.RunList[] stale = d.stale(starts, lengths, n, dst);
        if (stale == null) return 0;
        long made = 0;
        if (dst != 0) {
            for (int src = 1; src < stale.length; src++) {     // not on the host either: bring it home first
                if (stale[src] == null) continue;
                Directory.RunList l = stale[src];
                made += bring(d, l.starts, l.lengths, l.n, 0, null);
                if (stale[0] == null) stale[0] = new Directory.RunList();
                for (int i = 0; i < l.n; i++) stale[0].add(l.starts[i], l.lengths[i]);
                stale[src] = null;
            }
            if (stale[0] != null) made += copyAndMark(d, dst, true, sorted(stale[0]), dst, join);
            return made;
        }
        for (int src = 1; src < stale.length; src++) {
            if (stale[src] == null) continue;
            made += copyAndMark(d, src, false, stale[src].toRuns(), 0, join);
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
     * {@code landed}; the replica stays pinned until they are marked, so an eviction cannot drop it in between. With
     * {@code join} null, waits for the landing and marks on this thread (whose caller may hold {@code d}'s lock, as an
     * eviction does) and returns the bytes; else leaves the copy to {@code join} and returns 0.
     */
    private long copyAndMark(Directory d, int space, boolean toReplica, ByteRuns runs, int landed, Join join) {
        pin(d, space);
        Flight f;
        try {
            if (!toReplica) {
                // the source may have been evicted since the runs were chosen: the evictor brought its bytes home then
                ByteRuns still = d.stillIn(runs, space);
                if (still != null) {
                    if (still.count() == 0) {
                        unpin(d, space);
                        return 0;
                    }
                    runs = still;
                }
            }
            f = new Flight(d, replica(d, space), space, toReplica, runs, landed, join);
            if (join != null) join.add();
        } catch (Throwable e) {
            unpin(d, space);
            throw e;
        }
        try {
            f.start();
        } catch (Throwable e) {             // before the copy was handed over: the copy fails, and is reported (once)
            try {
                f.failed(e);
            } catch (Throwable again) {
                f.failed(again);
            }
        }
        if (join != null) return 0;
        return awaitAndEnd(f);
    }

    /**
     * Waits for a synchronous copy and ends it on this thread, so that it is unpinned (and its failure thrown) even if a
     * throwable of the runtime's own code cuts the wait short.
     */
    private static long awaitAndEnd(Flight f) {
        try {
            f.awaitLanding();
        } catch (Throwable e) {
            f.failed(e);                        // not told yet: it ends as failed; told: the report stands
        }
        try {
            return f.end();
        } catch (Throwable e) {
            if (f.ended) throw e;
            return f.end();                     // a throwable came before end() started: the retry ends it once
        }
    }

    /**
     * One copy in flight. Told by its space once ({@link #landed} or {@link #failed}; later reports are ignored), it
     * ends: counted, measured and marked current if it landed, unpinned in any case; then, for an asynchronous copy,
     * reported to its join, on the reporting thread. A synchronous copy is ended by the thread that waits for it.
     */
    private final class Flight implements MemorySpace.Landing, ForkJoinPool.ManagedBlocker {
        private static final VarHandle TOLD;

        static {
            try {
                TOLD = MethodHandles.lookup().findVarHandle(Flight.class, "told", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Directory d;
        private final Replica replica;
        /** The space whose validity the landed runs join, or {@link #WINDOW} for a task's window (neither marked nor pinned). */
        private final int space, landedIn;
        private final boolean toReplica;
        private final ByteRuns runs;
        private final Join join;
        private final CountDownLatch landing = new CountDownLatch(1);
        private volatile boolean told;
        private volatile Throwable failure;
        private volatile ScheduledFuture<?> watchdog;
        private long t0;
        /** Set by the thread that ends the copy when {@link #end} starts. */
        private boolean ended;

        Flight(Directory d, Replica replica, int space, boolean toReplica, ByteRuns runs, int landedIn, Join join) {
            this.d = d;
            this.replica = replica;
            this.space = space;
            this.toReplica = toReplica;
            this.runs = runs;
            this.landedIn = landedIn;
            this.join = join;
        }

        /** Hands the copy to its space; an asynchronous one not told by then gets a watchdog. */
        void start() {
            t0 = System.nanoTime();
            try {
                space(space).copy(d.root, replica, toReplica, runs, this);
            } catch (Throwable e) {
                failed(e);              // the contract says a space reports, not throws; but nothing is lost if one does
            }
            if (join == null || told) return;
            try {
                watchdog = watchdogs().schedule(() -> failed(new IllegalStateException("a copy to or from " + space(space).name()
                        + " did not land within " + LANDING_LIMIT_MINUTES + " minutes")), LANDING_LIMIT_MINUTES, TimeUnit.MINUTES);
                if (told) watchdog.cancel(false);
            } catch (Throwable e) {
                // no watchdog for this copy: it still ends when its space reports
            }
        }

        @Override
        public void landed() {
            tell(null);
        }

        @Override
        public void failed(Throwable cause) {
            tell(cause);
        }

        /**
         * The first report ends the copy; later ones do nothing. Never throws into the space: a throwable of the
         * runtime's own code here becomes the copy's failure, and the copy is reported in any case.
         */
        private void tell(Throwable cause) {
            if (!TOLD.compareAndSet(this, false, true)) return;
            failure = cause;
            if (join == null) {
                try {
                    landing.countDown();
                } catch (Throwable e) {
                    landing.countDown();        // a throwable comes before the call: the retry counts down once
                }
                return;
            }
            long moved = 0;
            Throwable f = cause;
            try {
                moved = end();
            } catch (Throwable e) {
                if (!ended) {
                    try {
                        moved = end();      // a throwable came before end() started: the retry ends it once
                    } catch (Throwable again) {
                        f = again;
                    }
                } else {
                    f = e;
                }
            }
            try {
                ScheduledFuture<?> w = watchdog;
                if (w != null) w.cancel(false);
            } catch (Throwable ignored) {
                // the watchdog finds the copy told and does nothing
            }
            try {
                join.arrive(moved, f);
            } catch (Throwable e) {
                join.arrive(moved, f);          // arrive throws only before it starts: the retry arrives once
            }
        }

        /**
         * Counts, measures and marks a landed copy, unpins in any case; returns its bytes, or throws its failure. Called
         * once, by the thread that ends the copy; {@link #ended} tells whether it started.
         */
        long end() {
            ended = true;
            try {
                Throwable f = failure;
                if (f instanceof RuntimeException re) throw re;
                if (f instanceof Error er) throw er;
                if (f != null) throw new IllegalStateException("copy to or from " + space(space).name() + " failed: " + f, f);
                long took = System.nanoTime() - t0;
                nanos.addAndGet(toReplica ? space : space * MAX_SPACES, took);
                fit(space, runs.totalBytes(), took);
                count(toReplica ? 0 : space, toReplica ? space : 0, runs.totalBytes());
                if (landedIn != WINDOW) d.markValid(runs, landedIn);
                return runs.totalBytes();
            } finally {
                if (landedIn != WINDOW) unpin(d, space);
            }
        }

        @Override
        public boolean block() throws InterruptedException {
            landing.await(1, TimeUnit.SECONDS);         // bounded, so the deadline is checked
            return true;
        }

        @Override
        public boolean isReleasable() {
            return landing.getCount() == 0;
        }

        /**
         * Waits for the landing, through {@link ForkJoinPool#managedBlock} so that a worker waiting for a device lets the
         * pool run others meanwhile; gives up after {@link #LANDING_LIMIT_MINUTES} with an error naming the space (a
         * space that never reports is a defect of the space, and the copy fails rather than hanging its region).
         */
        void awaitLanding() {
            boolean interrupted = false;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(LANDING_LIMIT_MINUTES);
            try {
                while (landing.getCount() > 0) {
                    if (System.nanoTime() - deadline > 0) {
                        failed(new IllegalStateException("a copy to or from " + space(space).name() + " did not land within "
                                + LANDING_LIMIT_MINUTES + " minutes"));
                        break;
                    }
                    try {
                        ForkJoinPool.managedBlock(this);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The copies of one asynchronous bring: the bringing thread holds one share until it has started them all, each copy
     * one until it ended; the last to arrive tells the caller, once, the bytes and the first failure. Arriving never
     * throws and always gives up its share, so the caller is told even if the runtime's own code throws on the way.
     */
    private static final class Join {
        private static final VarHandle SHARES, BYTES, FAILURE;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                SHARES = l.findVarHandle(Join.class, "shares", int.class);
                BYTES = l.findVarHandle(Join.class, "bytes", long.class);
                FAILURE = l.findVarHandle(Join.class, "failure", Throwable.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Brought done;
        private volatile int shares = 1;
        private volatile long bytes;
        private volatile Throwable failure;

        Join(Brought done) {
            this.done = done;
        }

        void add() {
            SHARES.getAndAdd(this, 1);
        }

        void arrive(long moved, Throwable f) {
            BYTES.getAndAdd(this, moved);
            if (f != null && !FAILURE.compareAndSet(this, null, f)) {
                try {
                    failure.addSuppressed(f);
                } catch (Throwable ignored) {
                    // the first failure is reported; this one is only lost from its suppressed list
                }
            }
            if ((int) SHARES.getAndAdd(this, -1) != 1) return;
            try {
                done.brought(bytes, failure);
            } catch (Throwable e) {
                done.brought(bytes, failure);       // a throwable comes before the call: the retry tells once
            }
        }
    }

    /** How long a copy may take to land before it fails. */
    static final long LANDING_LIMIT_MINUTES = 10;

    /** Fails asynchronous copies that never land; one daemon thread, started on first use, ended when idle. */
    private volatile java.util.concurrent.ScheduledThreadPoolExecutor watchdogs;

    private java.util.concurrent.ScheduledThreadPoolExecutor watchdogs() {
        java.util.concurrent.ScheduledThreadPoolExecutor w = watchdogs;
        if (w != null) return w;
        synchronized (this) {
            if (watchdogs == null) {
                w = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, "weft-copy-watchdog");
                    t.setDaemon(true);
                    return t;
                });
                w.setRemoveOnCancelPolicy(true);
                w.setKeepAliveTime(30, TimeUnit.SECONDS);
                w.allowCoreThreadTimeOut(true);
                watchdogs = w;
            }
            return watchdogs;
        }
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
            forget(d);
        }
        freeReplicas(d);
    }

    /** Forgets {@code d}'s root, unless it already has another directory; holds this object's lock. */
    private void forget(Directory d) {
        if (directories.get(d.root) == d) directories.remove(d.root);
        any = !directories.isEmpty();
    }

    private void freeReplicas(Directory d) {
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
