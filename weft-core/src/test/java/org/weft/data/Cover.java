package org.weft.data;

import java.util.BitSet;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory a view should cover, computed by brute force from what the test knows about the view (its
 * recipe, its cells, its elements), never from the view's spans. A cover is a set of bytes relative to an
 * origin in one storage, named by the storage identity the view is expected to report as its base.
 *
 * <p>For heap data the origin is byte 0 of the array; for native memory it is the address of the one
 * allocation a test works on, so covers of different native allocations must not be compared.
 */
final class Cover {
    final Object base;
    final long origin;
    final BitSet bytes = new BitSet();

    private Cover(Object base, long origin) {
        this.base = Objects.requireNonNull(base);
        this.origin = origin;
    }

    /** An empty cover of a heap array, or of an object tracked as a whole. */
    static Cover of(Object base) {
        return new Cover(base, 0);
    }

    /** An empty cover of native memory whose byte 0 is at absolute address {@code origin}. */
    static Cover nativeAt(long origin) {
        return new Cover(NativeMemory.BASE, origin);
    }

    Cover addBytes(long from, long count) {
        assertTrue(from >= 0 && count >= 0 && from + count <= Integer.MAX_VALUE, "test bug: bytes " + from + " + " + count);
        bytes.set((int) from, (int) (from + count));
        return this;
    }

    /** Adds element {@code index} of an array of {@code elementBytes}-byte elements. */
    Cover addElement(long index, int elementBytes) {
        return addBytes(index * elementBytes, elementBytes);
    }

    long size() {
        return bytes.cardinality();
    }

    /** Bytes in common; zero for different storages. */
    long overlap(Cover other) {
        if (base != other.base) return 0;
        BitSet common = (BitSet) bytes.clone();
        common.and(other.bytes);
        return common.cardinality();
    }

    /** The bytes the spans of {@code v} cover, relative to {@code origin}; fails on overlapping spans. */
    static BitSet spanBytes(View v, long origin) {
        BitSet out = new BitSet();
        for (int i = 0; i < v.spanCount(); i++) {
            long from = v.spanStart(i) - origin, len = v.spanLength(i);
            assertTrue(from >= 0 && len > 0 && from + len <= Integer.MAX_VALUE,
                    () -> "span outside the storage under test: " + v);
            assertTrue(out.nextSetBit((int) from) < 0 || out.nextSetBit((int) from) >= from + len,
                    () -> "spans of " + v + " overlap each other");
            out.set((int) from, (int) (from + len));
        }
        return out;
    }

    /** Asserts that {@code v} is over this cover's storage and that its spans cover exactly these bytes. */
    void assertCoveredExactlyBy(View v) {
        assertSame(base, v.base(), () -> "base of " + v);
        assertEquals(bytes, spanBytes(v, origin), () -> "bytes covered by the spans of " + v);
    }

    @Override
    public String toString() {
        return "cover of " + (base instanceof NativeMemory ? "native memory" : base.getClass().getSimpleName()) + " " + bytes;
    }
}
