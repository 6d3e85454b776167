package org.weft.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An OpenCL program built for its context's device; made by {@link ClContext#program}, which builds each source
 * once. A build that fails is tried once more (a kernel cache may fail one transiently); a second failure throws a
 * {@link ClException} carrying the compiler's log. Thread-safe.
 */
public final class ClProgram implements AutoCloseable {
    private final ClContext ctx;
    final MemorySegment program;
    private volatile boolean closed;

    private ClProgram(ClContext ctx, MemorySegment program) {
        this.ctx = ctx;
        this.program = program;
    }

    static ClProgram build(ClContext ctx, String source, String options) {
        Cl cl = ctx.cl;
        MemorySegment program;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment strings = a.allocate(ADDRESS);
            strings.set(ADDRESS, 0, a.allocateFrom(source));
            program = Cl.create("clCreateProgramWithSource", err -> (MemorySegment) cl.createProgramWithSource.invokeExact(
                    ctx.context, 1, strings, MemorySegment.NULL, err));
            MemorySegment devices = a.allocate(ADDRESS);
            devices.set(ADDRESS, 0, ctx.device().id);
            MemorySegment opts = a.allocateFrom(options == null ? "" : options);
            int rc = -11;
            // PoCL's kernel cache can fail a build that races another one for its files ("unable to rename temporary
            // ..."): a failed build is tried once more, so an error in the source itself is reported after the second
            for (int attempt = 0; attempt < 2 && rc != Cl.SUCCESS; attempt++) {
                try {
                    rc = (int) cl.buildProgram.invokeExact(program, 1, devices, opts, MemorySegment.NULL, MemorySegment.NULL);
                } catch (Throwable e) {
                    rc = -11;
                }
            }
            if (rc != Cl.SUCCESS) {
                String log = buildLog(cl, program, ctx.device());
                Cl.call("clReleaseProgram", () -> (int) cl.releaseProgram.invokeExact(program));
                throw new ClException("clBuildProgram", rc, log);
            }
        }
        return new ClProgram(ctx, program);
    }

    private static String buildLog(Cl cl, MemorySegment program, ClDevice device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(Cl.SIZE_T);
            int rc = (int) cl.getProgramBuildInfo.invokeExact(program, device.id, Cl.PROGRAM_BUILD_LOG, 0L, MemorySegment.NULL, size);
            if (rc != Cl.SUCCESS) return "(no build log: " + ClException.name(rc) + ")";
            long n = size.get(JAVA_LONG, 0);
            MemorySegment log = a.allocate(Math.max(n, 1));
            rc = (int) cl.getProgramBuildInfo.invokeExact(program, device.id, Cl.PROGRAM_BUILD_LOG, n, log, MemorySegment.NULL);
            return rc == Cl.SUCCESS ? log.getString(0) : "(no build log: " + ClException.name(rc) + ")";
        } catch (Throwable e) {
            return "(no build log: " + e + ")";
        }
    }

    /** A new kernel object for the function {@code name} of this program. */
    public ClKernel kernel(String name) {
        ctx.checkOpen();
        if (closed) throw new IllegalStateException("the program was closed");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cname = a.allocateFrom(name);
            MemorySegment k = Cl.create("clCreateKernel(" + name + ")",
                    err -> (MemorySegment) ctx.cl.createKernel.invokeExact(program, cname, err));
            return ctx.register(new ClKernel(ctx, k, name));
        }
    }

    /** Releases the program; kernels made from it stay usable until they are closed. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ctx.forget(this);
        Cl.call("clReleaseProgram", () -> (int) ctx.cl.releaseProgram.invokeExact(program));
    }
}
