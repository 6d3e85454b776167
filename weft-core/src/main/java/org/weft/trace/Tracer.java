package org.weft.trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records a timeline of task runs and waits per thread and writes it as Chrome/Perfetto trace JSON
 * ({@code ui.perfetto.dev}, {@code chrome://tracing}): one track per worker thread, a slice per task run (named
 * as the task is, {@code gemm(3,1,2)}) or wait, and an arrow (a flow event) from each task to each task that
 * depended on it. Recording is off unless a trace file was configured; spans and dependencies are appended to
 * lock-free queues, at most {@link #MAX_EVENTS} of each. Thread-safe.
 */
public final class Tracer {
    public static final int MAX_EVENTS = 2_000_000;

    private record Event(String name, String cat, String thread, long startNs, long durNs, String id) {
    }

    private record Flow(String from, String to) {
    }

    private final long origin = System.nanoTime();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Flow> flows = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger(), flowCount = new AtomicInteger();

    /** Records that the task keyed {@code toKey} depended on the one keyed {@code fromKey}: an arrow between their slices. */
    public void flow(String fromKey, String toKey) {
        if (flowCount.incrementAndGet() > MAX_EVENTS) return;
        flows.add(new Flow(fromKey, toKey));
    }

    /** A span on the track named {@code track} rather than the calling thread's (copies go on a track per memory space). */
    public void spanOn(String track, String name, String cat, long startNs, long endNs, String id) {
        if (count.incrementAndGet() > MAX_EVENTS) return;
        events.add(new Event(name, cat, track, startNs, endNs - startNs, id));
    }

    /** Records one span on the current thread's timeline. */
    public void span(String name, String cat, long startNs, long endNs, String id) {
        if (count.incrementAndGet() > MAX_EVENTS) return;
        events.add(new Event(name, cat, Thread.currentThread().getName(), startNs, endNs - startNs, id));
    }

    /** Number of events recorded (capped at {@link #MAX_EVENTS}). */
    public int size() {
        return Math.min(count.get(), MAX_EVENTS);
    }

    /** Number of dependencies recorded (capped at {@link #MAX_EVENTS}). */
    public int flowCount() {
        return Math.min(flowCount.get(), MAX_EVENTS);
    }

    /**
     * Writes every event recorded so far: thread names (a track per worker, in name order), the spans, and
     * for each dependency between two traced task runs a flow from the end of the first to the start of the second.
     */
    public void write(Path file) throws IOException {
        List<Event> all = new ArrayList<>(events);
        Map<String, Integer> tids = new TreeMap<>();
        Map<String, Event> runs = new HashMap<>();
        for (Event e : all) {
            tids.putIfAbsent(e.thread, 0);
            if (!e.cat.equals("wait")) runs.put(e.id, e);
        }
        int next = 1;
        for (Map.Entry<String, Integer> t : tids.entrySet()) t.setValue(next++);
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
            w.write("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"args\":{\"name\":\"Weft\"}}");
            for (Map.Entry<String, Integer> t : tids.entrySet()) {
                w.write(",\n{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":" + t.getValue()
                        + ",\"args\":{\"name\":" + quote(t.getKey()) + "}}");
                w.write(",\n{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":1,\"tid\":" + t.getValue()
                        + ",\"args\":{\"sort_index\":" + t.getValue() + "}}");
            }
            for (Event e : all) {
                w.write(String.format(Locale.ROOT,
                        ",%n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"name\":%s,\"cat\":%s,\"ts\":%.3f,\"dur\":%.3f,\"args\":{\"id\":%s}}",
                        tids.get(e.thread), quote(e.name), quote(e.cat), micros(e.startNs), e.durNs / 1e3, quote(e.id)));
            }
            long id = 0;
            for (Flow f : flows) {
                Event from = runs.get(f.from), to = runs.get(f.to);
                if (from == null || to == null) continue;       // one end never ran (cancelled) or was not recorded
                id++;
                // the start binds to the slice enclosing its time stamp (the predecessor's, 1 ns before its end),
                // the end ("bp":"e") to the slice enclosing its own (the successor's start)
                long out = from.startNs + Math.max(0, from.durNs - 1);
                w.write(String.format(Locale.ROOT,
                        ",%n{\"ph\":\"s\",\"id\":%d,\"pid\":1,\"tid\":%d,\"name\":\"dependency\",\"cat\":\"dependency\",\"ts\":%.3f}"
                                + ",%n{\"ph\":\"f\",\"bp\":\"e\",\"id\":%d,\"pid\":1,\"tid\":%d,\"name\":\"dependency\",\"cat\":\"dependency\",\"ts\":%.3f}",
                        id, tids.get(from.thread), micros(out), id, tids.get(to.thread), micros(to.startNs)));
            }
            w.write("\n]}\n");
        }
    }

    private double micros(long ns) {
        return (ns - origin) / 1e3;
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
