package org.weft.trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records the task graph (nodes as spawned, edges as dependencies are found) and writes it as Graphviz DOT.
 * Thread-safe; off unless a graph file was configured.
 */
public final class GraphRecorder {
    private record Node(String key, String label) {
    }

    private record Edge(String from, String to) {
    }

    private final ConcurrentLinkedQueue<Node> nodes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Edge> edges = new ConcurrentLinkedQueue<>();

    public void node(String key, String label) {
        nodes.add(new Node(key, label));
    }

    public void edge(String fromKey, String toKey) {
        edges.add(new Edge(fromKey, toKey));
    }

    public int nodeCount() {
        return nodes.size();
    }

    public int edgeCount() {
        return edges.size();
    }

    public void write(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("digraph weft {\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n");
            for (Node n : nodes) w.write("  " + n.key + " [label=" + Tracer.quote(n.label) + "];\n");
            for (Edge e : edges) w.write("  " + e.from + " -> " + e.to + ";\n");
            w.write("}\n");
        }
    }
}
