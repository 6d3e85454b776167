package org.weft.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --graph}: DOT as it is, or drawn by Graphviz's dot, which must be there before any work. */
class GraphOutputTest {
    @TempDir
    Path dir;

    private final CommandLine cli = WeftCli.commandLine();

    /** A stand-in for Graphviz's dot: {@code dot -Tsvg in.dot -o out.svg} writes "drawn from" and the input. */
    private Path fakeGraphviz() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path dot = Files.writeString(bin.resolve("dot"), "#!/bin/sh\n{ echo \"drawn $1 from\"; cat \"$2\"; } > \"$4\"\n");
        Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void aDotPathIsWrittenAsItIs() throws Exception {
        GraphOutput g = GraphOutput.of(cli, dir.resolve("g.dot"), "");
        assertEquals(dir.resolve("g.dot"), g.dot());
        assertNull(g.format());
        assertTrue(g.finish().contains("Graphviz DOT"), g.finish());
    }

    @Test
    void anSvgIsDrawnFromTheDotWrittenBesideItWhichIsThenRemoved() throws Exception {
        GraphOutput g = GraphOutput.of(cli, dir.resolve("g.svg"), fakeGraphviz().toString());
        assertEquals(dir.resolve("g.svg.dot"), g.dot());
        Files.writeString(g.dot(), "digraph weft {}\n");
        assertTrue(g.finish().endsWith("g.svg (drawn by Graphviz)"));
        assertEquals("drawn -Tsvg from\ndigraph weft {}\n", Files.readString(dir.resolve("g.svg")));
        assertTrue(Files.notExists(g.dot()), "the intermediate DOT is removed");
    }

    @Test
    void drawingWithoutGraphvizIsAUsageError() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> GraphOutput.of(cli, dir.resolve("g.png"), dir.resolve("empty").toString()));
        assertEquals("--graph " + dir.resolve("g.png") + ": drawing a .png needs Graphviz's dot on the PATH (apt-get install graphviz), "
                + "or give a .dot path", e.getMessage());
    }
}
