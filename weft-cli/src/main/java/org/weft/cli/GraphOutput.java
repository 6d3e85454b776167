package org.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code --graph} goes: a {@code .dot} (or any other) path receives the DOT the runtime writes; a path
 * ending in {@code .svg}, {@code .png} or {@code .pdf} is drawn by Graphviz's {@code dot} from a DOT file
 * written beside it ({@code graph.svg.dot}), which is then removed. Checked before any work: drawing needs
 * {@code dot} on the PATH.
 */
record GraphOutput(Path target, Path dot, String format, Path graphviz) {

    /** The output for {@code --graph path}; throws a usage error if it must be drawn and Graphviz is missing. */
    static GraphOutput of(CommandLine cli, Path path) {
        return of(cli, path, System.getenv("PATH"));
    }

    /** {@link #of(CommandLine, Path)} with {@code dot} looked for on {@code searchPath} (a PATH value). */
    static GraphOutput of(CommandLine cli, Path path, String searchPath) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String format : new String[] {"svg", "png", "pdf"}) {
            if (!name.endsWith("." + format)) continue;
            Path graphviz = findDot(searchPath);
            if (graphviz == null)
                throw new ParameterException(cli, "--graph " + path + ": drawing a ." + format + " needs Graphviz's dot on the PATH "
                        + "(apt-get install graphviz), or give a .dot path");
            return new GraphOutput(path, path.resolveSibling(path.getFileName() + ".dot"), format, graphviz);
        }
        return new GraphOutput(path, path, null, null);
    }

    /** Draws the graph if asked; returns what to tell the user about it. */
    String finish() throws IOException, InterruptedException {
        Path shown = target.toAbsolutePath().normalize();
        if (format == null) return shown + " (Graphviz DOT: dot -Tsvg " + target + " -o graph.svg draws it)";
        Process p = new ProcessBuilder(graphviz.toString(), "-T" + format, dot.toString(), "-o", target.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES)) p.destroyForcibly();
        if (p.exitValue() != 0) return dot.toAbsolutePath().normalize() + " (Graphviz DOT; dot failed to draw it: " + output.strip() + ")";
        Files.deleteIfExists(dot);
        return shown + " (drawn by Graphviz)";
    }

    private static Path findDot(String searchPath) {
        if (searchPath == null) return null;
        for (String dir : searchPath.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "dot");
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
