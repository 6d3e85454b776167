package org.weft.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinalgTableTest {
    private static ResultLine parse(String s) {
        return ResultLine.parse(s).orElseThrow();
    }

    private static final List<ResultLine> LINES = List.of(
            parse("RESULT kernel gemm rt=weft-ffm nb=256 threads=1 rep=0 time_us=540 gflops=62.0 foreign=0.00"),
            parse("RESULT kernel gemm nb=256 threads=1 rep=0 time_us=530 gflops=64.0 foreign=0.00"),
            parse("RESULT blas dgemm n=4096 threads=2 rep=0 time_s=1.08 gflops=125.0 foreign=0.00"),
            parse("RESULT chol weft rt=weft n=4096 nb=256 threads=2 rep=0 time_s=0.2 gflops=110 residual=1e-16 foreign=0.00"),
            parse("RESULT chol weft rt=weft n=4096 nb=256 threads=2 rep=1 time_s=0.2 gflops=120 residual=unchecked foreign=0.00"),
            parse("RESULT chol weft rt=weft n=4096 nb=256 threads=2 rep=2 time_s=0.2 gflops=100 residual=unchecked foreign=0.00"),
            parse("RESULT chol omp rt=libgomp(gcc) n=4096 nb=256 threads=2 rep=0 time_s=0.2 gflops=100 residual=2e-16 foreign=0.00"),
            parse("RESULT chol starpu n=4096 nb=256 threads=2 sched=default(lws) rep=0 time_s=0.2 gflops=125 residual=2e-16 foreign=0.00"),
            parse("RESULT chol lapacke-dpotrf rt=none n=4096 nb=0 threads=2 rep=0 time_s=0.2 gflops=220 residual=2e-16 foreign=0.00"),
            parse("RESULT chol omp rt=libgomp(gcc) n=4096 nb=256 threads=2 rep=1 status=FAIL"),
            parse("RESULT qr weft rt=weft n=4096 nb=256 ib=32 threads=2 rep=0 time_s=1 gflops=90 residual=4e-16 foreign=0.00"),
            parse("RESULT qr lapacke-dgeqrf rt=none n=4096 nb=0 threads=2 rep=0 time_s=1 gflops=75 foreign=0.00"));

    @Test
    void ratiosComparePeersAtTheSameSizeAndKernel() {
        LinalgTable t = LinalgTable.of(LINES, 2);
        LinalgTable.Row weft = t.rows().stream().filter(r -> r.bench().equals("chol") && r.runtime().equals("weft")).findFirst().orElseThrow();
        assertEquals(110, weft.medianGflops(), 1e-9, "median of 110, 120, 100");
        assertEquals(110 / 125.0, weft.ofPeak(), 1e-9);
        LinalgTable.Row omp = t.rows().stream().filter(r -> r.variant().equals("omp")).findFirst().orElseThrow();
        assertEquals(1, omp.all(), "the failed rep is left out");
        assertEquals(1.1, omp.weftRatio(), 1e-9);
        LinalgTable.Row lapacke = t.rows().stream().filter(r -> r.variant().equals("lapacke-dpotrf")).findFirst().orElseThrow();
        assertEquals(0.5, lapacke.weftRatio(), 1e-9, "LAPACKE has no tile size: compared at the same order");
        LinalgTable.Row cGemm = t.rows().stream().filter(r -> r.bench().equals("kernel") && r.runtime().equals("C")).findFirst().orElseThrow();
        assertEquals(62.0 / 64.0, cGemm.weftRatio(), 1e-9);
        LinalgTable.Row geqrf = t.rows().stream().filter(r -> r.variant().equals("lapacke-dgeqrf")).findFirst().orElseThrow();
        assertEquals(1.2, geqrf.weftRatio(), 1e-9);
    }

    @Test
    void theVerdictNamesTheBestTaskRuntimeNotLapacke() {
        LinalgTable t = LinalgTable.of(LINES, 2);
        assertEquals(1, t.verdicts().size());
        String v = t.verdicts().getFirst();
        assertTrue(v.startsWith("chol n=4096 nb=256: Weft 110.0 GFLOP/s = 0.88x the best C task runtime (starpu, 125.0 GFLOP/s)"), v);
        assertTrue(t.markdown().contains("| chol | weft | weft | n=4096 nb=256 threads=2 | 3/3 | 110.00 | — | 0.88 |"), t.markdown());
        assertFalse(t.text().isBlank());
    }

    @Test
    void theStorageSectionGetsOneVerdictPerSizeWithTheHeapStoragesAsFractionsOfNative() {
        List<ResultLine> lines = List.of(
                parse("RESULT chol-storage native rt=weft n=4096 nb=256 threads=2 rep=0 order=0 time_s=0.5 gflops=100 residual=unchecked foreign=0.00"),
                parse("RESULT chol-storage heap-offheap rt=weft n=4096 nb=256 threads=2 rep=0 order=1 time_s=0.5 gflops=97 residual=unchecked foreign=0.00 copies_in=136 copies_out=1"),
                parse("RESULT chol-storage heap-staged rt=weft n=4096 nb=256 threads=2 rep=0 order=2 time_s=0.5 gflops=80 residual=unchecked foreign=0.00 staged=1000"),
                parse("RESULT chol-storage native rt=weft n=4096 nb=512 threads=2 rep=0 order=0 time_s=0.5 gflops=100 residual=unchecked foreign=0.00"),
                parse("RESULT chol-storage heap-offheap rt=weft n=4096 nb=512 threads=2 rep=0 order=1 time_s=0.5 gflops=90 residual=unchecked foreign=0.00"));
        LinalgTable t = LinalgTable.of(lines, 2);
        assertEquals(List.of(
                "chol-storage n=4096 nb=256: native 100.0 GFLOP/s; heap-offheap 97.0 GFLOP/s = 0.97x native (reaches 0.95); heap-staged 80.0 GFLOP/s = 0.80x native",
                "chol-storage n=4096 nb=512: native 100.0 GFLOP/s; heap-offheap 90.0 GFLOP/s = 0.90x native (BELOW 0.95)"), t.verdicts());
        assertEquals(5, t.rows().size());
        assertTrue(t.rows().stream().allMatch(r -> Double.isNaN(r.weftRatio())), "Weft against itself: no Weft ÷ peer ratios");
    }

    @Test
    void theStorageSectionRunsOnlyWhenAskedFor() {
        LinalgOptions plain = LinalgOptions.parse(List.of(), Path.of("/tmp"), Map.of());
        assertTrue(plain.runs("chol") && !plain.runs("storage"));
        LinalgOptions asked = LinalgOptions.parse(List.of("--only", "storage", "--sizes", "4096:256"), Path.of("/tmp"), Map.of());
        assertTrue(asked.runs("storage") && !asked.runs("chol"));
        assertTrue(LinalgOptions.USAGE.contains("storage"));
    }

    @Test
    void optionsParseSizesSectionsAndRejectNonsense() {
        LinalgOptions o = LinalgOptions.parse(List.of("--sizes", "1024:128,2048:256", "--only", "chol,qr", "--reps", "4", "--ib", "16",
                "--factor-size", "512:64", "--no-anchors"), Path.of("/tmp"), Map.of());
        assertEquals(List.of(new LinalgOptions.Size(1024, 128), new LinalgOptions.Size(2048, 256)), o.sizes());
        assertTrue(o.runs("chol") && o.runs("qr") && !o.runs("kernels"));
        assertEquals(4, o.reps());
        assertEquals(new LinalgOptions.Size(512, 64), o.factorSize());
        assertFalse(o.anchors());
        assertEquals(Path.of("/tmp/bench-results/linalg"), o.out());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinalgOptions.parse(List.of("--sizes", "4096"), Path.of("/tmp"), Map.of()));
        assertEquals("a size is N:NB, like 4096:256, not '4096'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinalgOptions.parse(List.of("--only", "fft"), Path.of("/tmp"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> LinalgOptions.parse(List.of("--sizes", "100:200"), Path.of("/tmp"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> LinalgOptions.parse(List.of("--ib", "300"), Path.of("/tmp"), Map.of()));
    }
}
