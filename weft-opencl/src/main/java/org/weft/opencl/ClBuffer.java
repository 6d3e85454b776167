package org.weft.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * A device buffer of a {@link ClContext}, and the transfers into, out of and between buffers, each one command
 * on the context's in-order queue.
 *
 * <p><b>Asynchronous transfers</b> ({@link #write}, {@link #read}, {@link #writeRect}, {@link #readRect},
 * {@link #copyTo}) return a {@link ClEvent} at once; the host memory they name must be native (off-heap) and stay
 * alive and untouched until that event ended, because the device reads or writes it later. <b>Blocking
 * transfers</b> ({@link #writeNow}, {@link #readNow}) return when the bytes have landed and accept heap memory too
 * (a {@code double[]} through {@link MemorySegment#ofArray}), passed to OpenCL without a staging copy.
 * {@link #writeRect}/{@link #readRect} move a 2-D block in one command, a tile of a column-major matrix for
 * instance: one command per column costs about 30 µs each on PoCL, one rectangular command about as much as all.
 *
 * <p><b>Holds.</b> On a device with host-unified memory the runtime can hold a buffer mapped while task bodies use
 * its memory ({@link #hold}); every command here then waits until the buffer's last hold has ended (see
 * {@link ClContext}). A task body handed a {@link ClView} must not {@link #map} its buffer: a body that wants the
 * memory takes a mapped view instead.
 *
 * <p>Thread-safe (OpenCL queues are); ordering between commands from different threads is enqueue order.
 */
public final class ClBuffer implements AutoCloseable {
    private final ClContext ctx;
    final MemorySegment mem;
    private final long bytes;
    private volatile boolean closed;
    /** Holds of this buffer, the one mapping they share and its map command; guarded by {@code ctx.holdLock}. */
    private int holds;
    private MemorySegment mapping;
    private ClEvent mapped;
    /** Holds the current thread has, over all buffers: such a thread may not enqueue commands ({@link ClContext#whenUnheld}). */
    private static final ThreadLocal<int[]> HELD_BY_THREAD = ThreadLocal.withInitial(() -> new int[1]);

    ClBuffer(ClContext ctx, MemorySegment mem, long bytes) {
        this.ctx = ctx;
        this.mem = mem;
        this.bytes = bytes;
    }

    /** The buffer's size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** Enqueues a copy of all of {@code src} (native memory) to this buffer at {@code offset}. */
    public ClEvent write(long offset, MemorySegment src, ClEvent... waitFor) {
        return transfer(true, false, offset, src, waitFor);
    }

    /** Enqueues a copy of {@code dst.byteSize()} bytes from this buffer at {@code offset} into {@code dst} (native memory). */
    public ClEvent read(long offset, MemorySegment dst, ClEvent... waitFor) {
        return transfer(false, false, offset, dst, waitFor);
    }

    /** Copies all of {@code src} (heap or native memory) to this buffer at {@code offset}, after {@code waitFor}; returns when done. */
    public void writeNow(long offset, MemorySegment src, ClEvent... waitFor) {
        transfer(true, true, offset, src, waitFor);
    }

    /** Copies {@code dst.byteSize()} bytes from this buffer at {@code offset} into {@code dst} (heap or native), after {@code waitFor}; returns when done. */
    public void readNow(long offset, MemorySegment dst, ClEvent... waitFor) {
        transfer(false, true, offset, dst, waitFor);
    }

    /**
     * One plain transfer between {@code host} and this buffer at {@code offset}: asynchronous (native memory only;
     * returns its event) or blocking (returns null once the bytes have landed; heap memory goes through the critical
     * downcall, which may be passed heap segments).
     */
    private ClEvent transfer(boolean write, boolean blocking, long offset, MemorySegment host, ClEvent... waitFor) {
        String op = (write ? "write" : "read") + (blocking ? "Now" : "");
        if (!blocking) requireNative(host, op);
        checkRange(offset, host.byteSize(), op);
        MethodHandle h = host.isNative() ? (write ? ctx.cl.enqueueWriteBuffer : ctx.cl.enqueueReadBuffer)
                : (write ? ctx.cl.writeBufferFromHeap : ctx.cl.readBufferToHeap);
        int block = blocking ? Cl.TRUE : Cl.FALSE;
        long n = host.byteSize();
        return enqueue(write ? "clEnqueueWriteBuffer" : "clEnqueueReadBuffer", blocking,
                (wl, ev) -> (int) h.invokeExact(ctx.queue, mem, block, offset, n, host, waitFor.length, wl, ev), waitFor);
    }

    /** Enqueues a copy of the block {@code r} from {@code host} (native memory) into this buffer. */
    public ClEvent writeRect(Rect r, MemorySegment host, ClEvent... waitFor) {
        return rect("clEnqueueWriteBufferRect", true, r, host, waitFor);
    }

    /** Enqueues a copy of the block {@code r} from this buffer into {@code host} (native memory). */
    public ClEvent readRect(Rect r, MemorySegment host, ClEvent... waitFor) {
        return rect("clEnqueueReadBufferRect", false, r, host, waitFor);
    }

    /** Enqueues a copy of {@code n} bytes from this buffer at {@code from} into {@code dst} at {@code to}, on the device. */
    public ClEvent copyTo(ClBuffer dst, long from, long to, long n, ClEvent... waitFor) {
        checkRange(from, n, "copyTo (source)");
        dst.checkRange(to, n, "copyTo (destination)");
        if (dst.ctx != ctx) throw new IllegalArgumentException("copyTo: the destination buffer belongs to another context");
        return ctx.whenUnheld(() -> enqueueNow("clEnqueueCopyBuffer", false, (wl, ev) -> (int) ctx.cl.enqueueCopyBuffer.invokeExact(
                ctx.queue, mem, dst.mem, from, to, n, waitFor.length, wl, ev), waitFor), this, dst);
    }

    /**
     * Maps {@code n} bytes at {@code offset} into host memory, after {@code waitFor}, and returns them: for reading
     * ({@code write == false}) the bytes are current; for writing, what the host stores there becomes the buffer's
     * contents at {@link #unmap}. On a device with {@linkplain ClDevice#hostUnifiedMemory() unified memory} this is
     * the buffer's own storage, no copy. The segment must not be used after {@link #unmap}.
     */
    public MemorySegment map(long offset, long n, boolean write, ClEvent... waitFor) {
        checkRange(offset, n, "map");
        long flags = write ? Cl.MAP_READ | Cl.MAP_WRITE : Cl.MAP_READ;
        return ctx.whenUnheld(() -> {
            ctx.checkOpen();
            check();
            try (Arena a = Arena.ofConfined()) {
                MemorySegment wl = ClEvent.waitList(a, waitFor);
                MemorySegment p = Cl.create("clEnqueueMapBuffer", err -> (MemorySegment) ctx.cl.enqueueMapBuffer.invokeExact(
                        ctx.queue, mem, Cl.TRUE, flags, offset, n, waitFor.length, wl, MemorySegment.NULL, err));
                return p.reinterpret(n);
            }
        }, this);
    }

    /** Ends a mapping made by {@link #map}; the returned event ends when the device sees the host's writes. */
    public ClEvent unmap(MemorySegment mapped, ClEvent... waitFor) {
        return enqueue("clEnqueueUnmapMemObject", (wl, ev) -> (int) ctx.cl.enqueueUnmapMemObject.invokeExact(
                ctx.queue, mem, mapped, waitFor.length, wl, ev), waitFor);
    }

    /**
     * The whole buffer as host memory, read and written in place until {@link #release}: the first hold maps the buffer
     * (read-write), later ones share that mapping, the last release unmaps it. Returns once the mapping is ready, i.e.
     * after every command enqueued on the queue before it; while the buffer is held, commands that name it wait (see
     * {@link ClContext}). Only on a device with host-unified memory, where the mapping is the buffer's own storage.
     * Released by the thread that took it.
     */
    MemorySegment hold() {
        ctx.checkOpen();
        check();
        MemorySegment m;
        ClEvent ready;
        int[] heldHere = HELD_BY_THREAD.get();
        ctx.holdLock.lock();
        try {
            if (holds == 0) {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment ev = a.allocate(ADDRESS);
                    MemorySegment p = Cl.create("clEnqueueMapBuffer", err -> (MemorySegment) ctx.cl.enqueueMapBuffer.invokeExact(
                            ctx.queue, mem, Cl.FALSE, Cl.MAP_READ | Cl.MAP_WRITE, 0L, bytes, 0, MemorySegment.NULL, ev, err));
                    mapped = new ClEvent(ctx.cl, ev.get(ADDRESS, 0));
                    mapping = p.reinterpret(bytes);
                }
            }
            holds++;
            heldHere[0]++;
            m = mapping;
            ready = mapped;
        } finally {
            ctx.holdLock.unlock();
        }
        try {
            ready.await();
        } catch (Throwable e) {
            try {
                release();
            } catch (Throwable f) {
                e.addSuppressed(f);
            }
            throw e;
        }
        return m;
    }

    /**
     * Ends one {@link #hold}; the last one unmaps the buffer and returns once the device sees what was written through
     * the mapping. Commands waiting for the buffer are let through (after the unmap on the queue) even if the unmap fails.
     */
    void release() {
        ClEvent mapCommand = null;
        MemorySegment m = null;
        ClEvent unmapped = null;
        int[] heldHere = HELD_BY_THREAD.get();
        ctx.holdLock.lock();
        try {
            if (holds <= 0) throw new IllegalStateException("a release of a buffer nobody holds");
            heldHere[0]--;
            if (--holds == 0) {
                mapCommand = mapped;
                m = mapping;
                mapped = null;
                mapping = null;
                try {
                    MemorySegment p = m;
                    unmapped = enqueueNow("clEnqueueUnmapMemObject", false, (wl, ev) -> (int) ctx.cl.enqueueUnmapMemObject.invokeExact(
                            ctx.queue, mem, p, 0, wl, ev));
                } finally {
                    ctx.holdEnded.signalAll();
                }
            }
        } finally {
            ctx.holdLock.unlock();
        }
        try {
            if (unmapped != null) {
                try (ClEvent u = unmapped) {
                    u.await();
                }
            }
        } finally {
            if (mapCommand != null) mapCommand.close();
        }
    }

    /** True while the buffer is held; call with {@code ctx.holdLock} held. */
    boolean held() {
        return holds > 0;
    }

    /** True if the current thread holds a mapping of any buffer. */
    static boolean heldByThisThread() {
        return HELD_BY_THREAD.get()[0] > 0;
    }

    private ClEvent rect(String name, boolean write, Rect r, MemorySegment host, ClEvent... waitFor) {
        requireNative(host, name);
        checkRange(r.bufferOffset(), r.extentIn(r.bufferRowPitch()), name + " (buffer)");
        if (r.hostOffset() + r.extentIn(r.hostRowPitch()) > host.byteSize())
            throw new IndexOutOfBoundsException(name + ": the block ends at byte " + (r.hostOffset() + r.extentIn(r.hostRowPitch()))
                    + " of host memory of " + host.byteSize() + " bytes");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment bufferOrigin = triple(a, r.bufferOffset(), 0, 0);
            MemorySegment hostOrigin = triple(a, r.hostOffset(), 0, 0);
            MemorySegment region = triple(a, r.runBytes(), r.runs(), 1);
            return enqueue(name, (wl, ev) -> write
                    ? (int) ctx.cl.enqueueWriteBufferRect.invokeExact(ctx.queue, mem, Cl.FALSE, bufferOrigin, hostOrigin, region,
                            r.bufferRowPitch(), 0L, r.hostRowPitch(), 0L, host, waitFor.length, wl, ev)
                    : (int) ctx.cl.enqueueReadBufferRect.invokeExact(ctx.queue, mem, Cl.FALSE, bufferOrigin, hostOrigin, region,
                            r.bufferRowPitch(), 0L, r.hostRowPitch(), 0L, host, waitFor.length, wl, ev), waitFor);
        }
    }

    private static MemorySegment triple(Arena a, long x, long y, long z) {
        MemorySegment s = a.allocate(Cl.SIZE_T, 3);
        s.setAtIndex(Cl.SIZE_T, 0, x);
        s.setAtIndex(Cl.SIZE_T, 1, y);
        s.setAtIndex(Cl.SIZE_T, 2, z);
        return s;
    }

    private interface EnqueueCall {
        int run(MemorySegment waitList, MemorySegment eventOut) throws Throwable;
    }

    private ClEvent enqueue(String name, EnqueueCall c, ClEvent... waitFor) {
        return enqueue(name, false, c, waitFor);
    }

    /**
     * Enqueues one command on this buffer after {@code waitFor}, once the buffer is not held; returns its event, or null
     * for {@code noEvent} (a blocking command).
     */
    private ClEvent enqueue(String name, boolean noEvent, EnqueueCall c, ClEvent... waitFor) {
        return ctx.whenUnheld(() -> enqueueNow(name, noEvent, c, waitFor), this);
    }

    /** Enqueues one command after {@code waitFor} without passing the gate; returns its event, or null for {@code noEvent}. */
    private ClEvent enqueueNow(String name, boolean noEvent, EnqueueCall c, ClEvent... waitFor) {
        ctx.checkOpen();
        check();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment wl = ClEvent.waitList(a, waitFor);
            MemorySegment ev = noEvent ? MemorySegment.NULL : a.allocate(ADDRESS);
            Cl.call(name, () -> c.run(wl, ev));
            return noEvent ? null : new ClEvent(ctx.cl, ev.get(ADDRESS, 0));
        }
    }

    private void check() {
        if (closed) throw new IllegalStateException("the buffer was closed");
    }

    private void checkRange(long offset, long n, String op) {
        if (offset < 0 || n < 0 || offset > bytes - n)
            throw new IndexOutOfBoundsException(op + ": bytes [" + offset + ", " + (offset + n) + ") are outside the buffer of " + bytes + " bytes");
    }

    private static void requireNative(MemorySegment s, String op) {
        if (!s.isNative())
            throw new IllegalArgumentException(op + ": an asynchronous transfer needs native (off-heap) host memory, which stays "
                    + "in place until the command ends; use the blocking form for heap memory");
    }

    /** Releases the buffer; commands already enqueued on it still complete. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ctx.forget(this);
        Cl.call("clReleaseMemObject", () -> (int) ctx.cl.releaseMemObject.invokeExact(mem));
    }

    /**
     * A 2-D block of bytes: {@code runs} runs of {@code runBytes} contiguous bytes, the first at byte
     * {@code bufferOffset} of the buffer (at {@code hostOffset} of host memory), each next run
     * {@code bufferRowPitch} ({@code hostRowPitch}) bytes after the previous. A tile of {@code m × n} doubles
     * of a column-major matrix with leading dimension {@code ld}, packed in the buffer:
     * {@code new Rect(0, 8L * (i + j * ld), 8L * m, n, 8L * m, 8L * ld)}.
     */
    public record Rect(long bufferOffset, long hostOffset, long runBytes, long runs, long bufferRowPitch, long hostRowPitch) {
        public Rect {
            if (bufferOffset < 0 || hostOffset < 0 || runBytes <= 0 || runs <= 0)
                throw new IllegalArgumentException("a block needs non-negative offsets and a positive size: offsets "
                        + bufferOffset + ", " + hostOffset + ", " + runs + " runs of " + runBytes + " bytes");
            if (bufferRowPitch < runBytes || hostRowPitch < runBytes)
                throw new IllegalArgumentException("a row pitch (" + bufferRowPitch + " in the buffer, " + hostRowPitch
                        + " in host memory) is smaller than a run of " + runBytes + " bytes");
        }

        long extentIn(long pitch) {
            return (runs - 1) * pitch + runBytes;
        }
    }
}
