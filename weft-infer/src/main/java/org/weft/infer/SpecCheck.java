package org.weft.infer;

import org.weft.Mode;
import org.weft.spec.ModeInference.Inferred;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.LineNumber;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.invoke.MethodType;
import java.lang.reflect.Executable;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The build-time step: precomputes the specs of a module's task functions and checks the declared ones
 * against the bytecode. Run after compilation on a classes directory:
 * <pre>
 * java -cp weft-infer.jar:weft-core.jar:&lt;the module's class path&gt; org.weft.infer.SpecCheck \
 *     [--package org.example.kernels]... [--out FILE] [--fail-on-contradiction] target/classes
 * </pre>
 * (this repository runs it with {@code exec-maven-plugin} in {@code weft-infer}'s build, on its example kernels).
 *
 * <p>Task functions are found in the bytecode: the targets of every lambda or method reference made for one
 * of Weft's function interfaces ({@code Fn0..Fn6}, {@code Proc0..Proc6}) anywhere in the directory, and every
 * method with an {@code @In/@Out/@InOut/@Commutative} parameter; those of classes in the directory (and in
 * the {@code --package}s given) are checked. For each, the inferred modes are written to
 * {@code META-INF/weft/specs} in the classes directory (or {@code --out}), with the CRC-32 of every class
 * file the inference read (the method's own, its callees', those consulted to resolve calls), which the
 * runtime reads instead of analysing the method again, and ignores if any of those classes changed. A
 * parameter declared {@code @In} whose bytecode writes it is a contradiction: reported as a warning with
 * the write's reason chain, and with {@code --fail-on-contradiction}, a failure.
 */
public final class SpecCheck {
    private static final Pattern FUNCTION_TYPE = Pattern.compile("Lorg/weft/(Fn|Proc)[0-6];");
    private static final Set<String> SPEC_ANNOTATIONS = Set.of("Lorg/weft/spec/In;", "Lorg/weft/spec/Out;", "Lorg/weft/spec/InOut;",
            "Lorg/weft/spec/Commutative;");

    private SpecCheck() {
    }

    /** What a check found. */
    public record Report(int functions, int classes, List<String> contradictions, Path written) {
    }

    /** A failed check (contradictions with {@code --fail-on-contradiction}, or bad usage). */
    public static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Runs the check as the command line does; throws {@link Failure} (rather than exiting) so that it can
     * run inside a build tool's JVM.
     */
    public static void main(String... args) throws IOException {
        List<String> packages = new ArrayList<>();
        Path out = null, dir = null;
        boolean fail = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--package" -> packages.add(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--fail-on-contradiction" -> fail = true;
                default -> {
                    if (args[i].startsWith("-") || dir != null) throw new Failure("usage: SpecCheck [--package P]... [--out FILE] [--fail-on-contradiction] CLASSES_DIR");
                    dir = Path.of(args[i]);
                }
            }
        }
        if (dir == null || !Files.isDirectory(dir)) throw new Failure("SpecCheck: " + (dir == null ? "no classes directory given" : dir + " is not a directory"));
        PrintWriter log = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        Report r = check(dir, packages, out, log);
        if (fail && !r.contradictions().isEmpty())
            throw new Failure("SpecCheck: " + r.contradictions().size() + " declared spec(s) contradict the bytecode (see the warnings above)");
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new Failure("SpecCheck: " + args[i - 1] + " needs a value");
        return args[i];
    }

    /**
     * Checks the classes under {@code dir} (in packages starting with one of {@code packages}, or all),
     * writes their specs to {@code out} (default {@code dir/META-INF/weft/specs}) and logs warnings and a
     * summary to {@code log}.
     */
    public static Report check(Path dir, List<String> packages, Path out, PrintWriter log) throws IOException {
        Path target = out != null ? out : dir.resolve("META-INF/weft/specs");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class")).sorted().toList();
        }
        Map<String, byte[]> bytesOf = new TreeMap<>();
        Map<String, ClassModel> models = new HashMap<>();
        Map<String, Set<String>> functions = new TreeMap<>();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            ClassModel cm = ClassFile.of().parse(bytes);
            String name = cm.thisClass().asInternalName().replace('/', '.');
            bytesOf.put(name, bytes);
            models.put(name, cm);
            collectFunctions(cm, functions);
        }
        TreeMap<String, String> lines = new TreeMap<>();
        List<String> contradictions = new ArrayList<>();
        int classes = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[]{url(dir)}, SpecCheck.class.getClassLoader())) {
            for (Map.Entry<String, Set<String>> entry : functions.entrySet()) {
                String name = entry.getKey();
                if (!bytesOf.containsKey(name) || !packages.isEmpty() && packages.stream().noneMatch(p -> name.startsWith(p + "."))) continue;
                classes++;
                Class<?> c;
                try {
                    c = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    log.println("WARNING: SpecCheck cannot load " + name + ": " + e);
                    continue;
                }
                ClassModel cm = models.get(name);
                String source = ClassFiles.sourceFile(cm, c);
                for (String f : entry.getValue()) {
                    int sep = f.indexOf('(');
                    String method = f.substring(0, sep), desc = f.substring(sep);
                    if (ClassFiles.method(cm, method, desc) == null) continue;
                    BytecodeInference.Result result = BytecodeInference.analyse(c, method, desc, null);
                    lines.put(name + "\t" + method + "\t" + desc, line(name, method, desc, result));
                    contradictions.addAll(contradictions(c, cm, method, desc, result, source));
                }
            }
        }
        for (String w : contradictions) log.println("WARNING: " + w);
        Files.createDirectories(target.toAbsolutePath().getParent());
        List<String> text = new ArrayList<>();
        text.add("# weft specs 1: inferred by org.weft.infer.SpecCheck; class\tmethod\tdescriptor\tclass@CRC-32 of every class file the inference read\tMODE|name|reason per parameter (MODE^: the result may alias it)");
        text.addAll(lines.values());
        Files.write(target, text, StandardCharsets.UTF_8);
        log.println("SpecCheck: " + lines.size() + " task functions in " + classes + " classes; specs written to " + target
                + "; " + contradictions.size() + " contradiction(s)");
        return new Report(lines.size(), classes, List.copyOf(contradictions), target);
    }

    private static URL url(Path dir) {
        try {
            return dir.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds the task functions that class {@code cm} shows, as "name(desc)" by binary class name: its methods
     * with a spec annotation, and the targets of its lambdas and method references made for Weft's function
     * interfaces (in whatever class they are).
     */
    private static void collectFunctions(ClassModel cm, Map<String, Set<String>> out) {
        String self = cm.thisClass().asInternalName().replace('/', '.');
        for (MethodModel m : cm.methods()) {
            if (m.findAttribute(Attributes.runtimeVisibleParameterAnnotations()).stream()
                    .flatMap(a -> a.parameterAnnotations().stream()).flatMap(List::stream)
                    .anyMatch(a -> SPEC_ANNOTATIONS.contains(a.className().stringValue())))
                out.computeIfAbsent(self, k -> new LinkedHashSet<>()).add(m.methodName().stringValue() + m.methodType().stringValue());
            for (CodeModel code : m.code().stream().toList()) {
                for (var e : code) {
                    if (!(e instanceof InvokeDynamicInstruction indy)) continue;
                    if (!indy.bootstrapMethod().owner().descriptorString().equals("Ljava/lang/invoke/LambdaMetafactory;")) continue;
                    if (!FUNCTION_TYPE.matcher(indy.typeSymbol().returnType().descriptorString()).matches()) continue;
                    if (indy.bootstrapArgs().size() > 1 && indy.bootstrapArgs().get(1) instanceof DirectMethodHandleDesc impl) {
                        String owner = impl.owner().descriptorString();
                        owner = owner.substring(1, owner.length() - 1).replace('/', '.');
                        out.computeIfAbsent(owner, k -> new LinkedHashSet<>()).add(impl.methodName() + impl.lookupDescriptor());
                    }
                }
            }
        }
    }

    private static String line(String cls, String method, String desc, BytecodeInference.Result result) {
        StringBuilder sb = new StringBuilder(cls).append('\t').append(method).append('\t').append(desc).append('\t')
                .append(String.join(",", result.classes()));
        for (Inferred p : result.params())
            sb.append('\t').append(p.mode()).append(p.returned() ? "^" : "")
                    .append(p.storedInto() != 0 ? ">" + Long.toHexString(p.storedInto()) : "").append('|').append(p.name() == null ? "" : clean(p.name())).append('|').append(clean(p.reason()));
        return sb.toString();
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static List<String> contradictions(Class<?> c, ClassModel cm, String method, String desc, BytecodeInference.Result result, String file) {
        Executable e = executable(c, method, desc);
        if (e == null) return List.of();
        Annotation[][] anns = e.getParameterAnnotations();
        int shift = result.facts().size() - anns.length;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < anns.length; i++) {
            boolean in = false;
            for (Annotation a : anns[i]) in |= a.annotationType() == org.weft.spec.In.class;
            BytecodeInference.Param p = result.facts().get(i + shift);
            if (!in || p.write() == null || p.inferred().mode() == Mode.IN) continue;
            String name = p.inferred().name() != null ? p.inferred().name() : "argument " + (i + 1);
            MethodModel mm = ClassFiles.method(cm, method, desc);
            out.add(file + ":" + firstLine(mm) + ": " + MethodAnalysis.label(cm.thisClass().asInternalName(), method, mm.methodTypeSymbol())
                    + " declares " + name + " @In, but writes it: " + p.write());
        }
        return out;
    }

    private static Executable executable(Class<?> c, String method, String desc) {
        for (Executable e : method.equals("<init>") ? c.getDeclaredConstructors() : c.getDeclaredMethods()) {
            Class<?> ret = e instanceof java.lang.reflect.Method m ? m.getReturnType() : void.class;
            if ((e.getName().equals(method) || method.equals("<init>")) && !(e instanceof java.lang.reflect.Method m && m.isBridge())
                    && MethodType.methodType(ret, e.getParameterTypes()).toMethodDescriptorString().equals(desc))
                return e;
        }
        return null;
    }

    private static int firstLine(MethodModel m) {
        if (m.code().isPresent()) for (var e : m.code().get()) if (e instanceof LineNumber ln) return ln.line();
        return 0;
    }
}
