package org.weft.memory;

import java.util.Arrays;

/**
 * Sorted, disjoint runs of bytes {@code [start(i), start(i) + length(i))} of a root, in root coordinates: what one
 * copy moves. Immutable.
 */
public final class ByteRuns {
    private final long[] starts, lengths;
    private final long total;

    /** Runs from parallel arrays (copied); they must be sorted, disjoint and of positive length. */
    public ByteRuns(long[] starts, long[] lengths) {
        if (starts.length != lengths.length) throw new IllegalArgumentException(starts.length + " starts but " + lengths.length + " lengths");
        long t = 0, prevEnd = Long.MIN_VALUE;
        for (int i = 0; i < starts.length; i++) {
            if (lengths[i] <= 0 || starts[i] < prevEnd || starts[i] < 0)
                throw new IllegalArgumentException("run " + i + " [" + starts[i] + ", +" + lengths[i] + ") is not sorted, disjoint and non-empty");
            prevEnd = starts[i] + lengths[i];
            t += lengths[i];
        }
        this.starts = starts.clone();
        this.lengths = lengths.clone();
        this.total = t;
    }

    public int count() {
        return starts.length;
    }

    public long start(int i) {
        return starts[i];
    }

    public long length(int i) {
        return lengths[i];
    }

    /** The bytes covered, summed over the runs. */
    public long totalBytes() {
        return total;
    }

    @Override
    public String toString() {
        return count() + " runs, " + total + " bytes, from " + Arrays.toString(Arrays.copyOf(starts, Math.min(4, starts.length)));
    }
}
