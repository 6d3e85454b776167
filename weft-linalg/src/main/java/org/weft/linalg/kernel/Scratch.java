package org.weft.linalg.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-thread native scratch memory for kernel calls, allocated as a stack: a call takes a {@link #mark()},
 * allocates what it needs, and {@link #release releases} back to the mark when it returns.
 *
 * <p>Why not an arena per call: a confined arena zeroes what it allocates and returns it to malloc on close,
 * and for buffers of a tile's size (hundreds of KiB) malloc maps fresh pages each time, so every call paid
 * page faults and zeroing of memory it then overwrote; measured, this tripled the cost of a 256 x 256 potrf
 * with its backup copy. Scratch chunks stay mapped for the life of their thread, so after the first tiles a
 * call allocates by moving an offset. Memory is not zeroed.
 *
 * <p>Chunks are never moved (pointers handed out stay valid until released); a request that does not fit
 * the current chunk goes on to the next, allocating one of at least twice the size when none is left. A
 * thread holds at most what its deepest call needed at once. Confined to its thread by construction.
 */
final class Scratch {
    private static final long MIN_CHUNK = 1 << 20;
    private static final long ALIGN = 64;
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final List<MemorySegment> chunks = new ArrayList<>();
    private int chunk;
    private long top;

    private Scratch() {
    }

    /** The calling thread's scratch. */
    static Scratch local() {
        return LOCAL.get();
    }

    /** The current top of the stack, to {@link #release} to. */
    long mark() {
        return ((long) chunk << 40) | top;
    }

    /** Frees everything allocated since {@code mark}. */
    void release(long mark) {
        chunk = (int) (mark >>> 40);
        top = mark & ((1L << 40) - 1);
    }

    /** {@code bytes} of uninitialized native memory, 64-byte aligned, valid until released. */
    MemorySegment allocate(long bytes) {
        long size = Math.max(ALIGN, (bytes + ALIGN - 1) & -ALIGN);
        while (true) {
            if (chunk < chunks.size()) {
                MemorySegment c = chunks.get(chunk);
                if (top + size <= c.byteSize()) {
                    MemorySegment s = c.asSlice(top, bytes);
                    top += size;
                    return s;
                }
                if (chunk + 1 < chunks.size()) {
                    chunk++;
                    top = 0;
                    continue;
                }
            }
            long last = chunks.isEmpty() ? 0 : chunks.getLast().byteSize();
            chunks.add(Arena.ofAuto().allocate(Math.max(size, Math.max(MIN_CHUNK, 2 * last)), ALIGN));
            chunk = chunks.size() - 1;
            top = 0;
        }
    }
}
