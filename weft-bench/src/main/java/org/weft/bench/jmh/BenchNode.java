package org.weft.bench.jmh;

import org.weft.deps.GraphNode;
import org.weft.sched.Work;

/**
 * The smallest concrete {@link GraphNode}: no function, no scheduler. Scheduling and running do nothing but
 * count, so a benchmark measures the graph's own bookkeeping (edges, the registration guard, release).
 */
final class BenchNode extends GraphNode {
    /** Nodes handed to {@link #schedule()}; read by benchmarks so the calls are not dead code. */
    int scheduled;

    BenchNode(long seq) {
        super(seq, 0);
    }

    @Override
    public void schedule() {
        scheduled++;
    }

    @Override
    protected Work run() {
        return finish();
    }

    @Override
    protected boolean mayRunAbove(Object frame) {
        return true;
    }

    @Override
    protected void completed(int state) {
    }

    /** Marks the node done and releases its successors; returns the one to run next, or null. */
    GraphNode finish() {
        return complete(DONE);
    }

    @Override
    public String label() {
        return "bench node " + seq;
    }
}
