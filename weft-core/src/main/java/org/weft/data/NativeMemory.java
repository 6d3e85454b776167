package org.weft.data;

/**
 * The storage identity of all native (off-heap) memory. Views over native {@code MemorySegment}s express
 * their spans as absolute addresses relative to this single base, so two segments that share memory
 * (slices of one allocation, or two wrappers of one address) alias exactly, whatever objects wrap them.
 */
public final class NativeMemory {
    /** The one base object of native memory. */
    public static final NativeMemory BASE = new NativeMemory();

    private NativeMemory() {
    }

    @Override
    public String toString() {
        return "native memory";
    }
}
