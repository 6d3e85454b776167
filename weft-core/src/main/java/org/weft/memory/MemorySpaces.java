package org.weft.memory;

import org.weft.data.Views;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The built-in memory spaces. */
public final class MemorySpaces {
    private MemorySpaces() {
    }

    private static final MemorySpace HOST = new Host();

    /** The host heap: the user's own arrays and objects. Tasks run here unless placed elsewhere; it never copies. */
    public static MemorySpace host() {
        return HOST;
    }

    /**
     * A new off-heap space: replicas in native memory, so BLAS and other native code read them in place. Freed replicas
     * are kept for reuse (up to 1 GiB), since allocating native memory for every region costs more than the copies. A {@code Matrix} parameter receives the same block over the replica segment, a {@code View} or
     * {@code SegmentSlice} parameter a segment slice of the same bytes, a {@code MemorySegment} parameter the
     * replica of a whole array; an array or array-slice parameter cannot be handed native memory.
     */
    public static MemorySpace offHeap(String name) {
        return new OffHeap(name);
    }

    /**
     * A new heap-mirror space: replicas are separate Java arrays of the same type. Every parameter type the host
     * accepts is presented (a slice of the mirror array, a matrix over it, the mirror array itself), so any Java
     * task can run here; copies between the home array and the mirror are counted like a device's. For testing
     * placement and coherence, and as the replica form of a remote member.
     */
    public static MemorySpace heapMirror(String name) {
        return new HeapMirror(name);
    }

    private static final class Host implements MemorySpace {
        @Override public String name() { return "host"; }
        @Override public boolean hostAddressable() { return true; }
        @Override public long capacity() { return Long.MAX_VALUE; }
        @Override public Replica allocate(Object root, long offset, long byteSize) { throw new UnsupportedOperationException("the host holds the roots themselves"); }
        @Override public void copy(Object home, Replica replica, boolean toReplica, ByteRuns runs, Landing done) { done.landed(); }
        @Override public boolean canPresent(Object datum, Class<?> type) { return true; }
        @Override public Object present(Replica replica, Object datum, Class<?> type) { return datum; }
        @Override public String toString() { return "host"; }
    }

    /**
     * Copies {@code runs} (root bytes) between a root's bytes {@code home} and a replica's storage {@code replica} that
     * holds root bytes from {@code replicaOffset} on, towards the replica if {@code toReplica}: what a space whose
     * replicas are memory does per copy.
     */
    public static void copyRuns(MemorySegment home, MemorySegment replica, long replicaOffset, boolean toReplica, ByteRuns runs) {
        for (int i = 0, n = runs.count(); i < n; i++) {
            long s = runs.start(i);
            if (toReplica) copyBytes(home, s, replica, s - replicaOffset, runs.length(i));
            else copyBytes(replica, s - replicaOffset, home, s, runs.length(i));
        }
    }

    /**
     * Copies {@code bytes} bytes from {@code src} at {@code srcOffset} to {@code dst} at {@code dstOffset} (which must
     * not overlap), as one bulk memory copy whatever the size. Every copy of data bytes in Weft goes through here.
     *
     * <p>Why not {@code MemorySegment.copy(src, srcOffset, dst, dstOffset, bytes)}: in JDK 25 that method copies fewer
     * than 64 bytes with a Java loop of 8-byte moves, and C2 can compile that loop, inlined into a caller, so that it
     * skips a move. Seen on 25.0.3: once such a caller was compiled, every 32-byte copy between two {@code long[]}
     * left the second element unchanged, in every later call, so a device's write never came home (found by the
     * fault-injection scenario, reproduced by calling this class's copy directly after the failure, and only under
     * some profiles). The element-wise form used here always makes one {@code Unsafe.copyMemory}, the arraycopy stub,
     * and never runs that loop.
     */
    public static void copyBytes(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long bytes) {
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset, dst, ValueLayout.JAVA_BYTE, dstOffset, bytes);
    }

    /**
     * The bytes of a root as a segment: a primitive array's (a heap segment) or a registered native root's. For spaces
     * that copy runs between a root's home and their replicas.
     *
     * @throws IllegalArgumentException for anything else (a {@code boolean[]} included: it has no defined layout)
     */
    public static MemorySegment bytesOf(Object array) {
        if (array instanceof org.weft.data.NativeRoot r) return r.segment();
        if (array instanceof double[] a) return MemorySegment.ofArray(a);
        if (array instanceof long[] a) return MemorySegment.ofArray(a);
        if (array instanceof float[] a) return MemorySegment.ofArray(a);
        if (array instanceof int[] a) return MemorySegment.ofArray(a);
        if (array instanceof short[] a) return MemorySegment.ofArray(a);
        if (array instanceof char[] a) return MemorySegment.ofArray(a);
        if (array instanceof byte[] a) return MemorySegment.ofArray(a);
        throw new IllegalArgumentException("a " + (array == null ? "null" : array.getClass().getSimpleName())
                + " has no replica: only primitive arrays (except boolean[]) and registered native roots do");
    }

    /**
     * True if {@code datum} rebuilt over a {@code MemorySegment} holding its root's bytes ({@link Views#rebase}) is
     * something a parameter of type {@code type} accepts: a {@code Matrix}, triangle or diagonal over the segment, a
     * {@code SegmentSlice} for an array slice or a segment slice, the segment itself for a whole primitive array. An
     * array or array-slice parameter cannot be handed native memory. For spaces whose replicas are native memory while
     * a body runs (the off-heap space, a mapped device buffer).
     */
    public static boolean presentableOverSegment(Object datum, Class<?> type) {
        if (datum == null) return false;
        if (datum.getClass().isArray()) return datum.getClass().getComponentType().isPrimitive() && type.isAssignableFrom(MemorySegment.class);
        if (datum instanceof org.weft.data.ArraySlice) return type.isAssignableFrom(org.weft.data.SegmentSlice.class);
        if (datum instanceof org.weft.data.SegmentSlice s) return s.base() instanceof org.weft.data.NativeRoot && type.isInstance(datum);
        if (datum instanceof org.weft.data.Matrix m && m.base() instanceof org.weft.data.NativeRoot) return type.isInstance(datum);
        if (datum instanceof org.weft.data.Matrix m) return m.array() != null && type.isInstance(datum);
        if (datum instanceof org.weft.data.Triangle t) return t.matrix().array() != null && type.isInstance(datum);
        if (datum instanceof org.weft.data.Diagonal d) return d.matrix().array() != null && type.isInstance(datum);
        return false;
    }

    /** A replica of a whole root whose storage needs nothing to be given back (the collector frees it). */
    private record OnHeap(Object storage, long byteSize) implements Replica {
        @Override
        public void free() {
        }
    }

    /** An off-heap replica of root bytes from {@code offset} on; freeing it gives its memory back to its space's pool. */
    private record Pooled(Object storage, long offset, long byteSize, OffHeap space) implements Replica {
        @Override
        public void free() {
            space.release((MemorySegment) storage);
        }
    }

    private static final class OffHeap implements MemorySpace {
        /** Freed replicas kept for reuse, at most this many bytes: allocating and zeroing native memory per region costs. */
        private static final long POOL_BYTES = 1L << 30;
        private final String name;
        private final java.util.ArrayDeque<MemorySegment> pool = new java.util.ArrayDeque<>();
        private long pooled;

        OffHeap(String name) {
            this.name = name;
        }

        @Override public String name() { return name; }
        @Override public boolean hostAddressable() { return true; }
        @Override public long capacity() { return Long.MAX_VALUE; }

        /**
         * A segment of {@code byteSize} bytes: a freed one of that size if the pool has one (its contents are stale,
         * which a replica's may be), else a new one from an automatic arena, which the collector frees once no replica
         * or pool holds it.
         */
        @Override
        public Replica allocate(Object root, long offset, long byteSize) {
            long size = Math.max(byteSize, 1);
            synchronized (pool) {
                for (java.util.Iterator<MemorySegment> it = pool.iterator(); it.hasNext(); ) {
                    MemorySegment s = it.next();
                    if (s.byteSize() == size) {
                        it.remove();
                        pooled -= size;
                        return new Pooled(s, offset, byteSize, this);
                    }
                }
            }
            return new Pooled(Arena.ofAuto().allocate(size, 64), offset, byteSize, this);
        }

        /** Keeps a freed replica's memory for the next allocation of its size, within {@link #POOL_BYTES}. */
        void release(MemorySegment s) {
            synchronized (pool) {
                while (!pool.isEmpty() && pooled + s.byteSize() > POOL_BYTES) pooled -= pool.removeFirst().byteSize();
                if (s.byteSize() <= POOL_BYTES) {
                    pool.addLast(s);
                    pooled += s.byteSize();
                }
            }
        }

        @Override
        public void copy(Object home, Replica replica, boolean toReplica, ByteRuns runs, Landing done) {
            try {
                copyRuns(bytesOf(home), (MemorySegment) replica.storage(), replica.offset(), toReplica, runs);
            } catch (Throwable e) {
                done.failed(e);
                return;
            }
            done.landed();
        }

        @Override
        public boolean canPresent(Object datum, Class<?> type) {
            return presentableOverSegment(datum, type);
        }

        @Override
        public Object present(Replica replica, Object datum, Class<?> type) {
            return Views.rebase(datum, replica.storage(), replica.offset());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final class HeapMirror implements MemorySpace {
        private final String name;

        HeapMirror(String name) {
            this.name = name;
        }

        @Override public String name() { return name; }
        @Override public boolean hostAddressable() { return true; }
        @Override public long capacity() { return Long.MAX_VALUE; }

        /** A mirror of the whole root, whatever window was asked for. */
        @Override
        public Replica allocate(Object root, long offset, long byteSize) {
            Object mirror = root instanceof org.weft.data.NativeRoot r ? new byte[Math.toIntExact(r.segment().byteSize())]
                    : java.lang.reflect.Array.newInstance(root.getClass().getComponentType(), java.lang.reflect.Array.getLength(root));
            return new OnHeap(mirror, bytesOf(mirror).byteSize());
        }

        @Override
        public void copy(Object home, Replica replica, boolean toReplica, ByteRuns runs, Landing done) {
            try {
                copyRuns(bytesOf(home), bytesOf(replica.storage()), 0, toReplica, runs);
            } catch (Throwable e) {
                done.failed(e);
                return;
            }
            done.landed();
        }

        @Override
        public boolean canPresent(Object datum, Class<?> type) {
            if (datum == null || !type.isInstance(datum)) return false;
            if (datum.getClass().isArray()) return datum.getClass().getComponentType().isPrimitive();
            if (datum instanceof org.weft.data.View v && v.base() instanceof org.weft.data.NativeRoot)
                return datum instanceof org.weft.data.SegmentSlice || datum instanceof org.weft.data.Matrix;
            return datum instanceof org.weft.data.View v && Views.rebase(datum, v.base()) != null;
        }

        @Override
        public Object present(Replica replica, Object datum, Class<?> type) {
            return Views.rebase(datum, replica.storage());
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
