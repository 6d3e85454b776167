package org.weft.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One kernel function of a {@link ClProgram}: set its arguments, then {@link #enqueue} it over an index space.
 * Arguments are copied by OpenCL when set, so a kernel may be re-armed and enqueued again at once.
 *
 * <p>Not thread-safe: OpenCL forbids setting one kernel's arguments from two threads; use one kernel object per
 * thread (each {@link ClProgram#kernel} call makes a new one).
 */
public final class ClKernel implements AutoCloseable {
    private final ClContext ctx;
    private final MemorySegment kernel;
    private final String name;
    private volatile boolean closed;
    /** The buffer arguments by index (null where an argument is not a buffer): an enqueue waits while one is held. */
    private ClBuffer[] buffers = new ClBuffer[0];

    ClKernel(ClContext ctx, MemorySegment kernel, String name) {
        this.ctx = ctx;
        this.kernel = kernel;
        this.name = name;
    }

    public ClKernel arg(int index, ClBuffer buffer) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ADDRESS);
            v.set(ADDRESS, 0, buffer.mem);
            set(index, ADDRESS.byteSize(), v);
        }
        if (index >= buffers.length) buffers = java.util.Arrays.copyOf(buffers, index + 1);
        buffers[index] = buffer;
        return this;
    }

    /**
     * The device buffer of {@code view} as a {@code __global} pointer argument. The pointer is the buffer's start: pass
     * {@link ClView#offset()} (and the count, stride or matrix shape the kernel needs) as further arguments.
     */
    public ClKernel arg(int index, ClView view) {
        return arg(index, view.buffer());
    }

    public ClKernel arg(int index, int value) {
        try (Arena a = Arena.ofConfined()) {
            return set(index, 4, a.allocateFrom(JAVA_INT, value));
        }
    }

    public ClKernel arg(int index, long value) {
        try (Arena a = Arena.ofConfined()) {
            return set(index, 8, a.allocateFrom(JAVA_LONG, value));
        }
    }

    public ClKernel arg(int index, float value) {
        try (Arena a = Arena.ofConfined()) {
            return set(index, 4, a.allocateFrom(JAVA_FLOAT, value));
        }
    }

    public ClKernel arg(int index, double value) {
        try (Arena a = Arena.ofConfined()) {
            return set(index, 8, a.allocateFrom(JAVA_DOUBLE, value));
        }
    }

    /** A {@code __local} argument of {@code bytes} bytes per work-group. */
    public ClKernel localArg(int index, long bytes) {
        return set(index, bytes, MemorySegment.NULL);
    }

    private ClKernel set(int index, long size, MemorySegment value) {
        check();
        Cl.call("clSetKernelArg(" + name + ", " + index + ")", () -> (int) ctx.cl.setKernelArg.invokeExact(kernel, index, size, value));
        if (index >= 0 && index < buffers.length) buffers[index] = null;
        return this;
    }

    /**
     * Enqueues the kernel over {@code global} work items (1 to 3 dimensions), in work-groups of {@code local}
     * items, or of the implementation's choice if {@code local} is null, after {@code waitFor}; on a host-unified
     * device, once none of its buffer arguments is held mapped by a task body (see {@link ClContext}).
     */
    public ClEvent enqueue(long[] global, long[] local, ClEvent... waitFor) {
        check();
        ctx.checkOpen();
        if (global.length < 1 || global.length > 3) throw new IllegalArgumentException(name + ": 1 to 3 dimensions, not " + global.length);
        if (local != null && local.length != global.length)
            throw new IllegalArgumentException(name + ": local size has " + local.length + " dimensions, global size " + global.length);
        return ctx.whenUnheld(() -> enqueueNow(global, local, waitFor), buffers);
    }

    private ClEvent enqueueNow(long[] global, long[] local, ClEvent... waitFor) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment g = a.allocateFrom(Cl.SIZE_T, global);
            MemorySegment l = local == null ? MemorySegment.NULL : a.allocateFrom(Cl.SIZE_T, local);
            MemorySegment wl = ClEvent.waitList(a, waitFor);
            MemorySegment ev = a.allocate(ADDRESS);
            int dims = global.length;
            Cl.call("clEnqueueNDRangeKernel(" + name + ")", () -> (int) ctx.cl.enqueueNDRangeKernel.invokeExact(
                    ctx.queue, kernel, dims, MemorySegment.NULL, g, l, waitFor.length, wl, ev));
            return new ClEvent(ctx.cl, ev.get(ADDRESS, 0));
        }
    }

    /**
     * Enqueues the kernel over {@code global} work items (1 to 3 dimensions), in work-groups of the implementation's
     * choice, and waits until it ended: what a task body on a {@link ClSpace} calls, since it must finish its device
     * work before it returns. Throws {@link ClException} if the kernel failed.
     */
    public void run(long... global) {
        try (ClEvent e = enqueue(global, null)) {
            e.await();
        }
    }

    private void check() {
        if (closed) throw new IllegalStateException("the kernel " + name + " was closed");
    }

    /** Releases the kernel object. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ctx.forget(this);
        Cl.call("clReleaseKernel", () -> (int) ctx.cl.releaseKernel.invokeExact(kernel));
    }
}
