package org.weft.data;

import java.lang.foreign.MemorySegment;

/**
 * A registered range of native memory: a storage root of its own, as an array is for heap data
 * ({@link NativeMemory#register}). Views over memory inside it name it as their {@link View#base()}, with spans
 * relative to its first byte, so a replica of it in another memory space has the same bytes at the same offsets,
 * and data in it can be placed and copied like an array's. Identity is the root: two registrations are two roots.
 */
public final class NativeRoot {
    private final MemorySegment segment;

    NativeRoot(MemorySegment segment) {
        this.segment = segment;
    }

    /** The registered memory. */
    public MemorySegment segment() {
        return segment;
    }

    public long address() {
        return segment.address();
    }

    public long byteSize() {
        return segment.byteSize();
    }

    @Override
    public String toString() {
        return "native root of " + segment.byteSize() + " bytes";
    }
}
