package org.weft.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code weft explain}, run in-process. */
class ExplainCommandTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = WeftCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsEachParametersModeAndTheReasonDownToTheSourceLine() {
        assertEquals(0, run("explain", "org.weft.cli.ExplainTarget::axpy"), err.toString());
        String text = out.toString();
        assertTrue(text.startsWith("ExplainTarget.axpy(double, double[], double[]) at ExplainTarget.java:"), text);
        assertTrue(text.contains("param a (double): VALUE [value]"), text);
        assertTrue(text.matches("(?s).*param x \\(double\\[\\]\\): IN \\[inferred] — only read: DALOAD at ExplainTarget\\.java:\\d+ "
                + "via ExplainTarget\\.axpyInto\\(double, double\\[], double\\[]\\) at ExplainTarget\\.java:\\d+.*"), text);
        assertTrue(text.matches("(?s).*param y \\(double\\[\\]\\): INOUT \\[inferred] — DASTORE at ExplainTarget\\.java:\\d+ "
                + "via ExplainTarget\\.axpyInto\\(double, double\\[], double\\[]\\) at ExplainTarget\\.java:\\d+.*"), text);
    }

    @Test
    void showsADeclaredSpecAsSuch() {
        assertEquals(0, run("explain", "org.weft.cli.ExplainTarget::sum"), err.toString());
        assertTrue(out.toString().contains("param x (double[]): IN [annotated] — annotated @In"), out.toString());
    }

    @Test
    void anOverloadedNameNeedsItsParameterTypes() {
        assertEquals(1, run("explain", "org.weft.cli.ExplainTarget::scale"));
        assertTrue(err.toString().contains("'org.weft.cli.ExplainTarget::scale(double[],double)'"), err.toString());
        assertTrue(err.toString().contains("'org.weft.cli.ExplainTarget::scale(double[],int)'"), err.toString());
        assertEquals(0, run("explain", "org.weft.cli.ExplainTarget::scale(double[], int)"), err.toString());
        assertTrue(out.toString().startsWith("ExplainTarget.scale(double[], int)"), out.toString());
    }

    @Test
    void findsClassesOnAnExtraClassPath(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("src/demo/Outside.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package demo;
                public class Outside {
                    public double[] last;
                    public void keep(double[] a) { last = a; }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-g", "-d", dir.resolve("classes").toString(), src.toString()));
        assertEquals(1, run("explain", "demo.Outside::keep"));
        assertTrue(err.toString().contains("class demo.Outside not found (add its directory or jar with --classpath)"), err.toString());
        assertEquals(0, run("explain", "demo.Outside::keep", "--classpath", dir.resolve("classes").toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("param this (Outside): INOUT [inferred] — PUTFIELD Outside.last at Outside.java:4"), text);
        assertTrue(text.contains("param a (double[]): IN [inferred] — a reference to it is stored into this (PUTFIELD Outside.last at Outside.java:4), "
                + "which is not a write of it"), text);
    }

    @Test
    void helpListsIt() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("explain"), out.toString());
    }

    @Test
    void rejectsWhatIsNotAMethod() {
        assertEquals(CommandLine.ExitCode.USAGE, run("explain", "Kernels.axpy"));
        assertTrue(err.toString().contains("expected CLASS::METHOD"), err.toString());
        assertEquals(1, run("explain", "org.weft.cli.ExplainTarget::nothing"));
        assertTrue(err.toString().contains("declares no nothing"), err.toString());
    }
}
