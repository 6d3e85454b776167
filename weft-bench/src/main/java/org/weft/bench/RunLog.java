package org.weft.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmark run reports as it goes: each RESULT line, printed and appended to the raw log file and
 * kept for the summary; notes on what was skipped or failed; and the waits for a quiet machine before each
 * program. One per run, used by the run's thread only; {@link #close()} closes the log file.
 */
final class RunLog implements AutoCloseable {
    private final PrintStream out;
    private final BufferedWriter log;
    private final int quietWaitSeconds;
    private final List<ResultLine> results = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Writes RESULT lines to {@code logFile} (replacing it) and echoes everything to {@code out}. */
    RunLog(PrintStream out, Path logFile, int quietWaitSeconds) throws IOException {
        this.out = out;
        this.log = Files.newBufferedWriter(logFile);
        this.quietWaitSeconds = quietWaitSeconds;
    }

    /** Prints, logs and keeps one RESULT line. */
    void emit(ResultLine l) {
        results.add(l);
        out.println(l);
        try {
            log.write(l.toString());
            log.newLine();
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the raw log", e);
        }
    }

    /** Prints and keeps a note for the summary. */
    void note(String n) {
        notes.add(n);
        out.println("note: " + n);
    }

    /** Waits, within the run's bound, for other processes to leave the machine quiet, and says so if it waited. */
    void awaitQuiet() throws InterruptedException {
        if (quietWaitSeconds == 0) return;
        long waited = ForeignCpu.awaitQuiet(Duration.ofSeconds(quietWaitSeconds));
        if (waited >= quietWaitSeconds) out.println("   (machine still busy after " + waited + " s; running anyway)");
        else if (waited > 0) out.println("   (waited " + waited + " s for a quiet machine)");
    }

    List<ResultLine> results() {
        return List.copyOf(results);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
