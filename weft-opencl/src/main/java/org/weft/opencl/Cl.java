package org.weft.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcall handles into the OpenCL ICD loader ({@code libOpenCL.so.1}) for the calls Weft needs, their
 * constants, and the one upcall stub through which event callbacks arrive.
 *
 * <p>The loader dispatches each call to the platform that owns its first object (PoCL, a GPU vendor's driver),
 * so one set of handles serves every platform. Calls use the OpenCL 1.2 entry points, which every loader and
 * platform in use exports; {@code size_t} is the platform's canonical layout. Two handles exist for blocking
 * transfers from the Java heap: they are {@linkplain Linker.Option#critical critical} downcalls that may be passed
 * a heap segment, which the JDK documents for short calls only, so they serve blocking transfers, never
 * asynchronous ones (the heap array could move before the device reads it).
 *
 * <p>Thread-safety: immutable after construction; OpenCL 1.1 and later make every call used here thread-safe
 * except {@code clSetKernelArg} on one kernel object, which {@link ClKernel} confines.
 */
final class Cl {
    // error and status codes
    static final int SUCCESS = 0, COMPLETE = 0;
    // device types and queries
    static final long DEVICE_TYPE_ALL = 0xFFFFFFFFL;
    static final long DEVICE_TYPE_CPU = 1 << 1, DEVICE_TYPE_GPU = 1 << 2, DEVICE_TYPE_ACCELERATOR = 1 << 3;
    static final int PLATFORM_NAME = 0x0902, PLATFORM_VERSION = 0x0901;
    static final int DEVICE_TYPE = 0x1000, DEVICE_MAX_COMPUTE_UNITS = 0x1002, DEVICE_MAX_MEM_ALLOC_SIZE = 0x1010,
            DEVICE_GLOBAL_MEM_SIZE = 0x101F, DEVICE_NAME = 0x102B, DEVICE_VENDOR = 0x102C, DEVICE_VERSION = 0x102F,
            DEVICE_DOUBLE_FP_CONFIG = 0x1032, DEVICE_HOST_UNIFIED_MEMORY = 0x1035, DEVICE_MEM_BASE_ADDR_ALIGN = 0x1019;
    // memory flags and map flags
    static final long MEM_READ_WRITE = 1, MEM_USE_HOST_PTR = 1 << 3;
    static final long MAP_READ = 1, MAP_WRITE = 1 << 1;
    // programs and events
    static final int PROGRAM_BUILD_LOG = 0x1183;
    static final int EVENT_COMMAND_EXECUTION_STATUS = 0x11D3;
    static final int TRUE = 1, FALSE = 0;

    /** {@code size_t}: 64 bits on the platforms Weft runs on (checked when the library is bound). */
    static final ValueLayout.OfLong SIZE_T = JAVA_LONG;

    final MethodHandle getPlatformIDs, getPlatformInfo, getDeviceIDs, getDeviceInfo;
    final MethodHandle createContext, releaseContext, createCommandQueue, releaseCommandQueue, flush, finish;
    final MethodHandle createBuffer, releaseMemObject;
    final MethodHandle enqueueWriteBuffer, enqueueReadBuffer, writeBufferFromHeap, readBufferToHeap;
    final MethodHandle enqueueWriteBufferRect, enqueueReadBufferRect, enqueueCopyBuffer;
    final MethodHandle enqueueMapBuffer, enqueueUnmapMemObject;
    final MethodHandle createProgramWithSource, buildProgram, getProgramBuildInfo, releaseProgram;
    final MethodHandle createKernel, setKernelArg, releaseKernel, enqueueNDRangeKernel;
    final MethodHandle waitForEvents, getEventInfo, setEventCallback, retainEvent, releaseEvent;
    /** The C function pointer that OpenCL calls when an event completes; see {@link ClEvent#onComplete}. */
    final MemorySegment eventCallback;

    @SuppressWarnings("restricted")   // binding a native library is what this class is for
    Cl(String library) {
        Linker linker = Linker.nativeLinker();
        if (linker.canonicalLayouts().get("size_t").byteSize() != 8)
            throw new ClUnavailableException("weft-opencl supports 64-bit platforms only");
        SymbolLookup lib = SymbolLookup.libraryLookup(library, Arena.global());
        MemoryLayout i = JAVA_INT, l = JAVA_LONG, p = ADDRESS, s = SIZE_T;
        Binder b = new Binder(lib, linker);
        getPlatformIDs = b.find("clGetPlatformIDs", FunctionDescriptor.of(i, i, p, p));
        getPlatformInfo = b.find("clGetPlatformInfo", FunctionDescriptor.of(i, p, i, s, p, p));
        getDeviceIDs = b.find("clGetDeviceIDs", FunctionDescriptor.of(i, p, l, i, p, p));
        getDeviceInfo = b.find("clGetDeviceInfo", FunctionDescriptor.of(i, p, i, s, p, p));
        createContext = b.find("clCreateContext", FunctionDescriptor.of(p, p, i, p, p, p, p));
        releaseContext = b.find("clReleaseContext", FunctionDescriptor.of(i, p));
        createCommandQueue = b.find("clCreateCommandQueue", FunctionDescriptor.of(p, p, p, l, p));
        releaseCommandQueue = b.find("clReleaseCommandQueue", FunctionDescriptor.of(i, p));
        flush = b.find("clFlush", FunctionDescriptor.of(i, p));
        finish = b.find("clFinish", FunctionDescriptor.of(i, p));
        createBuffer = b.find("clCreateBuffer", FunctionDescriptor.of(p, p, l, s, p, p));
        releaseMemObject = b.find("clReleaseMemObject", FunctionDescriptor.of(i, p));
        FunctionDescriptor rw = FunctionDescriptor.of(i, p, p, i, s, s, p, i, p, p);
        enqueueWriteBuffer = b.find("clEnqueueWriteBuffer", rw);
        enqueueReadBuffer = b.find("clEnqueueReadBuffer", rw);
        writeBufferFromHeap = b.find("clEnqueueWriteBuffer", rw, Linker.Option.critical(true));
        readBufferToHeap = b.find("clEnqueueReadBuffer", rw, Linker.Option.critical(true));
        FunctionDescriptor rect = FunctionDescriptor.of(i, p, p, i, p, p, p, s, s, s, s, p, i, p, p);
        enqueueWriteBufferRect = b.find("clEnqueueWriteBufferRect", rect);
        enqueueReadBufferRect = b.find("clEnqueueReadBufferRect", rect);
        enqueueCopyBuffer = b.find("clEnqueueCopyBuffer", FunctionDescriptor.of(i, p, p, p, s, s, s, i, p, p));
        enqueueMapBuffer = b.find("clEnqueueMapBuffer", FunctionDescriptor.of(p, p, p, i, l, s, s, i, p, p, p));
        enqueueUnmapMemObject = b.find("clEnqueueUnmapMemObject", FunctionDescriptor.of(i, p, p, p, i, p, p));
        createProgramWithSource = b.find("clCreateProgramWithSource", FunctionDescriptor.of(p, p, i, p, p, p));
        buildProgram = b.find("clBuildProgram", FunctionDescriptor.of(i, p, i, p, p, p, p));
        getProgramBuildInfo = b.find("clGetProgramBuildInfo", FunctionDescriptor.of(i, p, p, i, s, p, p));
        releaseProgram = b.find("clReleaseProgram", FunctionDescriptor.of(i, p));
        createKernel = b.find("clCreateKernel", FunctionDescriptor.of(p, p, p, p));
        setKernelArg = b.find("clSetKernelArg", FunctionDescriptor.of(i, p, i, s, p));
        releaseKernel = b.find("clReleaseKernel", FunctionDescriptor.of(i, p));
        enqueueNDRangeKernel = b.find("clEnqueueNDRangeKernel", FunctionDescriptor.of(i, p, p, i, p, p, p, i, p, p));
        waitForEvents = b.find("clWaitForEvents", FunctionDescriptor.of(i, i, p));
        getEventInfo = b.find("clGetEventInfo", FunctionDescriptor.of(i, p, i, s, p, p));
        setEventCallback = b.find("clSetEventCallback", FunctionDescriptor.of(i, p, i, p, p));
        retainEvent = b.find("clRetainEvent", FunctionDescriptor.of(i, p));
        releaseEvent = b.find("clReleaseEvent", FunctionDescriptor.of(i, p));
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(ClEvent.class, "callback",
                    MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class));
            eventCallback = linker.upcallStub(target, FunctionDescriptor.ofVoid(p, i, p), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the event callback of ClEvent is missing", e);
        }
    }

    /** Throws a {@link ClException} naming {@code call} unless {@code rc} is CL_SUCCESS. */
    static void check(int rc, String call) {
        if (rc != SUCCESS) throw new ClException(call, rc);
    }

    /**
     * A string property of an OpenCL object, read with {@code getInfo} ({@code clGetPlatformInfo} or
     * {@code clGetDeviceInfo}, which share a signature): its size first, then its bytes.
     */
    static String infoString(MethodHandle getInfo, String call, MemorySegment object, int param) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(SIZE_T);
            call(call, () -> (int) getInfo.invokeExact(object, param, 0L, MemorySegment.NULL, size));
            long n = size.get(JAVA_LONG, 0);
            MemorySegment value = a.allocate(Math.max(n, 1));
            call(call, () -> (int) getInfo.invokeExact(object, param, n, value, MemorySegment.NULL));
            return value.getString(0).strip();
        }
    }

    /** A downcall returning an OpenCL status. */
    interface StatusCall {
        int run() throws Throwable;
    }

    /** A downcall that creates an object and reports its status through {@code errcode}. */
    interface CreateCall {
        MemorySegment run(MemorySegment errcode) throws Throwable;
    }

    /** Runs {@code c}; throws a {@link ClException} naming {@code name} if it fails. */
    static void call(String name, StatusCall c) {
        int rc;
        try {
            rc = c.run();
        } catch (Error | ClException e) {
            throw e;
        } catch (Throwable e) {
            throw new ClException(name + ": " + e);
        }
        check(rc, name);
    }

    /** Runs {@code c} and returns the object it created; throws a {@link ClException} naming {@code name} if it fails. */
    static MemorySegment create(String name, CreateCall c) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errcode = a.allocate(JAVA_INT);
            MemorySegment made;
            try {
                made = c.run(errcode);
            } catch (Error | ClException e) {
                throw e;
            } catch (Throwable e) {
                throw new ClException(name + ": " + e);
            }
            check(errcode.get(JAVA_INT, 0), name);
            if (made.equals(MemorySegment.NULL)) throw new ClException(name + " returned NULL with CL_SUCCESS");
            return made;
        }
    }

    private record Binder(SymbolLookup lib, Linker linker) {
        MethodHandle find(String name, FunctionDescriptor d, Linker.Option... options) {
            Optional<MemorySegment> symbol = lib.find(name);
            if (symbol.isEmpty())
                throw new ClUnavailableException("the OpenCL loader has no symbol " + name + ": it is older than OpenCL 1.2");
            return linker.downcallHandle(symbol.get(), d, options);
        }
    }
}
