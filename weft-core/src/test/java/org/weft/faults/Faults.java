package org.weft.faults;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hook that instrumented Weft code calls before every call and every allocation ({@link FaultLoader}). Loaded by
 * the application class loader, so the test and the instrumented runtime share it. Armed, it throws one throwable at
 * the n-th time execution reaches one site, on whatever thread gets there, and then disarms itself.
 */
public final class Faults {
    private static volatile int armedSite = -1;
    private static final AtomicInteger countdown = new AtomicInteger();
    private static volatile Throwable pending;
    private static volatile boolean fired;
    /** Hits per site while counting (racy increments: only "hit or not" and rough counts are needed). */
    private static volatile int[] hits;

    private Faults() {
    }

    /** Called by instrumented code; throws when the armed site is reached for the armed time. */
    public static void hit(int site) {
        int[] h = hits;
        if (h != null) h[site]++;
        if (site != armedSite) return;
        if (countdown.decrementAndGet() != 0) return;
        armedSite = -1;
        Throwable t = pending;
        pending = null;
        fired = true;
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
    }

    /** Throws {@code t} the {@code occurrence}-th time (from 1) execution reaches {@code site}. */
    public static void arm(int site, int occurrence, Throwable t) {
        fired = false;
        pending = t;
        countdown.set(occurrence);
        armedSite = site;
    }

    public static void disarm() {
        armedSite = -1;
        pending = null;
    }

    /** True if the armed throwable was thrown since the last {@link #arm}. */
    public static boolean fired() {
        return fired;
    }

    public static void startCounting(int sites) {
        hits = new int[sites];
    }

    public static int[] stopCounting() {
        int[] h = hits;
        hits = null;
        return h;
    }
}
