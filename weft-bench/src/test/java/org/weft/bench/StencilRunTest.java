package org.weft.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.opencl.OpenCl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code weft bench stencil}: options, the four variants agreeing, and the copy counts it reports. */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StencilRunTest {
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
        assertEquals(2, StencilRun.run(out, err, "--regions", "0"));
        assertTrue(err().contains("--regions must be at least 1, not 0"), err());
        assertEquals(2, StencilRun.run(out, err, "--size", "5"));
        assertTrue(err().contains("unknown option --size"), err());
        assertEquals(2, StencilRun.run(out, err, "--n", "many"));
        assertTrue(err().contains("--n takes an integer, not 'many'"), err());
        assertEquals(0, StencilRun.run(out, err, "--help"));
        assertTrue(out().startsWith("usage: weft bench stencil"), out());
    }

    @Test
    void theHostSweepIsTheRedBlackOrder() {
        double[] u = {3, 0, 6, 0, 9};
        StencilRun.sweepOnHost(u);
        // odd points first from the old even ones, then the even interior point from the new odd ones
        assertArrayEquals(new double[]{3, 3, 14.0 / 3, 5, 9}, u);
    }

    @Test
    void aSmallRunAgreesEverywhereAndMovesTheExpectedCopies() {
        Optional<String> why = OpenCl.unavailableReason();
        if (why.isPresent()) {
            assertEquals(3, StencilRun.run(out, err, "--n", "1000"));
            assertTrue(err().startsWith("weft bench stencil: no OpenCL: ") && err().lines().count() == 1, err());
            System.out.println("the OpenCL stencil run is skipped: no OpenCL: " + why.get());
        }
        assumeTrue(why.isEmpty(), () -> "no OpenCL: " + why.orElse(""));
        int code = StencilRun.run(out, err, "--n", "10001", "--regions", "10", "--reps", "2");
        assertEquals(0, code, () -> out() + err());
        String table = out();
        String[] shared = row(table, "Weft, shared array (lazy)");
        String[] raw = row(table, "Weft, raw array per region (eager)");
        String[] hand = row(table, "hand-written FFM OpenCL loop");
        assertEquals("1 / 1", shared[3]);
        assertEquals("10 / 10", raw[3]);
        assertEquals("1 / 1", hand[3]);
        for (String[] r : new String[][]{shared, raw, hand, row(table, "Java on the host (reference)")}) assertEquals("yes", r[7], Arrays.toString(r));
    }

    /** The cells of the Markdown row that starts with {@code name} (cell 0 is empty: the row starts with '|'). */
    private static String[] row(String table, String name) {
        return table.lines().filter(l -> l.startsWith("| " + name + " |")).findFirst()
                .map(l -> Arrays.stream(l.split("\\|")).map(String::strip).toArray(String[]::new))
                .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + table));
    }
}
