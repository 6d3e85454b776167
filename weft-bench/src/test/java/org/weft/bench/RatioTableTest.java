package org.weft.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioTableTest {

    private static ResultLine line(String workload, String rt, int threads, double tasksPerSecond, double seconds, double foreign) {
        return ResultLine.parse(String.format(java.util.Locale.ROOT,
                "RESULT micro %s rt=%s threads=%d tasks=1000000 rep=0 time_s=%.4f tasks_per_s=%.0f foreign=%.2f",
                workload, rt, threads, seconds, tasksPerSecond, foreign)).orElseThrow();
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, RatioTable.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, RatioTable.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertEquals(7.0, RatioTable.median(List.of(7.0)));
        assertThrows(IllegalArgumentException.class, () -> RatioTable.median(List.of()));
    }

    @Test
    void cleanFollowsSummarizePy() {
        assertTrue(RatioTable.isClean(line("chain", "weft", 2, 1, 1.0, 0.15), 2));
        assertFalse(RatioTable.isClean(line("chain", "weft", 2, 1, 1.0, 0.16), 2));
        assertTrue(RatioTable.isClean(line("chain", "weft", 1, 1, 1.0, 1.1), 2), "one thread leaves a core to others");
        assertTrue(RatioTable.isClean(line("chain", "weft", 2, 1, 0.1, 1.9), 2), "too short to meter");
        assertTrue(RatioTable.isClean(ResultLine.parse("RESULT micro chain rt=java(x) threads=2 time_s=1").orElseThrow(), 2));
    }

    @Test
    void weftFirstThenRunOrderWithRatiosOfMedians() {
        List<ResultLine> lines = List.of(
                line("indep", "libgomp(gcc)", 2, 10e6, 0.1, 0),
                line("indep", "weft", 2, 4e6, 0.25, 0),
                line("indep", "weft", 2, 6e6, 0.25, 0),
                line("indep", "weft", 2, 5e6, 0.25, 0),
                line("indep", "java(fj-fork)", 2, 20e6, 0.05, 0),
                line("chain", "weft", 2, 3e6, 0.3, 0),
                line("chain", "starpu", 2, 0.2e6, 5, 0));
        RatioTable t = RatioTable.of(lines, 2);
        List<String> order = t.rows().stream().map(r -> r.workload() + "/" + r.runtime()).toList();
        assertEquals(List.of("indep/weft", "indep/libgomp(gcc)", "indep/java(fj-fork)", "chain/weft", "chain/starpu"), order);
        RatioTable.Row weft = t.rows().getFirst();
        assertEquals(5e6, weft.medianTasksPerSecond());
        assertEquals(3, weft.all());
        assertTrue(Double.isNaN(weft.weftRatio()));
        assertEquals(0.5, t.rows().get(1).weftRatio(), 1e-12);
        assertEquals(0.25, t.rows().get(2).weftRatio(), 1e-12);
        assertEquals(15.0, t.rows().get(4).weftRatio(), 1e-12);
        assertEquals(200.0, weft.nanosPerTask(), 1e-9);
    }

    @Test
    void contaminatedRepsAreLeftOutUnlessNoneIsClean() {
        List<ResultLine> lines = List.of(
                line("chain", "weft", 2, 1e6, 1, 0.0),
                line("chain", "weft", 2, 9e6, 1, 0.9),
                line("chain", "libomp(clang)", 2, 1e6, 1, 0.9),
                line("chain", "libomp(clang)", 2, 3e6, 1, 0.8));
        RatioTable t = RatioTable.of(lines, 2);
        RatioTable.Row weft = t.rows().get(0), omp = t.rows().get(1);
        assertEquals(1, weft.clean());
        assertEquals(1e6, weft.medianTasksPerSecond());
        assertEquals(0, omp.clean());
        assertEquals(2e6, omp.medianTasksPerSecond());
        assertEquals(0.5, omp.weftRatio(), 1e-12);
        assertTrue(t.markdown().contains("| chain | libomp(clang) | 2 | 0/2 (none clean) | 2,000,000 | 500.0 | 0.50 |"));
    }

    @Test
    void ratiosOnlyAgainstWeftWithTheSameThreadCount() {
        RatioTable t = RatioTable.of(List.of(line("chain", "weft", 2, 2e6, 1, 0), line("chain", "libgomp(gcc)", 1, 1e6, 1, 0)), 2);
        assertTrue(Double.isNaN(t.rows().get(1).weftRatio()));
    }

    @Test
    void failuresAndOtherSectionsAreNotTabulated() {
        List<ResultLine> lines = List.of(
                ResultLine.microFailure("chain", "weft", 2, 0, "x=1"),
                ResultLine.parse("RESULT starpu-handles wavefront rt=starpu threads=2 register_s=50").orElseThrow(),
                line("chain", "libgomp(gcc)", 2, 1e6, 1, 0));
        RatioTable t = RatioTable.of(lines, 2);
        assertEquals(1, t.rows().size());
        assertTrue(Double.isNaN(t.rows().getFirst().weftRatio()));
    }

    @Test
    void ratioFormatting() {
        assertEquals("—", RatioTable.ratio(Double.NaN));
        assertEquals("14.7", RatioTable.ratio(14.71));
        assertEquals("0.76", RatioTable.ratio(0.7608));
        assertEquals("0.043", RatioTable.ratio(0.0431));
    }

    @Test
    void textIsAlignedWithoutTrailingBlanks() {
        String text = RatioTable.of(List.of(line("chain", "weft", 2, 3e6, 1, 0), line("chain", "libgomp(gcc)", 2, 1e6, 1, 0)), 2).text();
        List<String> rows = text.lines().toList();
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).startsWith("workload  runtime"));
        assertEquals(rows.get(0).length(), rows.get(2).length());
        assertTrue(rows.get(2).endsWith("3.00"));
        rows.forEach(r -> assertEquals(r.stripTrailing(), r));
    }
}
