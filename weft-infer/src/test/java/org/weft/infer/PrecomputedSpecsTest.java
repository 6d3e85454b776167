package org.weft.infer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.Mode;
import org.weft.Weft;
import org.weft.spec.Explanation;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specs precomputed by {@link SpecCheck} are used by the runtime only while every class file they were
 * inferred from is unchanged: a kernel whose callee, in another class, starts writing its argument is
 * analysed again, not trusted.
 */
class PrecomputedSpecsTest {

    private static void compile(Path src, Path classes, String... files) throws IOException {
        Files.createDirectories(classes);
        String[] args = new String[files.length + 5];
        args[0] = "-g";
        args[1] = "-d";
        args[2] = classes.toString();
        args[3] = "-cp";
        args[4] = System.getProperty("java.class.path");
        for (int i = 0; i < files.length; i++) args[5 + i] = src.resolve(files[i]).toString();
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args));
    }

    private static Explanation explain(Path classes) throws Exception {
        try (URLClassLoader l = new URLClassLoader(new URL[]{classes.toUri().toURL()}, PrecomputedSpecsTest.class.getClassLoader())) {
            return Weft.explain(Class.forName("demo.Kernel", false, l), "run", double[].class);
        }
    }

    /** Compiles {@code demo.Kernel} (which reads its array through {@code demo.Helper}) and writes its specs; returns the specs file. */
    private static Path kernelWithSpecs(Path dir) throws IOException {
        Path src = dir.resolve("src/demo"), classes = dir.resolve("classes");
        Files.createDirectories(src);
        Files.writeString(src.resolve("Kernel.java"), """
                package demo;
                public class Kernel {
                    public static void run(double[] a) { Helper.touch(a); }
                    static final org.weft.Proc1<double[]> TASK = Kernel::run;
                }
                """);
        Files.writeString(src.resolve("Helper.java"), """
                package demo;
                public class Helper {
                    public static double touch(double[] a) { return a[0]; }
                }
                """);
        compile(dir.resolve("src"), classes, "demo/Kernel.java", "demo/Helper.java");
        SpecCheck.Report r = SpecCheck.check(classes, List.of("demo"), null, new PrintWriter(new StringWriter(), true));
        assertEquals(1, r.functions());
        String spec = Files.readString(r.written());
        assertTrue(spec.contains("demo.Kernel@") && spec.contains("demo.Helper@"), spec);
        return r.written();
    }

    @Test
    void aSpecWhoseCalleeChangedIsInferredAgain(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/demo"), classes = dir.resolve("classes");
        kernelWithSpecs(dir);

        Explanation before = explain(classes);
        assertEquals(Explanation.Source.PRECOMPUTED, before.params().getFirst().source(), before.toString());
        assertEquals(Mode.IN, before.mode(1));

        Files.writeString(src.resolve("Helper.java"), """
                package demo;
                public class Helper {
                    public static double touch(double[] a) { return a[0] = 1; }
                }
                """);
        compile(dir.resolve("src"), classes, "demo/Helper.java");
        Explanation after = explain(classes);
        assertEquals(Explanation.Source.INFERRED, after.params().getFirst().source(), after.toString());
        assertEquals(Mode.INOUT, after.mode(1), after.toString());
    }

    @Test
    void aMalformedLineIsSkippedAndTheLinesAfterItAreStillUsed(@TempDir Path dir) throws Exception {
        Path specs = kernelWithSpecs(dir);
        Files.writeString(specs, "demo.Other\trun\t([D)V\tdemo.Other@0\tBOGUS|a|no such mode\n"
                + "demo.Other\tput\t([D)V\tdemo.Other@0\tINOUT>zz|a|not a hex number\n" + Files.readString(specs));
        Explanation e = explain(dir.resolve("classes"));
        assertEquals(Explanation.Source.PRECOMPUTED, e.params().getFirst().source(), e.toString());
        assertEquals(Mode.IN, e.mode(1));
    }
}
