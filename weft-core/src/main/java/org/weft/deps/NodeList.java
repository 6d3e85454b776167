package org.weft.deps;

import java.util.Arrays;

/**
 * A small growable list of graph nodes, used for the writers, readers and group members of a segment.
 * The first node is held in a field and an array exists only from the second on: most segments have one
 * writer and at most a few readers, and a million of them (a wavefront) should not mean a million arrays.
 * Nodes that finished normally are pruned when the list would grow, so a datum read a million times by short tasks keeps
 * only the readers still running. Not thread-safe: owned by one tracker.
 */
final class NodeList {
    private static final GraphNode[] EMPTY = {};
    private GraphNode first;
    private GraphNode[] rest = EMPTY;   // elements 1..size-1
    int size;

    NodeList() {
    }

    NodeList(NodeList other) {
        copyFrom(other);
    }

    GraphNode get(int i) {
        return i == 0 ? first : rest[i - 1];
    }

    void add(GraphNode n) {
        if (size > 0 && get(size - 1) == n) return;
        if (size == 0) {
            first = n;
            size = 1;
            return;
        }
        if (size - 1 == rest.length) {
            pruneFinished();
            if (size == 0) {
                first = n;
                size = 1;
                return;
            }
            if (size - 1 == rest.length) rest = Arrays.copyOf(rest, Math.max(2, rest.length * 2));
        }
        rest[size - 1] = n;
        size++;
    }

    /** Removes {@code n} if present (order of the others is kept). */
    void remove(GraphNode n) {
        compact(n);
    }

    void set(GraphNode n) {
        clear();
        add(n);
    }

    void clear() {
        first = null;
        if (rest.length > 8) rest = EMPTY;
        else Arrays.fill(rest, null);
        size = 0;
    }

    void copyFrom(NodeList other) {
        clear();
        for (int i = 0; i < other.size; i++) add(other.get(i));
    }

    private void pruneFinished() {
        compact(null);
    }

    /**
     * Keeps the nodes in order, dropping {@code victim}, or when it is null every node that finished
     * normally (failed and cancelled ones still poison what follows).
     */
    private void compact(GraphNode victim) {
        int w = 0;
        for (int i = 0; i < size; i++) {
            GraphNode x = get(i);
            if (victim != null ? x == victim : x.status() == GraphNode.DONE) continue;
            if (w == 0) first = x;
            else rest[w - 1] = x;
            w++;
        }
        if (w == size) return;
        if (w == 0) first = null;
        Arrays.fill(rest, Math.max(0, w - 1), rest.length, null);
        size = w;
    }
}
