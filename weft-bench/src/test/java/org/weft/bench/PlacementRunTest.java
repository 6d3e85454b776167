package org.weft.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.opencl.OpenCl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code weft bench placement}: options, the task classes and sequence, and the table of a small run (no timing asserted). */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlacementRunTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream(), errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8), err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badOptionsAreNamedAndExitWithTwo() {
        assertEquals(2, PlacementRun.run(out, err, "--rounds", "0"));
        assertTrue(err().contains("--rounds must be at least 1, not 0"), err());
        assertEquals(2, PlacementRun.run(out, err, "--n", "100"));
        assertTrue(err().contains("--n must be at least 256, not 100"), err());
        assertEquals(2, PlacementRun.run(out, err, "--size", "5"));
        assertTrue(err().contains("unknown option --size"), err());
        assertEquals(2, PlacementRun.run(out, err, "--k", "many"));
        assertTrue(err().contains("--k takes an integer, not 'many'"), err());
        assertEquals(2, PlacementRun.run(out, err, "--reps"));
        assertTrue(err().contains("option --reps needs a value"), err());
        assertEquals(0, PlacementRun.run(out, err, "--help"));
        assertTrue(out().startsWith("usage: weft bench placement"), out());
    }

    @Test
    void optionsGiveThreeSizesThreeAmountsOfWorkAndThreePlacesOfData() {
        PlacementRun.Options o = PlacementRun.parse(new String[]{"--n", "4096", "--k", "16", "--workers", "3"});
        assertEquals(new PlacementRun.Options(4096, 16, 3, 3, -1, 3), o);
        List<PlacementRun.Kind> kinds = PlacementRun.kinds(o);
        assertEquals(27, kinds.size());
        assertEquals(List.of(16, 256, 4096), kinds.stream().map(PlacementRun.Kind::size).distinct().toList());
        assertEquals(List.of(1, 2, 16), kinds.stream().map(PlacementRun.Kind::k).distinct().sorted().toList());
        assertEquals(9, PlacementRun.kinds(PlacementRun.parse(new String[]{"--n", "256", "--k", "1"})).size(), "duplicates dropped");
        assertEquals(2, PlacementRun.warmUps(3), "every class calibrated in both spaces: 6 runs");
        assertEquals(6, PlacementRun.warmUps(1));
    }

    @Test
    void theSequenceHoldsEveryClassRoundsTimesInAFixedOrder() {
        int[] seq = PlacementRun.sequence(5, 3);
        int[] counts = new int[5];
        for (int c : seq) counts[c]++;
        assertArrayEquals(new int[]{3, 3, 3, 3, 3}, counts);
        assertArrayEquals(seq, PlacementRun.sequence(5, 3), "the same order every run");
    }

    @Test
    void theHostBodyIteratesThePolynomial() {
        double[] x = {0, 1};
        PlacementRun.polyOnHost(x, 1);
        assertArrayEquals(new double[]{0.125, 0.875}, x);
        PlacementRun.polyOnHost(x, 0);
        assertArrayEquals(new double[]{0.125, 0.875}, x);
    }

    @Test
    void aSmallRunAgreesEverywhereAndPrintsBothTables() {
        Optional<String> why = OpenCl.unavailableReason();
        if (why.isPresent()) {
            assertEquals(3, PlacementRun.run(out, err, "--n", "256"));
            assertTrue(err().startsWith("weft bench placement: no OpenCL: ") && err().lines().count() == 1, err());
            System.out.println("the OpenCL placement run is skipped: no OpenCL: " + why.get());
        }
        assumeTrue(why.isEmpty(), () -> "no OpenCL: " + why.orElse(""));
        int code = PlacementRun.run(out, err, "--n", "512", "--k", "8", "--rounds", "2", "--reps", "1");
        assertEquals(0, code, () -> out() + err());
        String table = out();
        String[] host = row(table, "always host (Java body)");
        String[] device = row(table, "always device (kernel)");
        assertEquals("36 / 0", host[2], Arrays.toString(host));
        assertEquals("0 / 36", device[2], Arrays.toString(device));
        for (String name : List.of("always host (Java body)", "always device (kernel)", "automatic, one function pair",
                "automatic, a pair per task class"))
            assertEquals("yes", row(table, name)[9], name);
        assertEquals("1.00", row(table, "oracle (per task, cheaper fixed way)")[7]);
        // 18 classes, each ran twice in the one timed rep
        assertEquals(18, table.lines().filter(l -> l.matches("\\| (2|32|512) \\| .*")).count(), table);
        assertTrue(table.lines().filter(l -> l.matches("\\| (2|32|512) \\| .*")).allMatch(l -> l.endsWith(" / 2 |")), table);
    }

    /** The cells of the Markdown row that starts with {@code name} (cell 0 is empty: the row starts with '|'). */
    private static String[] row(String table, String name) {
        return table.lines().filter(l -> l.startsWith("| " + name + " |")).findFirst()
                .map(l -> Arrays.stream(l.split("\\|")).map(String::strip).toArray(String[]::new))
                .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + table));
    }
}
