package org.weft.deps;

import org.weft.Reduction;

import java.util.ArrayList;
import java.util.List;

/**
 * The private partials of one reduction group, reused through a free list: a member takes a partial when it
 * starts and gives it back when it ends, so a group holds as many partials as members ever ran at the same
 * time (about one per worker), and a member never shares a partial with one still running (for instance a
 * member waiting inside {@code get()} while its worker helps run another member). Thread-safe.
 */
public final class Partials {
    private final Group group;
    private final List<Object> all = new ArrayList<>();
    private final List<Object> free = new ArrayList<>();

    Partials(Group group) {
        this.group = group;
    }

    /** A partial for one member run; give it back with {@link #release}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object acquire() {
        synchronized (this) {
            if (!free.isEmpty()) return free.removeLast();
        }
        Object p = ((Reduction) group.reduction).identity(group.datum);
        synchronized (this) {
            all.add(p);
        }
        return p;
    }

    public synchronized void release(Object partial) {
        free.add(partial);
    }

    /** Folds every partial into the datum; called by the combine node once all members are done. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void combineInto() {
        List<Object> ps;
        synchronized (this) {
            ps = new ArrayList<>(all);
            all.clear();
            free.clear();
        }
        Reduction r = group.reduction;
        for (Object p : ps) r.combine(group.datum, p);
    }
}
