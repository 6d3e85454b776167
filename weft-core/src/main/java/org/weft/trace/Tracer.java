package org.weft.trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records a timeline of task runs and waits per thread and writes it as Chrome/Perfetto trace JSON
 * ({@code chrome://tracing}, {@code ui.perfetto.dev}). Recording is off unless a trace file was configured;
 * events are appended to a lock-free queue, at most {@link #MAX_EVENTS} of them. Thread-safe.
 */
public final class Tracer {
    public static final int MAX_EVENTS = 2_000_000;

    private record Event(String name, String cat, String thread, long startNs, long durNs, String id) {
    }

    private final long origin = System.nanoTime();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    /** Records one span on the current thread's timeline. */
    public void span(String name, String cat, long startNs, long endNs, String id) {
        if (count.incrementAndGet() > MAX_EVENTS) return;
        events.add(new Event(name, cat, Thread.currentThread().getName(), startNs, endNs - startNs, id));
    }

    /** Number of events recorded (capped at {@link #MAX_EVENTS}). */
    public int size() {
        return Math.min(count.get(), MAX_EVENTS);
    }

    /** Writes every event recorded so far. */
    public void write(Path file) throws IOException {
        List<Event> all = new ArrayList<>(events);
        Map<String, Integer> tids = new TreeMap<>();
        for (Event e : all) tids.putIfAbsent(e.thread, 0);
        int next = 1;
        for (Map.Entry<String, Integer> t : tids.entrySet()) t.setValue(next++);
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
            boolean first = true;
            for (Map.Entry<String, Integer> t : tids.entrySet()) {
                if (!first) w.write(",\n");
                first = false;
                w.write("{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":" + t.getValue()
                        + ",\"args\":{\"name\":" + quote(t.getKey()) + "}}");
            }
            for (Event e : all) {
                if (!first) w.write(",\n");
                first = false;
                w.write(String.format(java.util.Locale.ROOT,
                        "{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"name\":%s,\"cat\":%s,\"ts\":%.3f,\"dur\":%.3f,\"args\":{\"id\":%s}}",
                        tids.get(e.thread), quote(e.name), quote(e.cat), (e.startNs - origin) / 1e3, e.durNs / 1e3, quote(e.id)));
            }
            w.write("\n]}\n");
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
