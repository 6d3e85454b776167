package org.weft.bench;

import org.junit.jupiter.api.Test;
import org.weft.Weft;

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
