package org.weft.deps;

import java.util.Map;
import java.util.TreeMap;

/**
 * The ordered set of disjoint segments of one storage, keyed by their start. Two implementations: a
 * red-black tree for any storage ({@link Tree}), and a dense direct index for arrays of moderate size
 * ({@link Dense}), where every query is a slot read plus a short bitmap scan instead of a tree descent.
 */
abstract sealed class SegmentIndex permits SegmentIndex.Tree, SegmentIndex.Dense {

    /**
     * The segment with the greatest start {@code <= x}, or null. The tracker asks only which segment
     * contains {@code x}; an index may return null instead of a segment that cannot reach {@code x}.
     */
    abstract Seg floor(long x);

    /** The segment with the greatest start {@code < x}, or null; may be null if no segment reaches {@code x}. */
    abstract Seg lower(long x);

    /** The segment with the smallest start {@code >= x}, or null. */
    abstract Seg ceiling(long x);

    /** The segment with the smallest start {@code > x}, or null. */
    Seg higher(long x) {
        return ceiling(x + 1);
    }

    abstract void put(Seg s);

    abstract void remove(Seg s);

    abstract int size();

    /** True if this index can hold a segment starting or ending at {@code x}. */
    abstract boolean accepts(long x);

    /** Every segment, in order (for moving to another index). */
    abstract Iterable<Seg> all();

    /** A red-black tree over {@code Long} starts: any coordinates, O(log n) per operation. */
    static final class Tree extends SegmentIndex {
        private final TreeMap<Long, Seg> map = new TreeMap<>();

        private static Seg value(Map.Entry<Long, Seg> e) {
            return e == null ? null : e.getValue();
        }

        @Override Seg floor(long x) { return value(map.floorEntry(x)); }
        @Override Seg lower(long x) { return value(map.lowerEntry(x)); }
        @Override Seg ceiling(long x) { return value(map.ceilingEntry(x)); }
        @Override Seg higher(long x) { return value(map.higherEntry(x)); }
        @Override void put(Seg s) { map.put(s.lo, s); }
        @Override void remove(Seg s) { map.remove(s.lo); }
        @Override int size() { return map.size(); }
        @Override boolean accepts(long x) { return true; }
        @Override Iterable<Seg> all() { return map.values(); }
    }

    /**
     * Segment starts of an array storage, one slot per element ({@code granularity} bytes), with a bitmap of
     * occupied slots and a summary bitmap of non-empty bitmap words. Predecessor and successor queries scan
     * at most one word, then the summary (one bit per 4096 elements), then one word: constant time in
     * practice. Spans that do not fall on element boundaries are refused ({@link #accepts}), and the
     * tracker then moves the storage to a {@link Tree}.
     */
    static final class Dense extends SegmentIndex {
        /** Arrays up to this many elements get a dense index (a reference and two bits per element). */
        static final long MAX_SLOTS = 1L << 22;

        private final int shift;
        private final Seg[] slots;
        private final long[] bits;
        private final long[] summary;
        private int size;
        /*
         * Bounds on the occupied slots: minSlot <= every occupied slot <= maxSlot. Kept exact on put and left
         * as they are on remove (still bounds), reset when the index empties, so that scans for a neighbour
         * stop at the bounds instead of crossing the whole bitmap (the frontier of a sweep, a nearly empty index).
         */
        private int minSlot = Integer.MAX_VALUE, maxSlot = -1;
        /** The longest segment ever put, in slots: a segment starting further back than this cannot reach a query. */
        private int maxLength = 1;

        Dense(long bytes, int granularity) {
            this.shift = Integer.numberOfTrailingZeros(granularity);
            int n = (int) (bytes >> shift);
            slots = new Seg[n + 1];
            bits = new long[(n >> 6) + 1];
            summary = new long[(bits.length >> 6) + 1];
        }

        static boolean fits(long bytes, int granularity) {
            return Integer.bitCount(granularity) == 1 && bytes / granularity <= MAX_SLOTS;
        }

        @Override
        boolean accepts(long x) {
            return x >= 0 && (x & ((1L << shift) - 1)) == 0 && (x >> shift) < slots.length;
        }

        @Override
        Seg floor(long x) {
            if (x < 0) return null;
            long i = Math.min(x >> shift, slots.length - 1);
            return slotAtOrBefore((int) i);
        }

        @Override
        Seg lower(long x) {
            if (x <= 0) return null;
            long i = ((x - 1) >> shift);
            return slotAtOrBefore((int) Math.min(i, slots.length - 1));
        }

        @Override
        Seg ceiling(long x) {
            long i = x <= 0 ? 0 : ((x - 1) >> shift) + 1;
            return i >= slots.length ? null : slotAtOrAfter((int) i);
        }

        private Seg slotAtOrBefore(int i) {
            int bound = Math.max(minSlot, i - maxLength);
            if (i < bound) return null;
            int w = i >> 6;
            long word = bits[w] & (-1L >>> (63 - (i & 63)));
            if (word == 0) {
                w = previousWord(w - 1, bound);
                if (w < 0) return null;
                word = bits[w];
            }
            int slot = (w << 6) + 63 - Long.numberOfLeadingZeros(word);
            return slot < bound ? null : slots[slot];
        }

        private Seg slotAtOrAfter(int i) {
            if (i > maxSlot) return null;
            int w = i >> 6;
            long word = bits[w] & (-1L << (i & 63));
            if (word == 0) {
                w = nextWord(w + 1);
                if (w < 0) return null;
                word = bits[w];
            }
            return slots[(w << 6) + Long.numberOfTrailingZeros(word)];
        }

        private int previousWord(int w, int boundSlot) {
            if (w < 0) return -1;
            int s = w >> 6;
            long word = summary[s] & (-1L >>> (63 - (w & 63)));
            int stop = boundSlot >> 12;
            while (word == 0) {
                if (--s < stop) return -1;
                word = summary[s];
            }
            return (s << 6) + 63 - Long.numberOfLeadingZeros(word);
        }

        private int nextWord(int w) {
            if (w >= bits.length) return -1;
            int s = w >> 6;
            long word = summary[s] & (-1L << (w & 63));
            int stop = maxSlot >> 12;
            while (word == 0) {
                if (++s > stop) return -1;
                word = summary[s];
            }
            return (s << 6) + Long.numberOfTrailingZeros(word);
        }

        @Override
        void put(Seg seg) {
            int i = (int) (seg.lo >> shift);
            if (slots[i] == null) {
                size++;
                bits[i >> 6] |= 1L << (i & 63);
                summary[i >> 12] |= 1L << ((i >> 6) & 63);
                if (i > maxSlot) maxSlot = i;
                if (i < minSlot) minSlot = i;
            }
            slots[i] = seg;
            long length = (seg.hi - seg.lo + (1L << shift) - 1) >> shift;
            if (length > maxLength) maxLength = (int) Math.min(length, Integer.MAX_VALUE);
        }

        @Override
        void remove(Seg seg) {
            int i = (int) (seg.lo >> shift);
            if (slots[i] == null) return;
            slots[i] = null;
            size--;
            long word = bits[i >> 6] &= ~(1L << (i & 63));
            if (word == 0) summary[i >> 12] &= ~(1L << ((i >> 6) & 63));
            if (size == 0) {
                minSlot = Integer.MAX_VALUE;
                maxSlot = -1;
            }
        }

        @Override
        int size() {
            return size;
        }

        @Override
        Iterable<Seg> all() {
            java.util.List<Seg> out = new java.util.ArrayList<>(size);
            for (Seg s = ceiling(0); s != null; s = higher(s.lo)) out.add(s);
            return out;
        }
    }
}
