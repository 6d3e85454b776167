package org.weft.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicroOptionsTest {
    @TempDir
    Path tmp;

    private Path checkout() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("work/weft"));
        Files.writeString(root.resolve("mvnw"), "#!/bin/sh\n");
        return root;
    }

    @Test
    void defaultsFindTheAnchorsBesideTheCheckout() throws IOException {
        Path root = checkout();
        Path cwd = Files.createDirectories(root.resolve("weft-cli/target"));
        MicroOptions o = MicroOptions.parse(List.of(), cwd, Map.of());
        assertEquals(5, o.reps());
        assertEquals(2, o.threads());
        assertTrue(o.anchors());
        assertEquals(Optional.of(root), o.repoRoot());
        assertEquals(Optional.of(tmp.resolve("work/shared/anchors")), o.anchorsDir());
        assertEquals(cwd.resolve("bench-results/micro"), o.out());
        assertEquals(List.of(Workload.INDEP, Workload.CHAIN, Workload.WAVEFRONT), o.workloads());
        assertEquals(MicroOptions.MAX_QUIET_WAIT, o.quietWaitSeconds());
    }

    @Test
    void everyOption() throws IOException {
        Path root = checkout();
        MicroOptions o = MicroOptions.parse(List.of("--reps", "3", "--threads", "1", "--no-anchors", "--anchors", "/opt/a",
                "--out", "res", "--only", "wavefront,chain,chain", "--quiet-wait", "0"), root, Map.of());
        assertEquals(3, o.reps());
        assertEquals(1, o.threads());
        assertFalse(o.anchors());
        assertEquals(Optional.of(Path.of("/opt/a")), o.anchorsDir());
        assertEquals(root.resolve("res"), o.out());
        assertEquals(List.of(Workload.WAVEFRONT, Workload.CHAIN), o.workloads());
        assertEquals(0, o.quietWaitSeconds());
    }

    @Test
    void anOutputFolderIsCheckedBeforeAnyWorkAndNeverMadeUnderAMissingParent() throws IOException {
        Path root = checkout();
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MicroOptions.parse(List.of("--out", tmp.resolve("no/such/res").toString()), root, Map.of()));
        assertEquals("--out " + tmp.resolve("no/such/res") + ": its parent folder " + tmp.resolve("no/such") + " does not exist", e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("no")));
        e = assertThrows(IllegalArgumentException.class, () -> MicroOptions.parse(List.of("--out", file.toString()), root, Map.of()));
        assertEquals("--out " + file + ": it is a file, not a folder", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LinalgOptions.parse(List.of("--out", file.resolve("x").toString()), root, Map.of()));
        assertTrue(e.getMessage().endsWith("its parent folder " + file + " does not exist"), e.getMessage());
        assertEquals(root.resolve("res"), MicroOptions.parse(List.of("--out", "res"), root, Map.of()).out(), "a new folder in an existing one");
    }

    @Test
    void weftHomeWinsOverTheWalk() throws IOException {
        checkout();
        Path elsewhere = Files.createDirectories(tmp.resolve("x/weft2"));
        MicroOptions o = MicroOptions.parse(List.of(), tmp.resolve("work/weft"), Map.of(MicroOptions.HOME_ENV, elsewhere.toString()));
        assertEquals(Optional.of(elsewhere), o.repoRoot());
        assertEquals(Optional.of(tmp.resolve("x/shared/anchors")), o.anchorsDir());
    }

    @Test
    void outsideACheckoutThereIsNoDefault() {
        MicroOptions o = MicroOptions.parse(List.of(), tmp, Map.of());
        assertEquals(Optional.empty(), o.repoRoot());
        assertEquals(Optional.empty(), o.anchorsDir());
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertMessage("unknown option '--rep'", "--rep", "3");
        assertMessage("--reps needs a value", "--reps");
        assertMessage("--reps must be at least 1, not 0", "--reps", "0");
        assertMessage("--threads takes a whole number, not 'two'", "--threads", "two");
        assertMessage("unknown benchmark 'cholesky' (indep, chain, wavefront)", "--only", "indep,cholesky");
        assertMessage("--quiet-wait must be 0 to 30 seconds, not 31", "--quiet-wait", "31");
    }

    private void assertMessage(String message, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MicroOptions.parse(List.of(args), tmp, Map.of()));
        assertEquals(message, e.getMessage());
    }
}
