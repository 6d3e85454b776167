package org.weft.opencl;

import org.weft.data.Views;
import org.weft.memory.ByteRuns;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.memory.Replica;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenCL device as a Weft {@link MemorySpace}: tasks placed here ({@code r.task(fn).on(space).spawn(...)}) find
 * their data in device buffers. A body whose parameter accepts a {@link ClView} receives one for each data argument
 * and launches kernels on it; on a device with {@linkplain ClDevice#hostUnifiedMemory() host-unified memory} (an
 * integrated GPU, PoCL's CPU device), a body whose parameter takes memory ({@code SegmentSlice}, {@code Matrix},
 * {@code MemorySegment}) receives the same view over the buffer itself, mapped while the body runs. The runtime
 * decides which bytes are stale where; this class only allocates, copies and presents.
 *
 * <p><b>Replicas.</b> One {@code CL_MEM_READ_WRITE} buffer per array, of the array's byte size, holding its bytes at
 * the same offsets (for an array larger than the space, a buffer of the window a task touches, made for that task);
 * freed when the runtime drops the replica (at the end of the region for a raw array, when a
 * {@code Shared} handle closes for a shared one). {@link #capacity()} is the device's global memory (or the limit
 * given to {@link #open(ClDevice, String, long)}); an allocation that would exceed it fails with both sizes named.
 *
 * <p><b>Copies.</b> Each {@link #copy} (one list of byte runs) is one operation, ordered on the context's in-order
 * queue after every kernel and copy enqueued before it; never one command per run where it can be avoided, since
 * each command costs about 30 µs on PoCL:
 * <ul>
 *   <li>on a device with host-unified memory: through the buffer's mapping ({@link ClBuffer#hold}), one
 *   {@code MemorySegment.copy} per run; the mapping is the buffer's own storage, so bytes outside the runs are
 *   untouched. A copy into a buffer that a body holds mapped shares that mapping, so copies never wait for bodies;
 *   {@code done} is told on the calling thread once the device sees the bytes;</li>
 *   <li>one run on another device: one {@code clEnqueueWriteBuffer}/{@code ReadBuffer} straight from/to the heap
 *   array, without a staging copy. Heap memory cannot stay in place under an asynchronous command, so this one is
 *   blocking, through a {@linkplain java.lang.foreign.Linker.Option#critical critical} downcall (the fastest form
 *   measured on PoCL): {@code done} is told before {@code copy} returns, on the calling thread;</li>
 *   <li>several runs on another device: the runs packed into native staging memory and moved by one rectangular
 *   command when they are equally long and equally spaced (a strided slice, a matrix block), else one command per
 *   run (a map would write the whole extent back and could overwrite what a kernel wrote meanwhile); {@code done}
 *   is told when the last command ended, on the calling thread (see {@link #staged} for why not from its event).</li>
 * </ul>
 * Failures are reported to {@code done}, never thrown.
 *
 * <p><b>Task bodies.</b> A body runs on a host worker. One handed {@link ClView}s <b>must finish its device work
 * before it returns</b> ({@link ClKernel#run}, {@link ClEvent#await}, {@link ClContext#finish}): the runtime marks
 * what the task wrote as current on the device when the body returns, and may then copy it home or hand it to another
 * task. {@link #kernel} gives each body thread its own kernel object (OpenCL kernels hold their arguments, so one must
 * not be shared by threads), built once per source. One handed mapped memory reads and writes it as Java memory;
 * the buffer is unmapped when it returns, before anything else can use what it wrote. While a buffer is mapped, the
 * kernels and commands other bodies enqueue on it wait for the unmap (OpenCL leaves commands on a mapped buffer
 * undefined), and a body holding mapped memory may not enqueue device commands at all on this device, which could
 * otherwise wait for each other: a body takes mapped memory or {@code ClView}s to launch kernels on, not both
 * (see {@link ClContext}). A body placed here cannot wait for other tasks ({@code get()} fails at once): one it waited
 * for could need a buffer the body holds. Kernels wait for every holder of their buffers, so bodies that keep one
 * array mapped back to back delay a kernel on it until they pause (at most ten minutes, then the kernel fails).
 *
 * <p>Thread-safe: copies and presentations of different arrays run concurrently; all commands go to one in-order
 * queue. {@link #close()} releases the context if this space made it ({@link #open}), not one it was given.
 */
public final class ClSpace implements MemorySpace, AutoCloseable {
    private final ClContext ctx;
    private final boolean ownsContext;
    private final String name;
    private final long capacity;
    private final boolean unified;
    private final AtomicLong live = new AtomicLong();
    private final Map<KernelKey, ClKernel> kernels = new ConcurrentHashMap<>();

    private record KernelKey(long thread, String source, String function) {
    }

    /** A space on {@code ctx}'s device, named {@code name}, using (not owning) the context; capacity = the device's global memory. */
    public ClSpace(ClContext ctx, String name) {
        this(ctx, false, name, ctx.device().globalMemBytes(), ctx.device().hostUnifiedMemory());
    }

    ClSpace(ClContext ctx, boolean ownsContext, String name, long capacity, boolean unified) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a memory space needs a name");
        if (capacity <= 0) throw new IllegalArgumentException("capacity " + capacity + " of " + name + " must be positive");
        if (unified && !ctx.device().hostUnifiedMemory())
            throw new IllegalArgumentException(name + ": " + ctx.device().name() + " does not share memory with the host, so its buffers cannot be held mapped");
        this.ctx = ctx;
        this.ownsContext = ownsContext;
        this.name = name;
        this.capacity = capacity;
        this.unified = unified;
    }

    /** A space on {@code device} with a context and queue of its own, named {@code "opencl:" + device.index()}. */
    public static ClSpace open(ClDevice device) {
        return open(device, "opencl:" + device.index(), device.globalMemBytes());
    }

    /**
     * A space on {@code device} with a context and queue of its own, holding at most {@code capacity} bytes of replicas
     * (and no more than the device's global memory).
     */
    public static ClSpace open(ClDevice device, String name, long capacity) {
        ClContext c = OpenCl.get().createContext(device);
        try {
            return new ClSpace(c, true, name, Math.min(capacity, device.globalMemBytes()), device.hostUnifiedMemory());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The first device of the machine that computes in double precision, as a space; throws {@link ClUnavailableException} if there is none. */
    public static ClSpace openDefault() {
        ClDevice d = OpenCl.get().devices().stream().filter(ClDevice::doublePrecision).findFirst()
                .orElseThrow(() -> new ClUnavailableException("no OpenCL device computes in double precision"));
        return open(d);
    }

    /** The context (device, queue, programs) of this space. */
    public ClContext context() {
        return ctx;
    }

    public ClDevice device() {
        return ctx.device();
    }

    /**
     * The kernel {@code function} of the program built from {@code source} (once per space), for the calling thread
     * only: each thread gets its own kernel object, made on its first request and kept until the space closes (so a
     * program that keeps making new threads, or new runtimes with new workers, holds one kernel object per thread it
     * ran bodies on; such a program can make and close kernels itself through {@link ClContext#program}). This is what
     * a task body calls; it must not hand the kernel to another thread.
     */
    public ClKernel kernel(String source, String function) {
        KernelKey key = new KernelKey(Thread.currentThread().threadId(), source, function);
        ClKernel k = kernels.get(key);
        if (k == null) {
            k = ctx.program(source, "").kernel(function);
            ClKernel raced = kernels.putIfAbsent(key, k);
            if (raced != null) {           // cannot happen for one thread; keep the map's
                k.close();
                k = raced;
            }
        }
        return k;
    }

    /** Bytes of replicas this space holds now. */
    public long liveBytes() {
        return live.get();
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * False: a replica is a device buffer, which is memory only while it is mapped (for a body on a host-unified device,
     * or a copy), never for the runtime at any time; so what atomic tasks write through {@link ClView}s is saved on the
     * device instead ({@link #save}).
     */
    @Override
    public boolean hostAddressable() {
        return false;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public Replica allocate(Object root, long offset, long byteSize) {
        long size = Math.max(byteSize, 1);
        long now = live.addAndGet(size);
        if (now > capacity) {
            live.addAndGet(-size);
            throw new IllegalStateException(name + ": a replica of " + byteSize + " bytes does not fit: " + (now - size)
                    + " of its " + capacity + " bytes are held already");
        }
        try {
            return new BufferReplica(ctx.allocate(size), offset, byteSize, live);
        } catch (RuntimeException e) {
            live.addAndGet(-size);
            throw new IllegalStateException(name + ": allocating a replica of " + byteSize + " bytes failed: " + e.getMessage(), e);
        }
    }

    /** A replica (of a whole root or a window of one): one device buffer, released when the runtime frees it. */
    private static final class BufferReplica implements Replica {
        private final ClBuffer buffer;
        private final long offset, byteSize;
        private final AtomicLong live;
        private boolean freed;

        BufferReplica(ClBuffer buffer, long offset, long byteSize, AtomicLong live) {
            this.buffer = buffer;
            this.offset = offset;
            this.byteSize = byteSize;
            this.live = live;
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public Object storage() {
            return buffer;
        }

        @Override
        public long byteSize() {
            return byteSize;
        }

        @Override
        public synchronized void free() {
            if (freed) return;
            freed = true;
            live.addAndGet(-buffer.bytes());
            buffer.close();
        }
    }

    @Override
    public void copy(Object home, Replica replica, boolean toReplica, ByteRuns runs, Landing landing) {
        Landing done = new Once(landing);
        String what = (toReplica ? "host to " : "") + name + (toReplica ? "" : " to host") + " (" + runs + ")";
        try {
            ClBuffer b = (ClBuffer) replica.storage();
            MemorySegment h = MemorySpaces.bytesOf(home);
            long off = replica.offset();
            int n = runs.count();
            if (n == 0) {
                done.landed();
            } else if (unified) {
                throughMapping(b, off, h, toReplica, runs, done, what);
            } else if (n == 1) {
                MemorySegment part = h.asSlice(runs.start(0), runs.length(0));
                if (toReplica) b.writeNow(runs.start(0) - off, part);
                else b.readNow(runs.start(0) - off, part);
                done.landed();
            } else {
                staged(b, off, h, toReplica, runs);
                done.landed();
            }
        } catch (Throwable e) {
            ClException f = new ClException("copy " + what + " failed: " + e);
            f.initCause(e);
            done.failed(f);
        }
    }

    /** Passes on the first report only, so a failure after the bytes landed cannot report twice. */
    private static final class Once implements Landing {
        private final Landing to;
        private final java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();

        Once(Landing to) {
            this.to = to;
        }

        @Override
        public void landed() {
            if (told.compareAndSet(false, true)) to.landed();
        }

        @Override
        public void failed(Throwable cause) {
            if (told.compareAndSet(false, true)) to.failed(cause);
        }
    }

    /**
     * The runs copied through the buffer's mapping ({@link ClBuffer#hold}), one segment copy per run; {@code done} is
     * told once the hold has ended (if it was the last, after the unmap: then the device sees the bytes). A copy into
     * a buffer that a task body holds meanwhile shares that body's mapping, so a copy never waits for a body.
     */
    private void throughMapping(ClBuffer b, long off, MemorySegment h, boolean toReplica, ByteRuns runs, Landing done, String what) {
        MemorySegment m = b.hold();
        Throwable failure = null;
        try {
            MemorySpaces.copyRuns(h, m, off, toReplica, runs);
        } catch (Throwable e) {
            failure = e;
        }
        try {
            b.release();
        } catch (Throwable e) {
            if (failure == null) failure = e;
            else failure.addSuppressed(e);
        }
        if (failure == null) {
            done.landed();
        } else {
            ClException f = new ClException("copy " + what + " through the mapped buffer failed: " + failure);
            f.initCause(failure);
            done.failed(f);
        }
    }

    /**
     * The runs through packed native staging memory: one rectangular command when they are equally long and equally
     * spaced, else one command per run; returns when the bytes have landed (the last command's event, waited for on
     * this thread), after the staged bytes of a read were unpacked into the home array.
     *
     * <p>Not from an event callback: the callback's entry into Java waits for a pending safepoint, which a blocking
     * heap transfer ({@link ClBuffer#writeNow}, a critical downcall) holds off while it waits for the queue, and PoCL
     * does not go on with the queue until the callback returned; that froze the whole JVM once in the OpenCL
     * differential test.
     */
    private void staged(ClBuffer b, long off, MemorySegment h, boolean toReplica, ByteRuns runs) {
        int n = runs.count();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment stage = a.allocate(runs.totalBytes(), 64);
            if (toReplica) pack(h, stage, runs);
            long len = runs.length(0), pitch = runs.start(1) - runs.start(0);
            boolean regular = true;
            for (int i = 1; i < n && regular; i++)
                regular = runs.length(i) == len && runs.start(i) - runs.start(i - 1) == pitch;
            if (regular) {
                ClBuffer.Rect r = new ClBuffer.Rect(runs.start(0) - off, 0, len, n, pitch, len);
                try (ClEvent e = toReplica ? b.writeRect(r, stage) : b.readRect(r, stage)) {
                    e.await();
                }
            } else {
                ClEvent last = null;
                try {
                    for (int i = 0, at = 0; i < n; at += runs.length(i), i++) {
                        MemorySegment part = stage.asSlice(at, runs.length(i));
                        ClEvent next = toReplica ? b.write(runs.start(i) - off, part) : b.read(runs.start(i) - off, part);
                        if (last != null) last.close();
                        last = next;
                    }
                    last.await();         // an in-order queue: the last one ends after all the others
                } catch (RuntimeException | Error e) {
                    if (last != null) ctx.finish();      // the device may still use the staging memory
                    throw e;
                } finally {
                    if (last != null) last.close();
                }
            }
            if (!toReplica) unpack(stage, h, runs);
        }
    }

    private static void pack(MemorySegment h, MemorySegment stage, ByteRuns runs) {
        long at = 0;
        for (int i = 0, n = runs.count(); i < n; i++) {
            MemorySpaces.copyBytes(h, runs.start(i), stage, at, runs.length(i));
            at += runs.length(i);
        }
    }

    private static void unpack(MemorySegment stage, MemorySegment h, ByteRuns runs) {
        long at = 0;
        for (int i = 0, n = runs.count(); i < n; i++) {
            MemorySpaces.copyBytes(stage, at, h, runs.start(i), runs.length(i));
            at += runs.length(i);
        }
    }

    /**
     * True if {@code type} accepts a {@link ClView} and {@code datum} is an array, a slice, or a matrix block or
     * diagonal over an array; else, on a device with host-unified memory, if the datum over the buffer's mapped memory
     * is something {@code type} accepts ({@link MemorySpaces#presentableOverSegment}: a {@code SegmentSlice}, a
     * {@code Matrix}, the segment of a whole array).
     */
    @Override
    public boolean canPresent(Object datum, Class<?> type) {
        if (datum instanceof boolean[]) return false;
        if (type.isAssignableFrom(ClView.class)) return ClView.describable(datum);
        return unified && MemorySpaces.presentableOverSegment(datum, type);
    }

    /**
     * A {@link ClView} for a parameter that accepts one; else the datum over the buffer's memory, mapped until the body
     * returns ({@link #unpresent}).
     */
    @Override
    public Object present(Replica replica, Object datum, Class<?> type) {
        ClBuffer b = (ClBuffer) replica.storage();
        if (type.isAssignableFrom(ClView.class)) return ClView.of(this, b, datum, replica.offset());
        MemorySegment m = b.hold();
        try {
            return Views.rebase(datum, m.asSlice(0, replica.byteSize()), replica.offset());
        } catch (Throwable e) {
            try {
                b.release();
            } catch (Throwable f) {
                e.addSuppressed(f);
            }
            throw e;
        }
    }

    /** True: atomic tasks can be placed here; what their {@link ClView}s cover is saved on the device ({@link #save}). */
    @Override
    public boolean savesRuns() {
        return true;
    }

    /**
     * Saves {@code runs} of the replica in a scratch buffer on the device: one device-side copy of the runs' covering
     * extent (bytes between them that other tasks write meanwhile are saved too, but never restored). Restoring copies
     * back each run alone, so it never overwrites what another task wrote between them; discarding frees the scratch
     * buffer, which counts against the capacity while it lives. For a body handed {@link ClView}s; what a body handed
     * mapped memory writes is saved by the runtime itself.
     */
    @Override
    public Saved save(Replica replica, ByteRuns runs) {
        int n = runs.count();
        if (n == 0) return new Saved() {
            @Override public void restore() { }
            @Override public void discard() { }
        };
        ClBuffer b = (ClBuffer) replica.storage();
        long off = replica.offset(), lo = runs.start(0), hi = runs.start(n - 1) + runs.length(n - 1);
        Replica held = allocate(null, 0, hi - lo);        // counted against the capacity like a replica
        ClBuffer scratch = (ClBuffer) held.storage();
        try (ClEvent copied = b.copyTo(scratch, lo - off, 0, hi - lo)) {
            copied.await();
        } catch (RuntimeException | Error e) {
            held.free();
            throw e;
        }
        return new Saved() {
            @Override
            public void restore() {
                ClEvent last = null;
                try {
                    for (int i = 0; i < n; i++) {
                        ClEvent next = scratch.copyTo(b, runs.start(i) - lo, runs.start(i) - off, runs.length(i));
                        if (last != null) last.close();
                        last = next;
                    }
                    last.await();                 // an in-order queue: the last one ends after all the others
                } finally {
                    if (last != null) last.close();
                }
            }

            @Override
            public void discard() {
                held.free();
            }
        };
    }

    /** Unmaps the buffer of a mapped presentation (once its last hold ends); nothing for a {@link ClView}. */
    @Override
    public void unpresent(Replica replica, Object presented) {
        if (!(presented instanceof ClView)) ((ClBuffer) replica.storage()).release();
    }

    /** Releases the context (buffers, programs, kernels, queue) if this space opened it; otherwise only this space's kernels. Idempotent. */
    @Override
    public void close() {
        if (ownsContext) {
            ctx.close();
        } else {
            for (ClKernel k : kernels.values()) k.close();
        }
        kernels.clear();
    }

    @Override
    public String toString() {
        return name + " (" + ctx.device().name() + ")";
    }
}
