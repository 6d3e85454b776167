package org.weft.sched;

/**
 * Checks that the calling thread has room left on its stack for the runtime's own bookkeeping, before the
 * runtime changes any state on that thread's behalf.
 *
 * <p><b>Why.</b> A {@link StackOverflowError} can strike any call. When user code has recursed to near the
 * end of its stack and then opens a region or waits for a task, the runtime's code for that region's end or
 * for the tasks it helps run would overflow in turn, and the code that should recover from the overflow would
 * overflow at the same depth, again and again: a region that can never end, and never return either. So the
 * runtime tests the room first, by recursing through {@link #FRAMES} frames that keep values live across each
 * call (the JIT cannot shrink them away), and lets that probe overflow instead: the error then comes before
 * anything was registered, and the code that later ends the region or the helped tasks runs no deeper than
 * the probe went. The JVM's own stack banging checks the room each frame needs at its entry, so the probe does
 * not have to touch the memory itself. A probe costs about a microsecond; it runs when a region opens and
 * before a thread waits, never per task.
 */
public final class Headroom {
    /** Probe frames: about 32 KiB of compiled frames, more when interpreted. */
    static final int FRAMES = 256;

    private Headroom() {
    }

    /** Throws {@link StackOverflowError} now, before the caller changes anything, if the stack is nearly full. */
    public static void check() {
        if (probe(FRAMES, 1, 2, 3) == 42) Thread.onSpinWait();     // never true; keeps the probe's result used
    }

    private static long probe(int n, long a, long b, long c) {
        if (n == 0) return a ^ b ^ c;
        long x = a * 31 + n, y = b * 17 + x, z = c * 13 + y, w = x ^ z;
        long r = probe(n - 1, y, z, w);
        return r + x + y + z + w;          // live across the call: each frame keeps its slots
    }
}
