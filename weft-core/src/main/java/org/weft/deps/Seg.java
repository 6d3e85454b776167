package org.weft.deps;

/**
 * One segment {@code [lo, hi)} of a storage's access history: what a new access to these bytes must wait
 * for. Owned by one {@link DepTracker}; not thread-safe.
 */
final class Seg {
    long lo, hi;
    final NodeList writers = new NodeList();
    final NodeList readers = new NodeList();
    Group group;
    /** Members of the open group in this segment; created on first use (most segments never see a group). */
    NodeList members;
    /** Where these bytes are planned to be current, once a storage is tracked for coherence; null before. */
    Coh coh;

    Seg(long lo, long hi) {
        this.lo = lo;
        this.hi = hi;
    }

    Seg copy(long lo, long hi) {
        Seg s = new Seg(lo, hi);
        s.writers.copyFrom(writers);
        s.readers.copyFrom(readers);
        s.group = group;
        if (members != null) s.members = new NodeList(members);
        if (coh != null) s.coh = coh.copy();
        return s;
    }

    boolean isEmpty() {
        return writers.size + readers.size == 0 && (members == null || members.size == 0) && group == null && coh == null;
    }
}
