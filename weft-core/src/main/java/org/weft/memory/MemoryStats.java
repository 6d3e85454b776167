package org.weft.memory;

import java.util.List;

/**
 * What a runtime's memory spaces did since it was built: copies and bytes moved per pair of spaces, and the bytes
 * of replicas each space holds now. A snapshot; see {@code Weft.memoryStats()}.
 *
 * <p>One copy is one copy operation ({@link MemorySpace#copy}), whatever its number of runs; its bytes are the stale
 * bytes it moved. A copy is counted before the tasks waiting for it are released, so a task that reads these
 * counters sees every copy it waited for.
 */
public final class MemoryStats {
    private final List<String> spaces;
    private final long[][] copies, bytes;
    private final long[] allocated;
    private final long renames, renamedPeak, evictions;

    /**
     * Counters over {@code spaces} (names, the host first): {@code copies[from][to]}, {@code bytes[from][to]}, bytes
     * held per space, writers renamed, the most bytes fresh versions held at once, and replicas evicted.
     */
    public MemoryStats(List<String> spaces, long[][] copies, long[][] bytes, long[] allocated, long renames, long renamedPeak,
                       long evictions) {
        this.spaces = List.copyOf(spaces);
        this.copies = copies;
        this.bytes = bytes;
        this.allocated = allocated;
        this.renames = renames;
        this.renamedPeak = renamedPeak;
        this.evictions = evictions;
    }

    /** Replicas dropped to make room in a space of limited capacity (written home first if they held the only current bytes). */
    public long evictions() {
        return evictions;
    }

    /** Writers that wrote a fresh version instead of waiting ({@code Weft.Builder.renaming}). */
    public long renames() {
        return renames;
    }

    /** The most bytes of fresh versions held at once; never more than the renaming budget. */
    public long renamedBytesPeak() {
        return renamedPeak;
    }

    /** The names of the runtime's spaces, the host first. */
    public List<String> spaces() {
        return spaces;
    }

    /** Copies from space {@code from} to space {@code to}. */
    public long copies(MemorySpace from, MemorySpace to) {
        return at(copies, from, to);
    }

    /** Bytes moved from space {@code from} to space {@code to}. */
    public long bytes(MemorySpace from, MemorySpace to) {
        return at(bytes, from, to);
    }

    /** All copies, between any two spaces. */
    public long copies() {
        return sum(copies);
    }

    /** All bytes moved, between any two spaces. */
    public long bytes() {
        return sum(bytes);
    }

    /** Bytes of replicas {@code space} holds now (the host's own data is not counted). */
    public long allocatedBytes(MemorySpace space) {
        int i = spaces.indexOf(space.name());
        return i < 0 ? 0 : allocated[i];
    }

    private long at(long[][] m, MemorySpace from, MemorySpace to) {
        int f = spaces.indexOf(from.name()), t = spaces.indexOf(to.name());
        return f < 0 || t < 0 ? 0 : m[f][t];
    }

    private static long sum(long[][] m) {
        long s = 0;
        for (long[] row : m) for (long v : row) s += v;
        return s;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("MemoryStats[");
        for (int f = 0; f < spaces.size(); f++)
            for (int t = 0; t < spaces.size(); t++)
                if (copies[f][t] != 0) b.append(spaces.get(f)).append("->").append(spaces.get(t)).append(": ").append(copies[f][t])
                        .append(" copies, ").append(bytes[f][t]).append(" bytes; ");
        for (int i = 0; i < spaces.size(); i++) if (allocated[i] != 0) b.append(spaces.get(i)).append(" holds ").append(allocated[i]).append(" bytes; ");
        if (renames != 0) b.append(renames).append(" renames, at most ").append(renamedPeak).append(" bytes at once; ");
        if (evictions != 0) b.append(evictions).append(" evictions; ");
        return b.append(']').toString();
    }
}
