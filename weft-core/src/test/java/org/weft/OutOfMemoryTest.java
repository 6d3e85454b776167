package org.weft;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link OutOfMemoryError} for real (issue 9, item 5), in a child JVM with a 48 MiB heap running
 * {@link OutOfMemoryMain}: an error thrown before the first task of the JVM ran, and one thrown inside a task while
 * 2,000 others run. The child must finish (no hang), no region may return while one of its tasks runs, and the
 * runtime must work afterwards, or, if a class failed to initialise for good, say so plainly.
 */
class OutOfMemoryTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"in-task", "before-build"})
    void anOutOfMemoryErrorNeverHangsTheRuntimeNorLetsARegionReturnEarly(String mode, @TempDir Path tmp) throws IOException, InterruptedException {
        Path out = tmp.resolve("child.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx48m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                OutOfMemoryMain.class.getName(), mode)
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) fail("the child JVM hung (" + mode + "):\n" + tail(out));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        String output = tail(out);
        List<String> lines = Files.readAllLines(out);
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + output);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("BAD")), output);
        String last = lines.getLast();
        assertTrue(last.equals("OK") || last.startsWith("BROKEN, said plainly"), output);
        System.out.println("OutOfMemoryTest " + mode + ":\n" + output);
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) return "(no output)";
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
