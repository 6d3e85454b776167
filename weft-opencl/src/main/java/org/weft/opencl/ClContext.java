package org.weft.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * An OpenCL context on one device with one in-order command queue: buffers are allocated in it, programs built
 * for it, and every command it enqueues runs in enqueue order unless a wait list says more.
 *
 * <p>Programs are built once per (source, options) and kept until the context closes: OpenCL compiles at run time,
 * and a build costs from tens of milliseconds (a cached build on PoCL) to seconds. Closing the context waits for
 * its queue to drain, then releases everything made from it that is still open: buffers, programs, kernels.
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

    ClContext(Cl cl, ClDevice device) {
        this.cl = cl;
        this.device = device;
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
