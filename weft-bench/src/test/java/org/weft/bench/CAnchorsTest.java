package org.weft.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CAnchorsTest {
    @TempDir
    Path tmp;

    @Test
    void copiesSourcesWithTheirTimesButNotOldBuildsOrResults() throws IOException {
        Path from = Files.createDirectories(tmp.resolve("anchors"));
        Files.createDirectories(from.resolve("src"));
        Files.writeString(from.resolve("Makefile"), "all:\n");
        Files.writeString(from.resolve("src/micro_omp.c"), "int main(void){return 0;}\n");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(from.resolve("src/micro_omp.c"), old);
        Files.createDirectories(from.resolve("build"));
        Files.writeString(from.resolve("build/micro_omp"), "stale");
        Files.createDirectories(from.resolve("results/raw"));
        Path to = tmp.resolve("target/anchors");

        CAnchors.copyTree(from, to);
        CAnchors.copyTree(from, to);

        assertEquals("all:\n", Files.readString(to.resolve("Makefile")));
        assertEquals(old, Files.getLastModifiedTime(to.resolve("src/micro_omp.c")));
        assertFalse(Files.exists(to.resolve("build")));
        assertFalse(Files.exists(to.resolve("results")));
    }

    @Test
    void programCommandIsBenchThenReps() {
        CAnchors.Program p = new CAnchors.Program("libgomp", Path.of("/b/build/micro_omp"), java.util.Map.of(), java.util.Set.of(Workload.CHAIN), "");
        assertEquals(List.of("/b/build/micro_omp", "chain", "5"), p.command(Workload.CHAIN, 5));
        assertTrue(p.workloads().contains(Workload.CHAIN));
    }
}
