package org.weft.data;

/**
 * The exact memory a task argument covers: a set of byte spans over one base storage.
 *
 * <p>Aliasing in Weft is decided on these spans and nothing else: two views alias if and only if they have
 * the same {@link #base()} and some span of one intersects some span of the other. Offsets are in
 * bytes so that views of different element types over the same storage (a {@code double[]} seen as a
 * {@link DoubleSlice} and as a heap {@code MemorySegment}) compare exactly.
 *
 * <p>Contract, checked by the runtime at spawn for views it did not create: the base is not null; spans are
 * listed in ascending order, have positive length, do not overlap, and lie inside the base (for an array
 * base, inside {@code [0, length * elementBytes)}). Spans may touch. A view with no span is empty: a valid
 * datum (an empty range, a block with no rows) that aliases nothing, so a task never waits because of it. Built-in views use as few spans as their shape
 * allows cheaply: a contiguous slice, or a matrix block whose columns are contiguous, is a single span.
 *
 * <p>Implement this interface for a user-defined shape (a band, a stencil, a block-sparse pattern);
 * {@link Views#custom} builds one from explicit span lists. Implementations must be immutable.
 */
public interface View {

    /**
     * The storage identity the spans are relative to: the Java array for heap data, the heap array of a
     * heap {@code MemorySegment}, {@link NativeMemory#BASE} (absolute addresses) for native memory, or the
     * object itself for a whole-object datum.
     */
    Object base();

    /** Number of disjoint spans; zero for an empty view. */
    int spanCount();

    /** Byte offset of span {@code i} within {@link #base()}. */
    long spanStart(int i);

    /** Byte length of span {@code i}; positive. */
    long spanLength(int i);

    /** Total bytes covered. */
    default long byteSize() {
        long s = 0;
        for (int i = 0, n = spanCount(); i < n; i++) s += spanLength(i);
        return s;
    }
}
