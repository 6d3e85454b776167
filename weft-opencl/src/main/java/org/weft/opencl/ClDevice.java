package org.weft.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One OpenCL device and what Weft needs to know of it: its kind, its memory, whether it shares memory with the
 * host ({@link #hostUnifiedMemory()}: a mapped buffer is then the device's own storage, so a Java body can work on
 * it without a copy), and whether it computes in double precision. Immutable.
 */
public final class ClDevice {
    /** The kind of device, from {@code CL_DEVICE_TYPE}. */
    public enum Kind { CPU, GPU, ACCELERATOR, OTHER }

    final MemorySegment id;
    private final int index;
    private final String name, vendor, version, platform;
    private final Kind kind;
    private final int computeUnits;
    private final long globalMemBytes, maxAllocBytes;
    private final int baseAddressAlignBytes;
    private final boolean hostUnifiedMemory, doublePrecision;

    private ClDevice(MemorySegment id, int index, String name, String vendor, String version, String platform, Kind kind,
                     int computeUnits, long globalMemBytes, long maxAllocBytes, int baseAddressAlignBytes,
                     boolean hostUnifiedMemory, boolean doublePrecision) {
        this.id = id;
        this.index = index;
        this.name = name;
        this.vendor = vendor;
        this.version = version;
        this.platform = platform;
        this.kind = kind;
        this.computeUnits = computeUnits;
        this.globalMemBytes = globalMemBytes;
        this.maxAllocBytes = maxAllocBytes;
        this.baseAddressAlignBytes = baseAddressAlignBytes;
        this.hostUnifiedMemory = hostUnifiedMemory;
        this.doublePrecision = doublePrecision;
    }

    static ClDevice describe(Cl cl, MemorySegment id, String platform, int index) throws Throwable {
        long type = info(cl, id, Cl.DEVICE_TYPE, 8).get(JAVA_LONG, 0);
        Kind kind = (type & Cl.DEVICE_TYPE_GPU) != 0 ? Kind.GPU : (type & Cl.DEVICE_TYPE_CPU) != 0 ? Kind.CPU
                : (type & Cl.DEVICE_TYPE_ACCELERATOR) != 0 ? Kind.ACCELERATOR : Kind.OTHER;
        return new ClDevice(id, index, string(cl, id, Cl.DEVICE_NAME), string(cl, id, Cl.DEVICE_VENDOR),
                string(cl, id, Cl.DEVICE_VERSION), platform, kind,
                info(cl, id, Cl.DEVICE_MAX_COMPUTE_UNITS, 4).get(JAVA_INT, 0),
                info(cl, id, Cl.DEVICE_GLOBAL_MEM_SIZE, 8).get(JAVA_LONG, 0),
                info(cl, id, Cl.DEVICE_MAX_MEM_ALLOC_SIZE, 8).get(JAVA_LONG, 0),
                info(cl, id, Cl.DEVICE_MEM_BASE_ADDR_ALIGN, 4).get(JAVA_INT, 0) / 8,
                info(cl, id, Cl.DEVICE_HOST_UNIFIED_MEMORY, 4).get(JAVA_INT, 0) != 0,
                info(cl, id, Cl.DEVICE_DOUBLE_FP_CONFIG, 8).get(JAVA_LONG, 0) != 0);
    }

    private static MemorySegment info(Cl cl, MemorySegment id, int param, long bytes) throws Throwable {
        MemorySegment value = Arena.ofAuto().allocate(bytes, 8);
        Cl.check((int) cl.getDeviceInfo.invokeExact(id, param, bytes, value, MemorySegment.NULL), "clGetDeviceInfo");
        return value;
    }

    private static String string(Cl cl, MemorySegment id, int param) {
        return Cl.infoString(cl.getDeviceInfo, "clGetDeviceInfo", id, param);
    }

    /** Position in {@link OpenCl#devices()}. */
    public int index() { return index; }

    public String name() { return name; }

    public String vendor() { return vendor; }

    /** The OpenCL version the device reports, e.g. {@code "OpenCL 3.0 PoCL ..."}. */
    public String version() { return version; }

    /** The name of the platform (driver) the device belongs to. */
    public String platform() { return platform; }

    public Kind kind() { return kind; }

    public int computeUnits() { return computeUnits; }

    public long globalMemBytes() { return globalMemBytes; }

    /** The largest single buffer the device accepts. */
    public long maxAllocBytes() { return maxAllocBytes; }

    /** The alignment, in bytes, that the device wants for the host memory it shares ({@code CL_DEVICE_MEM_BASE_ADDR_ALIGN}). */
    public int baseAddressAlignBytes() { return baseAddressAlignBytes; }

    /** True if the device and the host share memory, so mapping a buffer costs no copy. */
    public boolean hostUnifiedMemory() { return hostUnifiedMemory; }

    /** True if kernels may use {@code double}. */
    public boolean doublePrecision() { return doublePrecision; }

    @Override
    public String toString() {
        return "OpenCL device " + index + ": " + name + " (" + kind + ", " + platform + ", " + computeUnits + " compute units, "
                + (globalMemBytes >> 20) + " MiB" + (hostUnifiedMemory ? ", unified with the host" : "") + ")";
    }
}
