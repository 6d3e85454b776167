package org.weft.deps;

import java.util.ArrayDeque;
import java.util.Comparator;

/**
 * Mutual exclusion among the members of a commutative group, without blocking a worker: a member that finds
 * the lock taken parks itself in the lock's queue and is scheduled again when the holder releases it.
 * A task holding several locks takes them in {@link Group#id} order and gives back all it took if one is
 * busy, so two tasks can never wait on each other.
 */
public final class CommuteLock {
    /** The order in which a task takes several locks. */
    public static final Comparator<CommuteLock> ORDER = new ByOrder();

    final long order;
    private GraphNode holder;
    private final ArrayDeque<GraphNode> waiting = new ArrayDeque<>();

    CommuteLock(long order) {
        this.order = order;
    }

    public long order() {
        return order;
    }

    /** Takes the lock for {@code n}, or queues {@code n} to be rescheduled on release and returns false. */
    public synchronized boolean tryAcquire(GraphNode n) {
        if (holder == null) {
            holder = n;
            return true;
        }
        waiting.add(n);
        return false;
    }

    /**
     * Releases the lock held by {@code n} and reschedules one waiter, if any; a waiter that cannot be
     * rescheduled is {@linkplain GraphNode#abandon abandoned}, never left queued.
     */
    public void release(GraphNode n) {
        GraphNode next;
        synchronized (this) {
            if (holder != n) throw new IllegalStateException("commutative lock released by a task that does not hold it");
            next = waiting.poll();      // before the lock is free: a release cut short here leaves it held, and can be repeated
            holder = null;
        }
        if (next == null) return;
        try {
            next.schedule();
        } catch (Throwable e) {
            next.abandon(e);
        }
    }

    private static final class ByOrder implements Comparator<CommuteLock> {
        @Override
        public int compare(CommuteLock a, CommuteLock b) {
            return Long.compare(a.order, b.order);
        }
    }
}
