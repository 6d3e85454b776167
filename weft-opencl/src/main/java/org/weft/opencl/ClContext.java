package org.weft.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * An OpenCL context on one device with one in-order command queue: buffers are allocated in it, programs built
 * for it, and every command it enqueues runs in enqueue order unless a wait list says more.
 *
 * <p>Programs are built once per (source, options) and kept until the context closes: OpenCL compiles at run time,
 * and a build costs from tens of milliseconds (a cached build on PoCL) to seconds. Closing the context waits for
 * its queue to drain, then releases everything made from it that is still open: buffers, programs, kernels.
 *
 * <p><b>Held buffers.</b> On a device with {@linkplain ClDevice#hostUnifiedMemory() host-unified memory} a task body
 * may be handed a buffer's memory itself: {@link ClSpace} maps the buffer before the body and unmaps it after (a
 * <i>hold</i>, {@link ClBuffer#hold}). OpenCL leaves undefined any command that reads or writes a buffer while it is
 * mapped, and PoCL crashes when two threads map one buffer at once; so the holds of one buffer share one mapping (the
 * first maps, the last unmaps), and on such a device every command that names a buffer passes a gate: if the buffer
 * is held, the command is enqueued only once its last hold has ended. One lock makes "is it held?" and the enqueue
 * one step, so no command can fall between a map and its unmap on the in-order queue. A thread that holds a mapping
 * may not enqueue commands on such a device at all: it could otherwise wait for a hold that waits for it.
 *
 * <p>Thread-safe, except that one {@link ClKernel} must not be used by two threads at once.
 */
public final class ClContext implements AutoCloseable {
    final Cl cl;
    private final ClDevice device;
    final MemorySegment context, queue;
    private final Map<String, ClProgram> programs = new ConcurrentHashMap<>();
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** True on a host-unified device, where buffers can be held and commands pass the gate. */
    private final boolean gated;
    /** Guards the holds of this context's buffers ({@link ClBuffer#hold}); signalled when a buffer's last hold ends. */
    final ReentrantLock holdLock = new ReentrantLock();
    final Condition holdEnded = holdLock.newCondition();
    /** How long a command waits for a held buffer before it fails: a body holding it should have returned long before. */
    private static final long HOLD_WAIT_NANOS = TimeUnit.MINUTES.toNanos(10);

    ClContext(Cl cl, ClDevice device) {
        this.cl = cl;
        this.device = device;
        this.gated = device.hostUnifiedMemory();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment devices = a.allocate(ADDRESS);
            devices.set(ADDRESS, 0, device.id);
            context = Cl.create("clCreateContext", err -> (MemorySegment) cl.createContext.invokeExact(
                    MemorySegment.NULL, 1, devices, MemorySegment.NULL, MemorySegment.NULL, err));
        }
        MemorySegment q;
        try {
            q = Cl.create("clCreateCommandQueue", err -> (MemorySegment) cl.createCommandQueue.invokeExact(context, device.id, 0L, err));
        } catch (RuntimeException | Error e) {
            Cl.call("clReleaseContext", () -> (int) cl.releaseContext.invokeExact(context));
            throw e;
        }
        queue = q;
    }

    public ClDevice device() {
        return device;
    }

    /** A device buffer of {@code bytes} bytes, read-write, its contents undefined until written. */
    public ClBuffer allocate(long bytes) {
        checkOpen();
        if (bytes <= 0) throw new IllegalArgumentException("buffer size " + bytes + " must be positive");
        if (bytes > device.maxAllocBytes())
            throw new IllegalArgumentException("buffer size " + bytes + " exceeds the largest buffer " + device.name()
                    + " accepts (" + device.maxAllocBytes() + " bytes)");
        MemorySegment mem = Cl.create("clCreateBuffer", err -> (MemorySegment) cl.createBuffer.invokeExact(
                context, Cl.MEM_READ_WRITE, bytes, MemorySegment.NULL, err));
        return register(new ClBuffer(this, mem, bytes));
    }

    /**
     * The program built from {@code source} with compiler {@code options} (may be empty), built on first request
     * and shared afterwards. A source that does not compile throws a {@link ClException} with the build log.
     */
    public ClProgram program(String source, String options) {
        checkOpen();
        String key = options + "\u0000" + source;
        ClProgram p = programs.get(key);
        if (p != null) return p;
        synchronized (programs) {
            p = programs.get(key);
            if (p == null) {
                p = register(ClProgram.build(this, source, options));
                programs.put(key, p);
            }
            return p;
        }
    }

    /** Submits every enqueued command to the device without waiting. */
    public void flush() {
        checkOpen();
        Cl.call("clFlush", () -> (int) cl.flush.invokeExact(queue));
    }

    /** Waits until every command enqueued so far has ended. */
    public void finish() {
        checkOpen();
        Cl.call("clFinish", () -> (int) cl.finish.invokeExact(queue));
    }

    /** One enqueue call, made under the gate. */
    interface Command<T> {
        T enqueue();
    }

    /**
     * Runs {@code command} (an enqueue that names {@code buffers}) once none of them is held, atomically with that
     * check; at once where the device is not host-unified. Waits at most {@link #HOLD_WAIT_NANOS}, compensated for in a
     * fork-join pool, then fails.
     *
     * @throws ClException if this thread holds a mapping (see the class comment), or the wait timed out or was interrupted
     */
    <T> T whenUnheld(Command<T> command, ClBuffer... buffers) {
        if (!gated) return command.enqueue();
        if (ClBuffer.heldByThisThread())
            throw new ClException("a thread that holds a mapped buffer (a task body handed mapped memory on " + device.name()
                    + ") cannot enqueue device commands until its holds end: a body takes either mapped views or ClViews to launch kernels on");
        holdLock.lock();
        try {
            if (anyHeld(buffers)) awaitUnheld(buffers);
            return command.enqueue();
        } finally {
            holdLock.unlock();
        }
    }

    private static boolean anyHeld(ClBuffer[] buffers) {
        for (ClBuffer b : buffers) if (b != null && b.held()) return true;
        return false;
    }

    /** Waits, holding {@link #holdLock} (released while blocked), until none of {@code buffers} is held. */
    private void awaitUnheld(ClBuffer[] buffers) {
        long deadline = System.nanoTime() + HOLD_WAIT_NANOS;
        ForkJoinPool.ManagedBlocker blocker = new ForkJoinPool.ManagedBlocker() {
            @Override
            public boolean block() throws InterruptedException {
                long left = deadline - System.nanoTime();
                if (left > 0) holdEnded.awaitNanos(left);
                return !anyHeld(buffers) || deadline - System.nanoTime() <= 0;
            }

            @Override
            public boolean isReleasable() {
                return !anyHeld(buffers);
            }
        };
        try {
            ForkJoinPool.managedBlock(blocker);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClException("interrupted while a command waited for a task body to return a mapped buffer on " + device.name());
        }
        if (anyHeld(buffers))
            throw new ClException("a command waited " + TimeUnit.NANOSECONDS.toMinutes(HOLD_WAIT_NANOS)
                    + " minutes for a task body on " + device.name() + " to return a mapped buffer; it has not");
    }

    <T extends AutoCloseable> T register(T resource) {
        open.add(resource);
        return resource;
    }

    void forget(AutoCloseable resource) {
        open.remove(resource);
        if (resource instanceof ClProgram p) programs.values().remove(p);
    }

    void checkOpen() {
        if (closed) throw new IllegalStateException("the OpenCL context on " + device.name() + " is closed");
    }

    /** Waits for the queue to drain, then releases what is still open, the queue and the context. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        Cl.call("clFinish", () -> (int) cl.finish.invokeExact(queue));
        closed = true;
        List<Throwable> failures = new ArrayList<>();
        for (AutoCloseable r : List.copyOf(open)) {
            try {
                r.close();
            } catch (Throwable e) {
                failures.add(e);
            }
        }
        Cl.call("clReleaseCommandQueue", () -> (int) cl.releaseCommandQueue.invokeExact(queue));
        Cl.call("clReleaseContext", () -> (int) cl.releaseContext.invokeExact(context));
        if (!failures.isEmpty()) {
            ClException e = new ClException("releasing what the context on " + device.name() + " still held failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }
}
