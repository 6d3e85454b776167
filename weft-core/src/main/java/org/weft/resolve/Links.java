package org.weft.resolve;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data that tasks of one runtime stored references to into other data: container → stored data, by
 * identity, so that a later access to a container also covers what it may now lead to, in the same region or
 * any later one (a structure built in one region is commonly used in the next).
 *
 * <p><b>How it works.</b> The inference marks a parameter whose reference a task function stores into another
 * parameter's data ({@link org.weft.spec.ModeInference.Inferred#storedInto}) instead of calling it written. At
 * the spawn of such a task, the region records a link from the container's base to the stored datum's base
 * ({@link #link}). Each later spawn asks for the data linked from the data it accesses, transitively
 * ({@link #reach}); the region adds an access on each with the mode of the access that leads to it
 * ({@code IN} stays {@code IN}, anything else becomes {@code INOUT}). Links are recorded in spawn order, which
 * is the sequential order of the program, so a task is ordered with every earlier task that touched data it
 * may reach through a container. Keys are held weakly: a container that is no longer reachable can no longer
 * lead a task anywhere, and its links go with it (stale entries are purged on the next {@link #link}); the
 * stored data are held strongly while their container lives, as the container itself may hold them. Links are
 * never removed while the container lives: overwriting the reference is not seen, so a task may be ordered
 * with data its container no longer holds, which costs parallelism, never correctness.
 *
 * <p>A nested region sees every link, including ones recorded after its enclosing task was spawned; the region
 * then drops linked data its enclosing task does not cover, which is sound: such a link was made by a task that
 * comes after the enclosing task in sequential order, so the nested tasks cannot reach the datum through it.
 *
 * <p>Thread-safe: regions spawn from several threads (concurrent top-level regions, nested regions on workers);
 * updates and lookups hold this object's lock, and a runtime that never linked anything pays one volatile read
 * per spawn ({@link #isEmpty}).
 */
public final class Links {
    private final ReferenceQueue<Object> stale = new ReferenceQueue<>();
    private final Map<Key, List<Object>> links = new HashMap<>();

    /** A container, compared by identity; weak, except for the transient keys of a lookup. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object referent, ReferenceQueue<Object> q) {
            super(referent, q);
            hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) return true;
            if (!(o instanceof Key k) || k.hash != hash) return false;
            Object r = get();
            return r != null && r == k.get();
        }
    }

    private volatile boolean any;

    public boolean isEmpty() {
        return !any;
    }

    /** Records that {@code container} may hold a reference to {@code stored} (both data bases). */
    public synchronized void link(Object container, Object stored) {
        if (container == stored) return;
        any = true;
        for (Object k; (k = stale.poll()) != null; ) links.remove(k);
        Key key = new Key(container, stale);
        List<Object> to = links.get(key);
        if (to == null) links.put(key, to = new ArrayList<>(2));
        for (Object o : to) if (o == stored) return;
        to.add(stored);
    }

    /**
     * Adds to {@code out} every datum reachable from {@code from} through links, transitively, that
     * {@code seen} does not hold yet (and adds it to {@code seen}).
     */
    public synchronized void reach(Object from, IdentityHashMap<Object, Boolean> seen, List<Object> out) {
        // a worklist, not recursion: a linked structure built by tasks may be a chain of any length
        int next = out.size();
        Object at = from;
        while (true) {
            List<Object> to = links.get(new Key(at, null));
            if (to != null)
                for (Object o : to)
                    if (seen.put(o, Boolean.TRUE) == null) out.add(o);
            if (next == out.size()) return;
            at = out.get(next++);
        }
    }
}
