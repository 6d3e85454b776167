package org.weft.data;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The storage identity of native (off-heap) memory that is not {@linkplain #register registered}. Views over such
 * {@code MemorySegment}s express their spans as absolute addresses relative to this single base, so two segments
 * that share memory (slices of one allocation, or two wrappers of one address) alias exactly, whatever objects wrap
 * them.
 *
 * <p><b>Registered roots.</b> {@link #register} makes a range of native memory a root of its own
 * ({@link NativeRoot}), as an array is: views created over memory inside it name the root, with spans relative to
 * its start, and its data can be placed in memory spaces. A view made before the registration still names this
 * base; the runtime rebases it onto the root when a task is spawned with it, so two tasks spawned after the
 * registration are ordered exactly whichever views they use. Register before spawning tasks on the memory: a task
 * spawned before the registration and one spawned after are not ordered against each other, and a view made before
 * it can be used on the host only (a placed task must be given views made after). The registry is process-wide, as
 * native addresses are. Thread-safe.
 */
public final class NativeMemory {
    /** The one base object of native memory outside registered roots. */
    public static final NativeMemory BASE = new NativeMemory();

    private static final ConcurrentSkipListMap<Long, NativeRoot> ROOTS = new ConcurrentSkipListMap<>();

    private NativeMemory() {
    }

    /**
     * Registers {@code segment} (native, non-empty) as a root: views over memory inside it name the returned root.
     *
     * @throws IllegalArgumentException if it is not native memory, is empty, or overlaps a registered root
     */
    public static synchronized NativeRoot register(MemorySegment segment) {
        if (!segment.isNative()) throw new IllegalArgumentException("register(" + segment + "): only native memory is registered; an array is a root already");
        if (segment.byteSize() == 0) throw new IllegalArgumentException("register(" + segment + "): an empty segment is no root");
        long lo = segment.address(), hi = lo + segment.byteSize();
        Map.Entry<Long, NativeRoot> below = ROOTS.floorEntry(hi - 1);
        if (below != null && below.getValue().address() + below.getValue().byteSize() > lo)
            throw new IllegalArgumentException("register(" + segment + "): it overlaps " + below.getValue() + " at address " + below.getKey());
        NativeRoot root = new NativeRoot(segment);
        ROOTS.put(lo, root);
        return root;
    }

    /** Removes {@code root} from the registry: views made afterwards over its memory name {@link #BASE} again. */
    public static synchronized void unregister(NativeRoot root) {
        ROOTS.remove(root.address(), root);
    }

    /** The registered root containing bytes {@code [address, address + length)}, or null (also if they straddle its end). */
    public static NativeRoot rootOf(long address, long length) {
        if (ROOTS.isEmpty()) return null;
        Map.Entry<Long, NativeRoot> e = ROOTS.floorEntry(address);
        if (e == null) return null;
        NativeRoot r = e.getValue();
        return address + length <= r.address() + r.byteSize() ? r : null;
    }

    /** True if some root is registered: one read, for the paths that normalize views. */
    public static boolean hasRoots() {
        return !ROOTS.isEmpty();
    }

    @Override
    public String toString() {
        return "native memory";
    }
}
