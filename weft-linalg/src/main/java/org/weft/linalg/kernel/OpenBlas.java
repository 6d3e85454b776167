package org.weft.linalg.kernel;

import org.weft.linalg.NativeLibraryException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcall handles into the system's OpenBLAS ({@code libopenblas.so.0}): the CBLAS level-3 routines and the
 * Fortran entry points of its LAPACK.
 *
 * <p>LAPACK is called through its Fortran symbols ({@code dpotrf_}, ...) in the same library, as
 * {@code LAPACKE_dpotrf_work} does for column-major input: every argument by reference, and the hidden length
 * of each character argument as a trailing {@code size_t} (gfortran's convention). Loading
 * {@code liblapacke.so.3} instead would resolve its LAPACK symbols through {@code liblapack.so.3}, a second copy
 * on Debian, whereas a C program linked with {@code -lopenblas -llapacke} gets OpenBLAS's own; calling
 * {@code libopenblas.so.0} directly runs exactly the kernels the C anchors run.
 *
 * <p>The library is loaded on first use and told to run every call on the calling thread
 * ({@code openblas_set_num_threads(1)}): Weft runs tile kernels in parallel, one per worker. If it cannot be
 * loaded, {@link #get()} throws a {@link NativeLibraryException} saying which package to install. The
 * library path can be overridden with the system property {@value #PATH_PROPERTY}.
 *
 * <p>Thread-safe: the handles are immutable and OpenBLAS is reentrant in single-threaded mode.
 */
final class OpenBlas {
    static final String PATH_PROPERTY = "weft.openblas";
    static final String DEFAULT_LIBRARY = "libopenblas.so.0";

    private static final Object LOCK = new Object();
    private static volatile OpenBlas instance;
    private static NativeLibraryException failure;

    final MethodHandle dgemm, dtrsm, dsyrk;
    final MethodHandle dpotrf, dgeqrt, dgemqrt, dtpqrt, dtpmqrt, dgetrf, dgeqrf;
    final String config;

    /** The loaded library; throws {@link NativeLibraryException} if it is not installed. */
    static OpenBlas get() {
        OpenBlas o = instance;
        if (o != null) return o;
        synchronized (LOCK) {
            if (instance == null) {
                if (failure != null) throw failure;
                try {
                    instance = new OpenBlas(System.getProperty(PATH_PROPERTY, DEFAULT_LIBRARY));
                } catch (NativeLibraryException e) {
                    failure = e;
                    throw e;
                }
            }
            return instance;
        }
    }

    @SuppressWarnings("restricted")   // loading a native library is what this class is for
    OpenBlas(String library) {
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new NativeLibraryException("OpenBLAS (" + library + ") could not be loaded: " + e.getMessage()
                    + ". Install it (Debian/Ubuntu: apt-get install libopenblas0-pthread), or point the system property "
                    + PATH_PROPERTY + " at a libopenblas.so.", e);
        }
        Linker linker = Linker.nativeLinker();
        Handles h = new Handles(lib, linker, library);
        MemoryLayout i = JAVA_INT, d = JAVA_DOUBLE, p = ADDRESS, len = JAVA_LONG;
        dgemm = h.find("cblas_dgemm", FunctionDescriptor.ofVoid(i, i, i, i, i, i, d, p, i, p, i, d, p, i));
        dtrsm = h.find("cblas_dtrsm", FunctionDescriptor.ofVoid(i, i, i, i, i, i, i, d, p, i, p, i));
        dsyrk = h.find("cblas_dsyrk", FunctionDescriptor.ofVoid(i, i, i, i, i, d, p, i, d, p, i));
        dpotrf = h.find("dpotrf_", FunctionDescriptor.ofVoid(p, p, p, p, p, len));
        dgeqrt = h.find("dgeqrt_", FunctionDescriptor.ofVoid(p, p, p, p, p, p, p, p, p));
        dgemqrt = h.find("dgemqrt_", FunctionDescriptor.ofVoid(p, p, p, p, p, p, p, p, p, p, p, p, p, p, len, len));
        dtpqrt = h.find("dtpqrt_", FunctionDescriptor.ofVoid(p, p, p, p, p, p, p, p, p, p, p, p));
        dtpmqrt = h.find("dtpmqrt_", FunctionDescriptor.ofVoid(p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, len, len));
        dgetrf = h.find("dgetrf_", FunctionDescriptor.ofVoid(p, p, p, p, p, p));
        dgeqrf = h.find("dgeqrf_", FunctionDescriptor.ofVoid(p, p, p, p, p, p, p, p));
        MethodHandle setThreads = h.find("openblas_set_num_threads", FunctionDescriptor.ofVoid(i));
        MethodHandle getConfig = h.find("openblas_get_config", FunctionDescriptor.of(p));
        try {
            setThreads.invokeExact(1);
            MemorySegment s = (MemorySegment) getConfig.invokeExact();
            config = s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw new NativeLibraryException("initializing OpenBLAS (" + library + ") failed: " + t, t);
        }
    }


    private record Handles(SymbolLookup lib, Linker linker, String library) {
        @SuppressWarnings("restricted")
        MethodHandle find(String name, FunctionDescriptor fd) {
            MemorySegment symbol = lib.find(name).orElseThrow(() -> new NativeLibraryException(
                    library + " has no symbol " + name + "; Weft needs OpenBLAS 0.3 with its LAPACK "
                            + "(Debian/Ubuntu: apt-get install libopenblas0-pthread)", null));
            return linker.downcallHandle(symbol, fd);
        }
    }
}
