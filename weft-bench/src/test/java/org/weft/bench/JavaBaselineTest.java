package org.weft.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JavaBaselineTest {

    @Test
    void keepsTheChosenWorkloadsAndAddsTheOutsideMeter() {
        Subprocess.Result r = new Subprocess.Result(0, false, List.of(
                "RESULT micro indep rt=java(fj-fork) threads=2 tasks=1000000 rep=0 time_s=0.0408 tasks_per_s=24494451",
                "RESULT micro chain rt=java(cf-thenRunAsync) threads=2 tasks=1000000 rep=0 time_s=0.2870 tasks_per_s=3484762",
                "RESULT micro wavefront rt=java(cf-allOf) threads=2 tasks=1000000 rep=0 time_s=1.0 tasks_per_s=1000000 foreign=0.01",
                "Exception in thread main"), 12.0, 0.123);
        List<String> lines = JavaBaseline.lines(r, List.of(Workload.WAVEFRONT, Workload.INDEP)).stream().map(ResultLine::toString).toList();
        assertEquals(List.of(
                "RESULT micro indep rt=java(fj-fork) threads=2 tasks=1000000 rep=0 time_s=0.0408 tasks_per_s=24494451 foreign=0.12",
                "RESULT micro wavefront rt=java(cf-allOf) threads=2 tasks=1000000 rep=0 time_s=1.0 tasks_per_s=1000000 foreign=0.01"),
                lines);
    }

    @Test
    void limitGrowsWithReps() {
        assertEquals(150 + 30 * 7, JavaBaseline.limit(5).toSeconds());
    }
}
