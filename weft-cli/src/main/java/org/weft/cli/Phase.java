package org.weft.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows that a step of unknown length is still running: {@code   generating the input ... 2.1 s}. On a terminal
 * the line is redrawn with the elapsed time every 100 ms; elsewhere (a pipe, a CI log) the line is printed when
 * the step starts. {@link #close()} ends it with the time taken: {@code   generating the input: 3.4 s}.
 */
final class Phase implements AutoCloseable {
    private final PrintWriter out;
    private final String what;
    private final boolean redraw;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;

    private Phase(PrintWriter out, String what, boolean redraw) {
        this.out = out;
        this.what = what;
        this.redraw = redraw;
        this.ticker = redraw ? Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("weft-phase").factory()) : null;
    }

    /** Starts showing {@code what}; {@code redraw}: redraw one line in place (a terminal) rather than print it once. */
    static Phase start(PrintWriter out, String what, boolean redraw) {
        Phase p = new Phase(out, what, redraw);
        if (redraw) {
            p.ticker.scheduleAtFixedRate(p::draw, 0, 100, TimeUnit.MILLISECONDS);
        } else {
            out.println("  " + what + " ...");
            out.flush();
        }
        return p;
    }

    private synchronized void draw() {
        out.print(String.format(Locale.ROOT, "\r  %s ... %.1f s", what, seconds()));
        out.flush();
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Stops redrawing and prints how long the step took. */
    @Override
    public void close() {
        if (ticker != null) ProgressBar.stopTicker(ticker);
        synchronized (this) {
            out.print(String.format(Locale.ROOT, "%s  %s: %.1f s%n", redraw ? "\r\033[K" : "", what, seconds()));
            out.flush();
        }
    }
}
