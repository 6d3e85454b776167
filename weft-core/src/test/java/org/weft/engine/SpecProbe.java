package org.weft.engine;

import org.weft.Access;
import org.weft.Mode;
import org.weft.Region;
import org.weft.Sync;
import org.weft.Task;
import org.weft.Weft;

import org.weft.deps.AccessRec;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Spawns tasks behind a gate and reports the modes their accesses were registered with, before they run
 * (a finished task drops its accesses). The gate is a closure task holding {@code inOut} on the given data,
 * so every later task touching them waits for it; it opens when the probe's body is done.
 */
final class SpecProbe {
    private SpecProbe() {
    }

    /** Runs {@code body} in a region on {@code weft} behind a gate over {@code data}. */
    static void behindGate(Weft weft, Object[] data, Consumer<Region> body) {
        CountDownLatch gate = new CountDownLatch(1);
        Access[] all = new Access[data.length];
        for (int i = 0; i < data.length; i++) all[i] = Access.inOut(data[i]);
        weft.region(r -> {
            r.spawn(() -> Sync.await(gate, "the probe's gate"), all);
            try {
                body.accept(r);
            } finally {
                gate.countDown();
            }
        });
    }

    /** The mode of each argument of task {@code t} (null for one registered without an access), before it ran. */
    static Mode[] modes(Task<?> t) {
        TaskNode<?> n = (TaskNode<?>) t;
        AccessRec[] recs = n.accesses();
        if (recs == null) throw new AssertionError("task " + n.label() + " already finished; spawn it behind the gate");
        int arity = 0;
        for (AccessRec r : recs) arity = Math.max(arity, r.argIndex + 1);
        Mode[] out = new Mode[arity];
        for (AccessRec r : recs) if (r.argIndex >= 0) out[r.argIndex] = r.mode;
        return out;
    }
}
