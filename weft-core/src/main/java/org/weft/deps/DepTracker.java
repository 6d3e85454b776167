package org.weft.deps;

import org.weft.Mode;
import org.weft.data.View;
import org.weft.data.Views;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;

/**
 * The access history of one region: for each base storage, an interval map from byte span to access state,
 * split on partial overlap, from which each new access learns exactly which earlier tasks it must follow.
 *
 * <p><b>How it works.</b> Each storage keeps disjoint segments {@code [lo, hi)}, each with the nodes a new
 * access must wait for: the last writers (one task, the members of a closed commutative/concurrent group,
 * or a reduction's combine node), the readers since them, and an open group. An access to {@code [a, b)}
 * splits the segments that straddle {@code a} and {@code b}, applies the sequential-consistency rules to
 * every segment inside (creating segments for gaps), and, for a write, replaces all of them with one
 * segment, so a storage written in whole tiles stays as small as its tiles. The segments sit in a
 * {@link SegmentIndex}: a direct index with occupancy bitmaps for arrays of up to 4M elements (constant time
 * per lookup, the case of element-wise dependencies such as a wavefront), a red-black tree otherwise
 * (O(log n + k) per span for k segments touched). A storage accessed only as a whole never
 * builds a map: its single segment sits in a field (the identity fast path, also used for plain objects).
 *
 * <p><b>Rules</b> (per segment, new access by task t): IN waits for the writers and joins the readers;
 * OUT and INOUT wait for writers and readers and become the only writer; COMMUTATIVE and CONCURRENT join an
 * open group of their kind (waiting for what the group waited for) or open one; REDUCE joins an open
 * reduction group with the same operation over exactly the same spans, or opens one, and waits for nothing:
 * its combine node waits for the earlier writers and readers and for all members. Any other access closes
 * the open group first. Weak accesses change the state in the same way but record what they would wait for
 * in {@link AccessRec#weakPreds()} instead of waiting.
 *
 * <p><b>Thread-safety.</b> None: a tracker belongs to one region and only that region's spawning thread
 * touches it. Completion of tasks never touches the tracker (finished nodes are pruned lazily).
 */
public final class DepTracker {

    /** Creates the node that folds a closing reduction group's partials into its datum. */
    public interface CombineFactory {
        GraphNode newCombine(Group group);
    }

    /**
     * The region's side of coherence: which storages are tracked from the start (their bytes may be current outside
     * the host), and the copy nodes that make bytes current in a space.
     */
    public interface Copies {
        /** True if {@code base} may be current outside the host already (it has a directory). */
        boolean tracked(Object base);

        /** {@code base} is now tracked: a task placed outside the host touches it. */
        void track(Object base);

        /** A new copy node that will make bytes of {@code base} current in space {@code space}; sealed by the tracker. */
        GraphNode newCopy(Object base, int space);

        /** Adds bytes {@code [lo, hi)} to what {@code copy} makes current; called in ascending order. */
        void addRun(GraphNode copy, long lo, long hi);
    }

    /**
     * Renaming: a writer that would wait for earlier readers or writers writes a fresh version instead, installed by
     * a commit node that waits for the writer and for what it overtook, when the runtime's budget can hold the
     * version's bytes.
     */
    public interface Renamer {
        /** A commit node for a fresh version of {@code bytes} bytes, or null if the budget cannot hold them now. */
        GraphNode newCommit(AccessRec a, long bytes);
    }

    private final CombineFactory combines;
    private final Copies copies;
    private Renamer renamer;
    private final Map<Object, Storage> storages = new IdentityHashMap<>();
    private final List<Group> openReductions = new ArrayList<>();
    private Object lastBase;
    private Storage lastStorage;

    /** A tracker for host-only data: nothing is tracked for coherence, and a placed access is refused. */
    public DepTracker(CombineFactory combines) {
        this(combines, HostOnly.INSTANCE);
    }

    private static final class HostOnly implements Copies {
        static final HostOnly INSTANCE = new HostOnly();

        @Override public boolean tracked(Object base) { return false; }
        @Override public void track(Object base) { throw new IllegalStateException("this tracker serves host-only data"); }
        @Override public GraphNode newCopy(Object base, int space) { throw new IllegalStateException("this tracker serves host-only data"); }
        @Override public void addRun(GraphNode copy, long lo, long hi) { throw new IllegalStateException("this tracker serves host-only data"); }
    }

    public DepTracker(CombineFactory combines, Copies copies) {
        this.combines = combines;
        this.copies = copies;
    }

    /** Turns renaming on, with {@code renamer} deciding (by budget) and making the commit nodes. */
    public void renameWith(Renamer renamer) {
        this.renamer = renamer;
    }

    private static final class Storage {
        final Object base;
        final long size;          // bytes of the whole storage, or -1 if unbounded (native memory)
        Seg whole;                // non-null while every access so far covered the whole storage
        SegmentIndex index;
        /** True once the storage is tracked for coherence: every access plans where its bytes are current. */
        boolean coherent;
        /** The spaces planned current for bytes this region has not written: the host for a raw root, none known for a shared one. */
        int startValid;

        Storage(Object base, long size) {
            this.base = base;
            this.size = size;
            if (size > 0) whole = new Seg(0, size);
            else index = new SegmentIndex.Tree();
        }

        boolean isWhole(View v) {
            return whole != null && v.spanCount() == 1 && v.spanStart(0) == 0 && v.spanLength(0) == size;
        }

        /** Leaves the whole-storage fast path; a whole segment that holds no history is simply dropped. */
        void toIndex() {
            int g = elementBytes(base);
            index = g > 0 && SegmentIndex.Dense.fits(size, g) ? new SegmentIndex.Dense(size, g) : new SegmentIndex.Tree();
            if (!whole.isEmpty()) index.put(whole);
            whole = null;
        }

        /** Makes sure the index can hold boundaries {@code lo} and {@code hi} (a dense index cannot split an element). */
        void accept(long lo, long hi) {
            if (index.accepts(lo) && index.accepts(hi)) return;
            SegmentIndex tree = new SegmentIndex.Tree();
            for (Seg s : index.all()) tree.put(s);
            index = tree;
        }
    }

    private static int elementBytes(Object base) {
        if (base instanceof double[] || base instanceof long[]) return 8;
        if (base instanceof int[] || base instanceof float[]) return 4;
        if (base instanceof short[] || base instanceof char[]) return 2;
        if (base instanceof byte[] || base instanceof boolean[] || base instanceof Object[]) return 1;
        return 0;
    }

    /** Registers access {@code a} of node {@code t}: adds t's dependencies and updates the history. */
    public void register(GraphNode t, AccessRec a) {
        View v = a.view;
        if (v.spanCount() == 0) {                   // an empty view touches no byte: no history, no dependency
            if (a.space != 0) copies.track(v.base());   // but a placed task is handed it over a replica
            return;
        }
        Object base = v.base();
        Storage st;
        if (base == lastBase) st = lastStorage;
        else {
            st = storages.get(base);
            if (st == null) {
                st = new Storage(base, Views.storageBytes(base));
                if (copies.tracked(base)) {
                    st.coherent = true;         // a shared root, or one a running region placed: current where its directory says
                    st.startValid = 0;
                }
                storages.put(base, st);
            }
            lastBase = base;
            lastStorage = st;
        }
        if (a.space != 0 && !st.coherent) {
            copies.track(base);
            st.coherent = true;
            st.startValid = 1;                  // a raw root: its bytes are current on the host until a task writes them
        }
        if (a.mode == Mode.REDUCE) {
            registerReduce(t, a, st);
            return;
        }
        if (st.coherent) {
            registerCoherent(t, a, st);
            return;
        }
        if (a.mayRename && renamer != null && rename(t, a, st)) return;
        if (st.isWhole(v)) {
            apply(t, a, st.whole, null);
            return;
        }
        if (st.whole != null) st.toIndex();
        Group fresh = null;
        for (int i = 0, n = v.spanCount(); i < n; i++) {
            long lo = v.spanStart(i), hi = lo + v.spanLength(i);
            st.accept(lo, hi);
            fresh = applyRange(t, a, st.index, lo, hi, fresh);
        }
    }

    /**
     * Registers an access to a storage tracked for coherence: per segment, the access first becomes current in the
     * task's space (waiting for the node that makes it so, or for a new copy node from the earlier writers, one per
     * access), then the ordering rules apply, then a write leaves the task's space the only one planned current.
     * Segments are not merged on a write here, so each keeps its own plan.
     */
    private void registerCoherent(GraphNode t, AccessRec a, Storage st) {
        a.coherent = true;
        CopyPlan plan = new CopyPlan(t, a, st);
        try {
            for (Seg s : segmentsOf(st, a.view)) plan.segment(s);
            plan.seal();
        } catch (Throwable e) {
            plan.abandon(e);
            throw e;
        }
    }

    /**
     * Renames OUT access {@code a} of {@code t} if it would wait for a node that has not finished and the renamer's
     * budget holds its bytes: {@code t} then waits for nothing here, writes a fresh version, and a commit node that
     * waits for {@code t} and for every node {@code t} overtook becomes the writer of these bytes, so later tasks see
     * the new value and earlier readers the old one. Returns false (nothing changed) if there is nothing to overtake
     * or no budget.
     */
    private boolean rename(GraphNode t, AccessRec a, Storage st) {
        View v = a.view;
        NodeList overtaken = new NodeList();
        List<Seg> segs = segmentsOf(st, v);
        for (Seg s : segs) {
            closeGroup(s);
            unfinished(s, overtaken);
        }
        if (overtaken.size == 0) {
            applyPlain(t, a, st);
            return true;
        }
        GraphNode commit = renamer.newCommit(a, v.byteSize());
        if (commit == null) {
            applyPlain(t, a, st);
            return true;
        }
        try {
            commit.dependOn(t);
            for (int i = 0; i < overtaken.size; i++) commit.dependOn(overtaken.get(i));
            a.renamedTo = commit;
            for (Seg s : segs) install(s, commit);
        } catch (Throwable e) {
            commit.abandon(e);
            throw e;
        }
        boolean ready;
        try {
            ready = commit.seal();
        } catch (Throwable e) {
            commit.abandon(e);              // not sealed: no predecessor could ever make it ready
            throw e;
        }
        if (ready) {
            try {
                commit.schedule();
            } catch (Throwable e) {
                commit.abandon(e);          // ready and ours: it must end
                throw e;
            }
        }
        return true;
    }

    /** The access as it registers without renaming (its segments are already split at its bounds). */
    private void applyPlain(GraphNode t, AccessRec a, Storage st) {
        View v = a.view;
        if (st.isWhole(v)) {
            apply(t, a, st.whole, null);
            return;
        }
        for (int i = 0, n = v.spanCount(); i < n; i++) applyRange(t, a, st.index, v.spanStart(i), v.spanStart(i) + v.spanLength(i), null);
    }

    private static void unfinished(Seg s, NodeList out) {
        for (int i = 0; i < s.writers.size; i++) if (!s.writers.get(i).isFinished()) out.add(s.writers.get(i));
        for (int i = 0; i < s.readers.size; i++) if (!s.readers.get(i).isFinished()) out.add(s.readers.get(i));
    }

    private static void install(Seg s, GraphNode commit) {
        s.writers.set(commit);
        s.readers.clear();
    }

    /** The copy node one coherent access needs, made on first use and sealed once the access is registered. */
    private final class CopyPlan {
        final GraphNode t;
        final AccessRec a;
        final Storage st;
        GraphNode copy;
        Group fresh;

        CopyPlan(GraphNode t, AccessRec a, Storage st) {
            this.t = t;
            this.a = a;
            this.st = st;
        }

        void segment(Seg s) {
            int x = a.space;
            Coh c = s.coh;
            if (c == null) {
                c = s.coh = new Coh();
                c.valid = st.startValid;
            }
            if (a.mode != Mode.OUT) {
                if ((c.valid & (1 << x)) != 0) {
                    GraphNode p = c.producer(x);
                    if (p != null && p != t) t.dependOn(p);
                } else {
                    closeGroup(s);          // the copy follows every earlier writer, a group's members included
                    if (copy == null) {
                        copy = copies.newCopy(st.base, x);
                        t.dependOn(copy);
                    }
                    for (int i = 0; i < s.writers.size; i++) copy.dependOn(s.writers.get(i));
                    copies.addRun(copy, s.lo, s.hi);
                    c.valid |= 1 << x;
                    c.setProducer(x, copy);
                }
            }
            fresh = apply(t, a, s, fresh);
            // a group's members write together: none is the producer the next member waits for (a later reader waits
            // for all of them when it closes the group)
            if (a.mode == Mode.COMMUTATIVE || a.mode == Mode.CONCURRENT) c.written(x, null);
            else if (a.mode != Mode.IN) c.written(x, t);
        }

        /** 0: not sealed; 1: sealed, its predecessors will release it; 2: ready, ours to schedule; 3: scheduled. */
        private int sealing;

        void seal() {
            if (copy == null) return;
            sealing = copy.seal() ? 2 : 1;
            if (sealing == 2) {
                copy.schedule();
                sealing = 3;
            }
        }

        /**
         * Ends the copy node after a throwable cut the registration short, unless something else will: a sealed node
         * still waiting is released by its predecessors and runs; one never sealed, or ready and not scheduled, would
         * otherwise stay pending for ever.
         */
        void abandon(Throwable e) {
            if (copy != null && (sealing == 0 || sealing == 2)) copy.abandon(e);
        }
    }

    private Group applyRange(GraphNode t, AccessRec a, SegmentIndex index, long lo, long hi, Group fresh) {
        Seg at = index.floor(lo);
        if (at != null && at.lo == lo && at.hi == hi) {
            // the span is exactly one existing segment: no split, no merge (the common case of tiles and cells)
            return apply(t, a, at, fresh);
        }
        if (at == null || at.hi <= lo) {
            Seg next = index.higher(lo);
            if (next == null || next.lo >= hi) {
                // the span touches nothing recorded yet: one new segment
                Seg s = new Seg(lo, hi);
                index.put(s);
                return apply(t, a, s, fresh);
            }
        }
        split(index, lo);
        split(index, hi);
        if (a.mode == Mode.OUT || a.mode == Mode.INOUT) {
            Seg merged = new Seg(lo, hi);
            Seg s;
            while ((s = index.ceiling(lo)) != null && s.lo < hi) {
                apply(t, a, s, null);
                index.remove(s);
            }
            merged.writers.add(t);
            index.put(merged);
            return fresh;
        }
        for (long cur = lo; cur < hi; ) {
            Seg s = cover(index, cur, hi);
            fresh = apply(t, a, s, fresh);
            cur = s.hi;
        }
        return fresh;
    }

    /**
     * The segment starting at {@code cur} within {@code [cur, hi)}, which is already split at {@code hi}: the
     * existing one, or a new empty one filling the gap up to the next segment.
     */
    private static Seg cover(SegmentIndex index, long cur, long hi) {
        Seg s = index.ceiling(cur);
        if (s != null && s.lo == cur) return s;
        Seg gap = new Seg(cur, s == null || s.lo >= hi ? hi : s.lo);
        index.put(gap);
        return gap;
    }

    /** Splits the segment that strictly contains {@code x}, if any, at {@code x}. */
    private static void split(SegmentIndex index, long x) {
        Seg s = index.lower(x);
        if (s == null || s.hi <= x) return;
        Seg right = s.copy(x, s.hi);
        s.hi = x;
        index.put(right);
    }

    /**
     * Applies the rules to one segment. {@code fresh} is the group this access opened in an earlier segment
     * (shared so a commutative task holds one new lock, not one per segment); returns it, possibly created.
     */
    private Group apply(GraphNode t, AccessRec a, Seg s, Group fresh) {
        switch (a.mode) {
            case IN -> {
                closeGroup(s);
                waitFor(t, a, s.writers);
                s.readers.add(t);
            }
            case OUT, INOUT -> {
                closeGroup(s);
                waitFor(t, a, s.writers);
                waitFor(t, a, s.readers);
                s.writers.set(t);
                s.readers.clear();
            }
            case COMMUTATIVE, CONCURRENT -> {
                if (s.group == null || s.group.kind != a.mode) {
                    closeGroup(s);
                    if (fresh == null) fresh = new Group(a.mode, null, null, null);
                    s.group = fresh;
                }
                waitFor(t, a, s.writers);
                waitFor(t, a, s.readers);
                if (s.members == null) s.members = new NodeList();
                s.members.add(t);
                if (a.mode == Mode.COMMUTATIVE) a.addGroup(s.group);
            }
            default -> throw new IllegalStateException("mode " + a.mode + " is not tracked per segment");
        }
        return fresh;
    }

    private static void waitFor(GraphNode t, AccessRec a, NodeList preds) {
        for (int i = 0; i < preds.size; i++) {
            GraphNode p = preds.get(i);
            if (a.weak) {
                if (p != t) a.addWeakPred(p);
            } else t.dependOn(p);
        }
    }

    /** Ends the open group of {@code s}: its members (or its combine node) become the writers. */
    private void closeGroup(Seg s) {
        Group g = s.group;
        if (g == null) return;
        s.group = null;
        if (g.kind == Mode.REDUCE) {
            s.writers.set(combineOf(g));
        } else {
            s.writers.copyFrom(s.members);
        }
        s.readers.clear();
        s.members = null;
    }

    /**
     * The combine node of {@code g}, created and sealed on first use. If a throwable cuts its creation short,
     * the combine is abandoned (it fails, so what depends on it is cancelled) and the throwable propagates.
     */
    private GraphNode combineOf(Group g) {
        if (g.combine == null) {
            GraphNode c = combines.newCombine(g);
            g.combine = c;
            try {
                for (GraphNode p : g.preds) c.dependOn(p);
                for (GraphNode m : g.members) c.dependOn(m);
                openReductions.remove(g);
                if (c.seal()) c.schedule();
            } catch (Throwable e) {
                c.abandon(e);
                throw e;
            }
        }
        return g.combine;
    }

    private void registerReduce(GraphNode t, AccessRec a, Storage st) {
        View v = a.view;
        if (st.coherent)
            throw new IllegalArgumentException("reduce(...) on data a task outside the host touches in this region: reduce on the host only, "
                    + "before or after the placed tasks' region");
        Seg first = firstSeg(st, v);
        Group g = first == null ? null : first.group;
        if (g != null && g.kind == Mode.REDUCE && !g.closed() && g.reduction == a.reduction && sameSpans(g.view, v)) {
            g.members.add(t);
            a.addGroup(g);
            return;
        }
        g = new Group(Mode.REDUCE, a.reduction, v, a.datum);
        openReductions.add(g);
        g.members.add(t);
        a.addGroup(g);
        for (Seg s : segmentsOf(st, v)) openReduce(s, g);
    }

    /**
     * The segments that cover {@code v} in {@code st}, in order: the whole-storage segment if {@code v} is the whole
     * storage, else the index's segments split at {@code v}'s bounds, with empty ones made for the gaps.
     */
    private static List<Seg> segmentsOf(Storage st, View v) {
        if (st.isWhole(v)) return List.of(st.whole);
        if (st.whole != null) st.toIndex();
        List<Seg> out = new ArrayList<>(v.spanCount());
        for (int i = 0, n = v.spanCount(); i < n; i++) {
            long lo = v.spanStart(i), hi = lo + v.spanLength(i);
            st.accept(lo, hi);
            split(st.index, lo);
            split(st.index, hi);
            for (long cur = lo; cur < hi; ) {
                Seg s = cover(st.index, cur, hi);
                out.add(s);
                cur = s.hi;
            }
        }
        return out;
    }

    private void openReduce(Seg s, Group g) {
        closeGroup(s);       // whatever was open here (another reduction included) completes before ours
        for (int i = 0; i < s.writers.size; i++) g.preds.add(s.writers.get(i));
        for (int i = 0; i < s.readers.size; i++) g.preds.add(s.readers.get(i));
        s.group = g;
    }

    private static Seg firstSeg(Storage st, View v) {
        if (st.whole != null) return st.whole;
        Seg s = st.index.floor(v.spanStart(0));
        return s != null && s.hi > v.spanStart(0) ? s : null;
    }

    private static boolean sameSpans(View a, View b) {
        int n = a.spanCount();
        if (n != b.spanCount()) return false;
        for (int i = 0; i < n; i++)
            if (a.spanStart(i) != b.spanStart(i) || a.spanLength(i) != b.spanLength(i)) return false;
        return true;
    }

    /**
     * Drops {@code t}, which has just finished successfully on the spawning thread, from the history of
     * access {@code a}: a node that finished normally never needs to be waited for, and keeping it would keep
     * it (and, for element-wise accesses, a segment per element) alive until the region ends. Segments left
     * with no history are removed. Only for views of a few spans, where this costs less than it saves.
     */
    public void forget(GraphNode t, AccessRec a) {
        if (t.status() != GraphNode.DONE || a.mode == Mode.REDUCE) return;
        View v = a.view;
        int n = v.spanCount();
        if (n > 4) return;
        Storage st = v.base() == lastBase ? lastStorage : storages.get(v.base());
        if (st == null) return;
        if (st.whole != null) {
            drop(st.whole, t);
            return;
        }
        for (int i = 0; i < n; i++) {
            long lo = v.spanStart(i), hi = lo + v.spanLength(i);
            Seg s = st.index.floor(lo);
            if (s == null || s.hi <= lo) s = st.index.higher(lo);
            while (s != null && s.lo < hi) {
                Seg next = s.hi < hi ? st.index.higher(s.lo) : null;   // no successor search past the span
                drop(s, t);
                if (s.isEmpty()) st.index.remove(s);
                s = next;
            }
        }
    }

    private static void drop(Seg s, GraphNode t) {
        s.writers.remove(t);
        s.readers.remove(t);
        if (s.members != null) s.members.remove(t);
    }

    /**
     * The bytes of {@code v} that will not be current in space {@code space} once the tasks registered so far have run,
     * as planned (for bytes no task of this region wrote, {@code startStale} gives how many of {@code [lo, hi)} space
     * {@code space} did not hold when the region started: it consults the root's directory). Registers nothing; for
     * placement decisions.
     */
    public long staleBytes(View v, int space, java.util.function.LongBinaryOperator startStale) {
        long stale = 0;
        Storage st = v.spanCount() == 0 ? null : storages.get(v.base());
        for (int i = 0, n = v.spanCount(); i < n; i++) {
            long lo = v.spanStart(i), hi = lo + v.spanLength(i);
            if (st == null) {
                stale += startStale.applyAsLong(lo, hi);     // untouched in this region: as its directory says (if any)
                continue;
            }
            if (!st.coherent) {
                stale += space == 0 ? 0 : hi - lo;           // a raw root no placed task touched: current on the host only
                continue;
            }
            long cur = lo;
            while (cur < hi) {
                Seg s = st.whole != null ? st.whole : st.index.floor(cur);
                if (s == null || s.hi <= cur) {                 // no history: as at the region's start
                    Seg next = st.whole != null ? null : st.index.higher(cur);
                    long end = next == null ? hi : Math.min(hi, next.lo);
                    stale += startStale.applyAsLong(cur, end);
                    cur = end;
                    continue;
                }
                long end = Math.min(hi, s.hi);
                Coh c = s.coh;
                boolean planned = c != null && (c.valid & (1 << space)) != 0;
                if (!planned) stale += c == null || c.inherit ? startStale.applyAsLong(cur, end) : end - cur;
                cur = end;
            }
        }
        return stale;
    }

    /** Closes every reduction group still open (end of region): their combine nodes are created and sealed. */
    public void closeReductions() {
        for (Group g : new ArrayList<>(openReductions)) combineOf(g);
    }
}
