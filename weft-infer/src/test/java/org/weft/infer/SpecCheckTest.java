package org.weft.infer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.Weft;
import org.weft.infer.examples.Kernels;
import org.weft.spec.Explanation;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build-time step: contradictions found and reported, specs written, and read back by the runtime. */
class SpecCheckTest {
    private static final Path TEST_CLASSES = Path.of("target/test-classes");

    @Test
    void reportsADeclaredInThatTheBytecodeWritesAndWritesTheSpecs(@TempDir Path dir) throws IOException {
        StringWriter log = new StringWriter();
        Path out = dir.resolve("specs");
        SpecCheck.Report r = SpecCheck.check(TEST_CLASSES, List.of("org.weft.infer.check"), out, new PrintWriter(log, true));
        assertEquals(1, r.contradictions().size(), log.toString());
        String w = r.contradictions().getFirst();
        assertTrue(w.matches("Contradicting\\.java:\\d+: Contradicting\\.claimsToRead\\(double\\[\\], double\\[\\]\\) declares a @In, but writes it: "
                + "DASTORE at Contradicting\\.java:\\d+"), w);
        assertTrue(log.toString().contains("WARNING: " + w), log.toString());
        assertEquals(3, r.functions(), "two annotated methods and one lambda target");
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.getFirst().startsWith("# weft specs 1"), lines.getFirst());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("org.weft.infer.check.Contradicting\tcopy\t([D[D)V\t")
                && l.matches(".*\tIN\\|from\\|only read: System\\.arraycopy\\(Object, int, Object, int, int\\) at Contradicting\\.java:\\d+"
                + "\tOUT\\|to\\|overwritten whole before any read on every path: System\\.arraycopy\\(Object, int, Object, int, int\\) at Contradicting\\.java:\\d+")), String.join("\n", lines));
    }

    @Test
    void failsTheBuildOnAContradictionWhenAskedTo(@TempDir Path dir) {
        SpecCheck.Failure f = assertThrows(SpecCheck.Failure.class, () -> SpecCheck.main("--package", "org.weft.infer.check",
                "--out", dir.resolve("specs").toString(), "--fail-on-contradiction", TEST_CLASSES.toString()));
        assertTrue(f.getMessage().contains("1 declared spec(s) contradict the bytecode"), f.getMessage());
        assertThrows(SpecCheck.Failure.class, () -> SpecCheck.main("--nonsense"));
    }

    @Test
    void theBuildPrecomputedTheExamplesAndTheRuntimeUsesThem() throws IOException {
        Path specs = TEST_CLASSES.resolve("META-INF/weft/specs");
        assertTrue(Files.isRegularFile(specs), "written by the spec-check-examples execution of this module's build");
        assertTrue(Files.readString(specs).contains("org.weft.infer.examples.Kernels\taxpy\t"), Files.readString(specs));
        Explanation e = Weft.explain(Kernels::axpy);
        assertEquals(Explanation.Source.PRECOMPUTED, e.params().get(2).source(), e.toString());
        assertEquals(org.weft.Mode.INOUT, e.mode(3), e.toString());
    }
}
