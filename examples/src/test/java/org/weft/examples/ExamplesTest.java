package org.weft.examples;

import org.junit.jupiter.api.Test;
import org.weft.Weft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the README's examples, as a user's project would, and checks that the README shows them as they are here. */
class ExamplesTest {

    @Test
    void quickStart() {
        double[] x = new double[1000], y = new double[1000], m = new double[512 * 512];
        Arrays.fill(x, 1);
        Arrays.fill(m, 1);
        QuickStart.run(x, y, m);
        assertEquals(2000.0, y[0], "y[0] = x.y after y += 2x");
        assertEquals(2.0, y[1]);
        for (double v : m) assertEquals(0.5, v);
    }

    @Test
    void views() {
        double[] a = new double[100], m = new double[36];
        Arrays.fill(m, 7);
        ViewsExample.run(a, m);
        for (int i = 0; i < 100; i++) {
            double filled = i < 50 ? 1 : 2, expected = i < 3 ? 10 : i % 10 == 5 ? filled + (i < 50 ? 1 : 2) : filled;
            assertEquals(expected, a[i], "a[" + i + "]");
        }
        for (int j = 0; j < 6; j++)
            for (int i = 0; i < 6; i++) {
                double expected = i >= 2 && i < 4 && j >= 2 && j < 4 ? 0 : i > j ? 1 : i < j ? 2 : 7;
                assertEquals(expected, m[i + 6 * j], "m(" + i + ", " + j + ")");
            }
    }

    @Test
    void tiledCholeskySolves() {
        int n = 600, k = 3;
        Random rnd = new Random(1);
        double[] g = new double[n * n], a = new double[n * n], b = new double[n * k];
        for (int i = 0; i < g.length; i++) g[i] = rnd.nextDouble() - 0.5;
        for (int j = 0; j < n; j++)                     // A = G G^T + n I: symmetric positive definite
            for (int i = 0; i < n; i++) {
                double s = i == j ? n : 0;
                for (int l = 0; l < n; l++) s += g[i + l * n] * g[j + l * n];
                a[i + j * n] = s;
            }
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble();
        double[] x = b.clone();
        TiledCholesky.solve(a.clone(), x, n, k);
        for (int c = 0; c < k; c++)
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int l = 0; l < n; l++) s += a[i + l * n] * x[l + c * n];
                assertEquals(b[i + c * n], s, 1e-9, "(A X)(" + i + ", " + c + ")");
            }
    }

    @Test
    void memorySpaces() {
        double[] m = new double[512 * 512], grid = new double[64];
        for (int i = 0; i < m.length; i++) m[i] = i;
        for (int i = 0; i < grid.length; i++) grid[i] = i % 7;
        double[] expected = grid.clone();
        for (int k = 0; k < 100; k++) MemorySpacesExample.sweep(expected);
        String stats = MemorySpacesExample.run(m, grid);
        for (int j = 0; j < 512; j++)
            for (int i = 0; i < 512; i++)
                assertEquals(i < 256 && j < 256 ? 2.0 * (i + 512 * j) : i + 512 * j, m[i + 512 * j], "m(" + i + ", " + j + ")");
        assertArrayEquals(expected, grid, "100 sweeps on the mirror, brought home once; the failed atomic task left no trace");
        assertTrue(stats.contains("host->mirror: 1 copies, 512 bytes") && stats.contains("mirror->host: 1 copies, 512 bytes"), stats);
        assertTrue(stats.contains("host->off-heap: 1 copies") && stats.contains("off-heap->host: 1 copies"), stats);
    }

    @Test
    void theWeftArtifactBringsInference() {
        String why = Weft.explain(Kernels::axpy).toString();
        assertTrue(why.contains("param x (double[]): IN [inferred]"), why);
        assertTrue(why.contains("param y (double[]): INOUT [inferred]"), why);
    }

    private static final Pattern README_EXAMPLE = Pattern.compile("<!-- example: (\\w+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    /** Every README block marked {@code <!-- example: Name -->} is, line for line, what Name.java marks for the README. */
    @Test
    void theReadmeShowsTheseExamples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, List<String>> shown = new LinkedHashMap<>();
        for (Matcher m = README_EXAMPLE.matcher(readme); m.find(); ) shown.put(m.group(1), lines(m.group(2)));
        assertEquals(List.of("QuickStart", "Views", "TiledCholesky", "MemorySpaces"), List.copyOf(shown.keySet()), "the README's marked examples");
        for (Map.Entry<String, List<String>> e : shown.entrySet()) {
            String file = e.getKey().equals("Views") || e.getKey().equals("MemorySpaces") ? e.getKey() + "Example" : e.getKey();
            String source = Files.readString(Path.of("src/main/java/org/weft/examples", file + ".java"));
            List<String> marked = new ArrayList<>();
            Matcher m = Pattern.compile("// --- README: " + e.getKey() + "\\n(.*?)// --- end", Pattern.DOTALL).matcher(source);
            while (m.find()) marked.addAll(lines(m.group(1)));
            assertFalse(marked.isEmpty(), file + " marks nothing for the README");
            assertEquals(marked, e.getValue(), "README example " + e.getKey() + " differs from " + file + ".java");
        }
    }

    /** Non-blank lines, without their indentation. */
    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) if (!l.isBlank()) out.add(l.strip());
        return out;
    }
}
