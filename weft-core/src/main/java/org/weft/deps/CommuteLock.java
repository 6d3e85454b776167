package org.weft.deps;

import java.util.ArrayDeque;

/**
 * Mutual exclusion among the members of a commutative group, without blocking a worker: a member that finds
 * the lock taken parks itself in the lock's queue and is scheduled again when the holder releases it.
 * A task holding several locks takes them in {@link Group#id} order and gives back all it took if one is
 * busy, so two tasks can never wait on each other.
 */
public final class CommuteLock {
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

    /** Releases the lock held by {@code n} and reschedules one waiter, if any. */
    public void release(GraphNode n) {
        GraphNode next;
        synchronized (this) {
            if (holder != n) throw new IllegalStateException("commutative lock released by a task that does not hold it");
            holder = null;
            next = waiting.poll();
        }
        if (next != null) next.schedule();
    }
}
