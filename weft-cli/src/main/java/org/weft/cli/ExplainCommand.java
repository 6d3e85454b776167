package org.weft.cli;

import org.weft.Weft;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code weft explain 'pkg.Class::method'}: prints the mode a raw argument gets for each parameter of the
 * method (the receiver first for an instance method), where it comes from, and why, down to the instruction
 * and source line ({@link Weft#explain(Class, String, Class...)}). An overloaded name needs its parameter types:
 * {@code 'pkg.Class::method(double[],int)'}; {@code ::new} names a constructor.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = WeftCli.Version.class, description = {
        "Explains the access modes of a task function's parameters: mode, source (annotation, declaration, inference) and reason.",
        "",
        "Example: weft explain 'org.example.Kernels::axpy' --classpath target/classes"})
final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CLASS::METHOD",
            description = "The method: pkg.Class::method, or pkg.Class::method(double[],int) to pick one overload; pkg.Class::new for a constructor.")
    String target;

    @Option(names = {"--classpath", "-cp"}, split = "[:;]", paramLabel = "PATH",
            description = "Extra class path entries (directories or jars, separated by ':') where the class and what it calls are found.")
    List<Path> classpath = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        int sep = target.indexOf("::");
        if (sep <= 0 || sep + 2 >= target.length())
            throw new CommandLine.ParameterException(spec.commandLine(), "expected CLASS::METHOD, such as org.example.Kernels::axpy; got '" + target + "'");
        String className = target.substring(0, sep), rest = target.substring(sep + 2);
        int paren = rest.indexOf('(');
        String name = paren < 0 ? rest : rest.substring(0, paren);
        List<String> wanted = paren < 0 ? null : parameterList(rest.substring(paren));
        try (URLClassLoader loader = new URLClassLoader(urls(), ExplainCommand.class.getClassLoader())) {
            Class<?> c;
            try {
                c = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                err.println("weft explain: class " + className + " not found" + (classpath.isEmpty() ? " (add its directory or jar with --classpath)" : " on " + classpath));
                return 1;
            }
            List<Executable> found = new ArrayList<>();
            for (Executable e : name.equals("new") ? c.getDeclaredConstructors() : c.getDeclaredMethods()) {
                if ((name.equals("new") || e.getName().equals(name)) && !(e instanceof Method m && m.isBridge()) && !e.isSynthetic()
                        && (wanted == null || wanted.equals(Arrays.stream(e.getParameterTypes()).map(ExplainCommand::typeName).toList())))
                    found.add(e);
            }
            if (found.isEmpty()) {
                err.println("weft explain: " + className + " declares no " + name + (wanted == null ? "" : "(" + String.join(",", wanted) + ")"));
                return 1;
            }
            if (found.size() > 1) {
                err.println("weft explain: " + className + "::" + name + " is overloaded; name one:");
                for (Executable e : found) err.println("  '" + className + "::" + name + selector(e) + "'");
                return 1;
            }
            Executable e = found.getFirst();
            out.println(Weft.explain(c, e instanceof Method ? e.getName() : "<init>", e.getParameterTypes()));
            return 0;
        }
    }

    private URL[] urls() {
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classpath.get(i).toAbsolutePath().toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
        return urls;
    }

    /** "(double[],int)" → ["double[]", "int"], spaces ignored. */
    private static List<String> parameterList(String parens) {
        String inner = parens.replace(" ", "");
        if (!inner.endsWith(")")) inner = inner + ")";
        inner = inner.substring(1, inner.length() - 1);
        return inner.isEmpty() ? List.of() : List.of(inner.split(","));
    }

    /** How a parameter type is written in a selector: the simple name for java.lang and primitives, else the full name. */
    private static String typeName(Class<?> t) {
        if (t.isArray()) return typeName(t.getComponentType()) + "[]";
        return t.isPrimitive() || t.getPackageName().equals("java.lang") ? t.getSimpleName() : t.getName();
    }

    private static String selector(Executable e) {
        return Arrays.stream(e.getParameterTypes()).map(ExplainCommand::typeName).collect(Collectors.joining(",", "(", ")"));
    }
}
