package org.weft.deps;

import java.util.Arrays;

/**
 * A small growable list of graph nodes, used for the writers, readers and group members of a segment.
 * Finished nodes are pruned when the list would grow, so a datum read a million times by short tasks
 * keeps only the readers still running. Not thread-safe: owned by one tracker.
 */
final class NodeList {
    private static final GraphNode[] EMPTY = {};
    GraphNode[] items = EMPTY;
    int size;

    NodeList() {
    }

    NodeList(NodeList other) {
        items = other.size == 0 ? EMPTY : Arrays.copyOf(other.items, other.size);
        size = other.size;
    }

    void add(GraphNode n) {
        if (size > 0 && items[size - 1] == n) return;
        if (size == items.length) {
            pruneFinished();
            if (size == items.length) items = Arrays.copyOf(items, size == 0 ? 1 : size * 2);
        }
        items[size++] = n;
    }

    void set(GraphNode n) {
        clear();
        add(n);
    }

    void clear() {
        if (size > 8) items = EMPTY;
        else Arrays.fill(items, 0, size, null);
        size = 0;
    }

    void copyFrom(NodeList other) {
        clear();
        for (int i = 0; i < other.size; i++) add(other.items[i]);
    }

    private void pruneFinished() {
        int w = 0;
        for (int i = 0; i < size; i++) if (!items[i].isFinished()) items[w++] = items[i];
        Arrays.fill(items, w, size, null);
        size = w;
    }
}
