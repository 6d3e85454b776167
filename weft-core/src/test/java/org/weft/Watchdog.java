package org.weft;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs code that a broken runtime could hang, so that a regression fails fast instead of hanging the build:
 * the code runs on a daemon thread, and if it has not returned by the deadline the test fails with the stacks
 * of the threads involved. The deadline is a bound for a correct runtime that is many times what it needs;
 * nothing here decides correctness by timing.
 */
public final class Watchdog {
    private Watchdog() {
    }

    /** Runs {@code body}, rethrowing what it throws; fails the test if it is still running after {@code seconds}. */
    public static void within(long seconds, String what, ThrowingRunnable body) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().daemon().name("watched: " + what).unstarted(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        try {
            t.join(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while watching " + what);
        }
        if (t.isAlive()) fail(what + " did not finish within " + seconds + " s (a hang):" + stacks(t));
        Throwable e = thrown.get();
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error er) throw er;
        if (e != null) throw new AssertionError(e);
    }

    /** The stacks of {@code watched} and of every Weft worker, for a hang report. */
    public static String stacks(Thread watched) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (t != watched && !t.getName().startsWith("weft-")) continue;
            b.append("\n\"").append(t.getName()).append("\" ").append(t.getState());
            StackTraceElement[] st = e.getValue();
            for (int i = 0; i < Math.min(st.length, 40); i++) b.append("\n    at ").append(st[i]);
        }
        return b.toString();
    }

    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
