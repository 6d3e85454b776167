package org.weft.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows how far a long computation has come, from a counter of completed steps that the computation
 * updates, without slowing it down: a daemon thread reads the counter every 100 ms and draws
 * {@code [#####.....]  50%  408/816 tasks  1.2 s}. On a terminal the line is redrawn in place with
 * {@code \r}; elsewhere (a pipe, a CI log) a line is printed each time another tenth is done.
 * {@link #close()} stops the thread and draws the final state.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final long total;
    private final LongSupplier completed;
    private final boolean redraw;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private int tenthsShown;

    private ProgressBar(PrintWriter out, long total, LongSupplier completed, boolean redraw) {
        this.out = out;
        this.total = total;
        this.completed = completed;
        this.redraw = redraw;
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("weft-progress").factory());
    }

    /**
     * Starts drawing the progress of {@code total} steps, of which {@code completed} says how many are done.
     * {@code redraw}: redraw one line in place (for a terminal) rather than print a line per tenth.
     */
    static ProgressBar start(PrintWriter out, long total, LongSupplier completed, boolean redraw) {
        ProgressBar bar = new ProgressBar(out, total, completed, redraw);
        bar.ticker.scheduleAtFixedRate(bar::draw, 0, 100, TimeUnit.MILLISECONDS);
        return bar;
    }

    /** True if standard output is an interactive terminal, where redrawing in place works. */
    static boolean onTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    private synchronized void draw() {
        long done = Math.min(completed.getAsLong(), total);
        int tenths = total == 0 ? 10 : (int) (10 * done / total);
        if (redraw) {
            out.print("\r" + line(done));
            out.flush();
        } else if (tenths > tenthsShown) {
            tenthsShown = tenths;
            out.println(line(done));
            out.flush();
        }
    }

    private String line(long done) {
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return String.format(Locale.ROOT, "  [%s%s] %3d%%  %d/%d tasks  %.1f s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                total == 0 ? 100 : 100 * done / total, done, total, seconds);
    }

    /** Stops drawing and draws the final state (ending the line on a terminal). */
    @Override
    public void close() {
        stopTicker(ticker);
        draw();
        if (redraw) {
            out.println();
            out.flush();
        }
    }

    /** Stops a redraw ticker: lets a draw in progress finish (one second at most), keeping an interrupt for the caller. */
    static void stopTicker(ScheduledExecutorService ticker) {
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(1, TimeUnit.SECONDS)) ticker.shutdownNow();
        } catch (InterruptedException e) {
            ticker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
