package org.weft;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.val;
import static org.weft.Sync.await;

/**
 * Observability (DESIGN §6): a runtime built with {@code trace(file)} and {@code graph(file)} writes, when a
 * region ends, a Chrome/Perfetto JSON timeline with one task event per task and a Graphviz DOT graph with one
 * node per task and exactly the dependency edges; every task run emits one {@code org.weft.Task} JFR event
 * with its name; {@link Stats} counts spawned and executed tasks.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TraceTest {
    private static final Pattern DOT_NODE = Pattern.compile("^\\s*(\\S+) \\[label=\"#\\d+ (.*)\"\\];$");
    private static final Pattern DOT_EDGE = Pattern.compile("^\\s*(\\S+) -> (\\S+);$");
    private static final Pattern TRACE_TASK = Pattern.compile("\"name\":\"([^\"]*)\",\"cat\":\"task\"");

    /**
     * w writes x; r1 and r2 read it; u updates it; z touches other data. The writer is held until every task
     * is spawned, so each dependency is still pending when it is registered.
     */
    private static void diamond(Region r, long[] x, long[] y, CountDownLatch allSpawned) {
        r.task((long[] a) -> {
            await(allSpawned, "every task to be spawned");
            a[0] = 1;
        }).name("w").spawn(out(x));
        r.task((long[] a) -> { }).name("r1").spawn(in(x));
        r.task((long[] a) -> { }).name("r2").spawn(in(x));
        r.task((long[] a) -> { a[0]++; }).name("u").spawn(inOut(x));
        r.task((long[] a) -> { a[0]++; }).name("z").spawn(inOut(y));
        allSpawned.countDown();
    }

    private static final Set<String> DIAMOND_EDGES = Set.of("w -> r1", "w -> r2", "w -> u", "r1 -> u", "r2 -> u");

    private static final Pattern TRACE_SLICE = Pattern.compile(
            "\\{\"ph\":\"X\",\"pid\":1,\"tid\":(\\d+),\"name\":\"([^\"]*)\",\"cat\":\"task\",\"ts\":([0-9.]+),\"dur\":([0-9.]+)");
    private static final Pattern TRACE_FLOW = Pattern.compile(
            "\\{\"ph\":\"([sf])\",(?:\"bp\":\"e\",)?\"id\":(\\d+),\"pid\":1,\"tid\":(\\d+),\"name\":\"dependency\",\"cat\":\"dependency\",\"ts\":([0-9.]+)");

    private record Slice(int tid, String name, double start, double end) {
    }

    /** The name of the task slice on track {@code tid} that encloses time {@code ts}. */
    private static String sliceAt(List<Slice> slices, int tid, double ts) {
        for (Slice s : slices) if (s.tid == tid && s.start <= ts && ts <= s.end) return s.name;
        throw new AssertionError("no task slice on track " + tid + " at " + ts);
    }

    @Test
    void traceHasAnArrowPerDependencyBetweenTheSlicesItLinks(@TempDir Path tmp) throws IOException {
        Path trace = tmp.resolve("trace.json");
        long[] x = {0}, y = {0};
        try (Weft weft = Weft.builder().workers(4).trace(trace).build()) {
            weft.region(r -> diamond(r, x, y, new CountDownLatch(1)));
        }
        String json = Files.readString(trace);
        List<Slice> slices = new ArrayList<>();
        for (Matcher m = TRACE_SLICE.matcher(json); m.find(); ) {
            double ts = Double.parseDouble(m.group(3));
            slices.add(new Slice(Integer.parseInt(m.group(1)), m.group(2), ts, ts + Double.parseDouble(m.group(4))));
        }
        assertEquals(5, slices.size(), json);
        Map<String, String> from = new HashMap<>(), to = new HashMap<>();
        for (Matcher m = TRACE_FLOW.matcher(json); m.find(); ) {
            String name = sliceAt(slices, Integer.parseInt(m.group(3)), Double.parseDouble(m.group(4)));
            (m.group(1).equals("s") ? from : to).put(m.group(2), name);
        }
        assertEquals(from.keySet(), to.keySet(), "every arrow has both ends");
        Set<String> arrows = new TreeSet<>();
        for (String id : from.keySet()) arrows.add(from.get(id) + " -> " + to.get(id));
        assertEquals(new TreeSet<>(DIAMOND_EDGES), arrows, "one arrow per dependency, from the task depended on");
        assertTrue(json.contains("\"name\":\"process_name\""), "the process is named");
    }

    @Test
    void namesWithIndicesAppearInTheTraceTheGraphAndErrors(@TempDir Path tmp) throws IOException {
        Path trace = tmp.resolve("trace.json"), dot = tmp.resolve("graph.dot");
        double[] a = new double[4];
        try (Weft weft = Weft.builder().workers(2).trace(trace).graph(dot).build()) {
            weft.region(r -> {
                for (int i = 0; i < 2; i++)
                    for (int j = 0; j < 2; j++) {
                        int k = 2 * i + j;
                        r.task((org.weft.data.DoubleSlice v) -> v.set(0, k)).name("cell", i, j).spawn(inOut(org.weft.data.Views.at(a, k)));
                    }
                Task<Void> t = r.task(() -> { }).name("sum", 7).spawn(in(a));
                assertEquals("sum(7)", t.name());
            });
            TaskFailedException e = org.junit.jupiter.api.Assertions.assertThrows(TaskFailedException.class, () -> weft.region(r ->
                    r.task((double[] v) -> { throw new IllegalStateException("bad cell"); }).name("gemm", 3, 1, 2).spawn(inOut(a))));
            assertTrue(e.getMessage().contains("'gemm(3,1,2)'"), e.getMessage());
        }
        String json = Files.readString(trace);
        Map<String, Integer> perName = new TreeMap<>();
        for (Matcher m = TRACE_TASK.matcher(json); m.find(); ) perName.merge(m.group(1), 1, Integer::sum);
        assertEquals(Map.of("cell(0,0)", 1, "cell(0,1)", 1, "cell(1,0)", 1, "cell(1,1)", 1, "gemm(3,1,2)", 1, "sum(7)", 1), perName);
        Graph g = Graph.read(dot);
        assertEquals(new TreeSet<>(Set.of("cell(0,0) -> sum(7)", "cell(0,1) -> sum(7)", "cell(1,0) -> sum(7)", "cell(1,1) -> sum(7)")),
                new TreeSet<>(g.edges), "each cell is its own element: only the sum waits for them (regions do not order each other)");
    }

    @Test
    void traceJsonHasOneTaskEventPerTaskAndDotHasEveryNodeAndDependencyEdge(@TempDir Path tmp) throws IOException {
        Path trace = tmp.resolve("trace.json"), dot = tmp.resolve("graph.dot");
        long[] x = {0}, y = {0};
        try (Weft weft = Weft.builder().workers(4).trace(trace).graph(dot).build()) {
            weft.region(r -> diamond(r, x, y, new CountDownLatch(1)));
        }
        String json = Files.readString(trace);
        assertTrue(json.contains("\"traceEvents\""), "trace JSON should have traceEvents");
        Map<String, Integer> perName = new TreeMap<>();
        Matcher m = TRACE_TASK.matcher(json);
        while (m.find()) perName.merge(m.group(1), 1, Integer::sum);
        assertEquals(Map.of("w", 1, "r1", 1, "r2", 1, "u", 1, "z", 1), perName, "task events per task name");

        Graph g = Graph.read(dot);
        assertEquals(new TreeSet<>(Set.of("w", "r1", "r2", "u", "z")), new TreeSet<>(g.names.values()), "DOT nodes");
        assertEquals(5, g.names.size(), "one DOT node per task");
        assertEquals(new TreeSet<>(DIAMOND_EDGES), new TreeSet<>(g.edges), "DOT edges");
    }

    @Test
    void graphKeepsTheEdgeToAPredecessorThatFinishedBeforeTheSuccessorWasSpawned(@TempDir Path tmp) throws IOException {
        // The dependency of 'reader' on 'writer' is the same whether or not 'writer' already finished; the graph
        // should not depend on timing. With one worker, join() runs 'writer' to its very end on the body's thread,
        // so 'writer' has certainly completed when 'reader' is spawned.
        Path dot = tmp.resolve("graph.dot");
        long[] x = {0};
        try (Weft weft = Weft.builder().workers(1).graph(dot).build()) {
            weft.region(r -> {
                r.task((long[] a) -> { a[0] = 1; }).name("writer").spawn(out(x)).await();
                r.task((long[] a) -> { }).name("reader").spawn(in(x));
            });
        }
        Graph g = Graph.read(dot);
        assertEquals(2, g.names.size());
        assertEquals(List.of("writer -> reader"), g.edges, "the RAW dependency should be in the graph");
    }

    /** Nodes (key to task name) and edges (as "from -> to" by name) of a DOT file written by Weft. */
    private record Graph(Map<String, String> names, List<String> edges) {
        static Graph read(Path dot) throws IOException {
            List<String> lines = Files.readAllLines(dot);
            assertTrue(lines.getFirst().startsWith("digraph"), "DOT file should start with digraph: " + lines.getFirst());
            Map<String, String> names = new HashMap<>();
            List<String[]> rawEdges = new ArrayList<>();
            for (String line : lines) {
                Matcher n = DOT_NODE.matcher(line), e = DOT_EDGE.matcher(line);
                if (n.matches()) names.put(n.group(1), n.group(2));
                else if (e.matches()) rawEdges.add(new String[]{e.group(1), e.group(2)});
            }
            List<String> edges = new ArrayList<>();
            for (String[] e : rawEdges) edges.add(names.get(e[0]) + " -> " + names.get(e[1]));
            return new Graph(names, edges);
        }
    }

    @Test
    void everyTaskEmitsOneJfrEventWithItsName(@TempDir Path tmp) throws IOException {
        int n = 12;
        String prefix = "jfr-task-" + System.nanoTime() + "-";
        List<RecordedEvent> events;
        try (Recording rec = new Recording()) {
            rec.enable("org.weft.Task");
            rec.start();
            long[] x = {0};
            try (Weft weft = Weft.builder().workers(2).build()) {
                weft.region(r -> {
                    for (int i = 0; i < n; i++) r.task((long[] a) -> { a[0]++; }).name(prefix + i).spawn(inOut(x));
                });
            }
            rec.stop();
            Path file = tmp.resolve("weft.jfr");
            rec.dump(file);
            events = RecordingFile.readAllEvents(file);
        }
        Map<String, Integer> perName = new TreeMap<>();
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals("org.weft.Task")) continue;
            String task = e.getString("task");
            if (task == null || !task.startsWith(prefix)) continue;
            perName.merge(task, 1, Integer::sum);
            assertEquals("done", e.getString("outcome"), task);
        }
        Map<String, Integer> expected = new TreeMap<>();
        for (int i = 0; i < n; i++) expected.put(prefix + i, 1);
        assertEquals(expected, perName, "org.weft.Task events per task name");
    }

    @Test
    void statsCountSpawnedAndExecutedTasks() {
        try (Weft weft = Weft.builder().workers(2).build()) {
            Stats before = weft.stats();
            long[] x = {0}, y = {0};
            weft.region(r -> diamond(r, x, y, new CountDownLatch(1)));
            weft.region(r -> {
                for (int i = 0; i < 20; i++) r.spawn((long[] a) -> { a[0]++; }, inOut(y));
            });
            Stats after = weft.stats();
            assertEquals(25, after.tasks() - before.tasks(), "tasks spawned");
            assertEquals(25, after.executed() - before.executed(), "tasks executed");
            assertEquals(0, after.failed() - before.failed());
            assertEquals(0, after.cancelled() - before.cancelled());
            assertEquals(21, y[0]);
            assertTrue(after.steals() <= after.tasks(), "steals count tasks that moved between workers: " + after);
        }
    }

    private static void meetAt(java.util.concurrent.CyclicBarrier barrier) {
        Sync.meetOrFail(barrier);
    }

    /**
     * Two tasks that must run at the same time, both queued by the worker running the body: one of them runs on
     * the other worker, taken from the first one's queue, so one or two steals; a region of 50 tasks never shows
     * more steals than tasks (the pool's own steal count, which this counter replaced, could).
     */
    @Test
    void stealsCountTasksThatMovedBetweenWorkersAndNeverExceedTheTasks() {
        try (Weft weft = Weft.builder().workers(2).inlineTinyTasks(false).build()) {
            java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
            weft.region(r -> {
                r.task(TraceTest::meetAt).name("a").spawn(val(both));
                r.task(TraceTest::meetAt).name("b").spawn(val(both));
            });
            long steals = weft.stats().steals();
            assertTrue(steals >= 1 && steals <= 2, "steals " + steals);
            long[] x = {0};
            weft.region(r -> {
                for (int i = 0; i < 50; i++) r.spawn((long[] a) -> { a[0]++; }, inOut(x));
            });
            Stats s = weft.stats();
            assertEquals(50, x[0]);
            assertTrue(s.steals() <= s.tasks(), s.toString());
        }
    }
}
