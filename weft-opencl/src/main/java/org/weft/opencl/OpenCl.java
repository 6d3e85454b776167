package org.weft.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The OpenCL platforms and devices of this machine, reached through the ICD loader by FFM.
 *
 * <p>{@link #get()} loads {@code libOpenCL.so.1} (or the library named by the system property
 * {@value #PATH_PROPERTY}) once, lists every device of every platform, and keeps them; if there is no loader or
 * no device it throws a {@link ClUnavailableException} saying what to install, every time it is called.
 * {@link #unavailableReason()} asks the same without throwing, for callers (and tests) that go on without OpenCL.
 *
 * <p>Thread-safe.
 */
public final class OpenCl {
    static final String PATH_PROPERTY = "weft.opencl";
    static final String DEFAULT_LIBRARY = "libOpenCL.so.1";

    private static final Object LOCK = new Object();
    private static volatile OpenCl instance;
    private static ClUnavailableException failure;

    final Cl cl;
    private final List<ClDevice> devices;

    private OpenCl(Cl cl, List<ClDevice> devices) {
        this.cl = cl;
        this.devices = List.copyOf(devices);
    }

    /** The machine's OpenCL; throws {@link ClUnavailableException} if there is none. */
    public static OpenCl get() {
        OpenCl o = instance;
        if (o != null) return o;
        synchronized (LOCK) {
            if (instance == null) {
                if (failure != null) throw failure;
                try {
                    instance = load(System.getProperty(PATH_PROPERTY, DEFAULT_LIBRARY));
                } catch (ClUnavailableException e) {
                    failure = e;
                    throw e;
                }
            }
            return instance;
        }
    }

    /** Why OpenCL cannot be used here, or empty if {@link #get()} succeeds. */
    public static Optional<String> unavailableReason() {
        try {
            get();
            return Optional.empty();
        } catch (ClUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Every device of every platform, in the order the platforms list them. */
    public List<ClDevice> devices() {
        return devices;
    }

    /** A context with one in-order command queue on {@code device}. */
    public ClContext createContext(ClDevice device) {
        return new ClContext(cl, device);
    }

    private static OpenCl load(String library) {
        Cl cl;
        try {
            cl = new Cl(library);
        } catch (IllegalArgumentException e) {
            throw new ClUnavailableException("the OpenCL loader (" + library + ") could not be loaded: " + e.getMessage()
                    + ". Install it with a platform (Debian/Ubuntu, CPU only: apt-get install ocl-icd-libopencl1 pocl-opencl-icd),"
                    + " or point the system property " + PATH_PROPERTY + " at a libOpenCL.so");
        }
        List<ClDevice> found = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(JAVA_INT);
            int rc = (int) cl.getPlatformIDs.invokeExact(0, MemorySegment.NULL, count);
            if (rc == -1001 || (rc == Cl.SUCCESS && count.get(JAVA_INT, 0) == 0))
                throw new ClUnavailableException("the OpenCL loader finds no platform: install one "
                        + "(Debian/Ubuntu, CPU only: apt-get install pocl-opencl-icd; GPUs: the vendor's ICD)");
            Cl.check(rc, "clGetPlatformIDs");
            int n = count.get(JAVA_INT, 0);
            MemorySegment platforms = a.allocate(ADDRESS, n);
            Cl.check((int) cl.getPlatformIDs.invokeExact(n, platforms, MemorySegment.NULL), "clGetPlatformIDs");
            for (int k = 0; k < n; k++) {
                MemorySegment platform = platforms.getAtIndex(ADDRESS, k);
                String platformName = Cl.infoString(cl.getPlatformInfo, "clGetPlatformInfo", platform, Cl.PLATFORM_NAME);
                rc = (int) cl.getDeviceIDs.invokeExact(platform, Cl.DEVICE_TYPE_ALL, 0, MemorySegment.NULL, count);
                if (rc == -1) continue;        // CL_DEVICE_NOT_FOUND: a platform without devices
                Cl.check(rc, "clGetDeviceIDs");
                int m = count.get(JAVA_INT, 0);
                MemorySegment ids = a.allocate(ADDRESS, m);
                Cl.check((int) cl.getDeviceIDs.invokeExact(platform, Cl.DEVICE_TYPE_ALL, m, ids, MemorySegment.NULL), "clGetDeviceIDs");
                for (int d = 0; d < m; d++) found.add(ClDevice.describe(cl, ids.getAtIndex(ADDRESS, d), platformName, found.size()));
            }
        } catch (ClException e) {
            throw e instanceof ClUnavailableException u ? u : new ClUnavailableException("OpenCL is installed but failed: " + e.getMessage());
        } catch (Throwable e) {
            throw new ClUnavailableException("OpenCL is installed but failed: " + e);
        }
        if (found.isEmpty()) throw new ClUnavailableException("no OpenCL platform has a device");
        return new OpenCl(cl, found);
    }
}
