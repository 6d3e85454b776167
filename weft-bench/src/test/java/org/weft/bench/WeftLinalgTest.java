package org.weft.bench;

import org.junit.jupiter.api.Test;
import org.weft.Weft;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Weft's side of the linalg benchmark at small sizes: the RESULT lines it emits and the checks it makes. */
class WeftLinalgTest {
    @Test
    void eachFactorizationEmitsOneLinePerRepAndChecksTheLast() {
        try (Weft weft = Weft.builder().workers(2).build()) {
            for (WeftLinalg.Factorization f : WeftLinalg.Factorization.values()) {
                List<ResultLine> lines = new ArrayList<>();
                assertTrue(WeftLinalg.factorization(f, weft, 96, 32, 8, 2, 0, lines::add), f.bench);
                assertEquals(2, lines.size());
                assertEquals(f.bench, lines.getFirst().bench());
                assertEquals("weft", lines.getFirst().runtime());
                assertEquals("unchecked", lines.getFirst().get("residual"));
                assertTrue(lines.getLast().number("residual").orElse(1) < 1e-14, lines.getLast().toString());
                assertTrue(lines.getLast().number("gflops").orElse(0) > 0, lines.getLast().toString());
                assertEquals("96", lines.getLast().get("n"));
            }
        }
    }

    @Test
    void theStorageComparisonInterleavesTheThreeStoragesAndCountsTheirCopies() {
        MemorySpace off = MemorySpaces.offHeap("off-heap");
        try (Weft weft = Weft.builder().workers(2).build()) {
            List<ResultLine> lines = new ArrayList<>();
            assertTrue(WeftLinalg.choleskyStorage(weft, off, 96, 32, 2, 0, lines::add));
            assertEquals(List.of("native", "heap-offheap", "heap-staged", "native", "heap-offheap", "heap-staged"),
                    lines.stream().map(ResultLine::variant).toList());
            assertEquals(List.of("0", "1", "2", "2", "0", "1"), lines.stream().map(l -> l.get("order")).toList(),
                    "round 0 runs native first, round 1 starts with heap-offheap");
            for (ResultLine l : lines) {
                assertEquals(WeftLinalg.STORAGE_BENCH, l.bench());
                assertEquals("weft", l.runtime());
                assertTrue(l.number("gflops").orElse(0) > 0, l.toString());
                if (l.get("rep").equals("0")) assertEquals("unchecked", l.get("residual"));
                else assertTrue(l.number("residual").orElse(1) < 1e-14, l.toString());
                switch (l.variant()) {
                    case "heap-offheap" -> {
                        assertEquals("6", l.get("copies_in"), "3 x 3 tiles: the 6 lower ones in once: " + l);
                        assertEquals("1", l.get("copies_out"), "the array home once: " + l);
                        assertEquals("0.0", l.get("mib_in"));   // 6 tiles of 8 KiB
                        assertEquals(null, l.get("staged"));
                    }
                    case "heap-staged" -> {
                        assertEquals("18", l.get("staged"), "3 potrf x 1 + 3 trsm x 2 + 3 syrk x 2 + 1 gemm x 3: " + l);
                        assertEquals(null, l.get("copies_in"));
                    }
                    default -> assertEquals(null, l.get("staged"));
                }
            }
        }
    }

    @Test
    void kernelLinesFollowBlasPeak() {
        List<ResultLine> lines = new ArrayList<>();
        WeftLinalg.kernels(32, 1, lines::add);
        assertEquals(List.of("potrf", "trsm", "syrk", "gemm"), lines.stream().map(ResultLine::variant).toList());
        for (ResultLine l : lines) {
            assertEquals("kernel", l.bench());
            assertEquals("weft-ffm", l.get("rt"));
            assertTrue(l.number("gflops").orElse(0) > 0, l.toString());
        }
    }
}
