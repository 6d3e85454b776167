package org.weft.infer.survey;

import org.weft.Mode;
import org.weft.spec.ModeInference.Inferred;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Predicate;

import org.weft.spec.ModeInference;

/**
 * Inference over real code nobody wrote for Weft: every public static method with an array parameter of
 * {@code java.util.Arrays} and of EJML's {@code CommonOps_DDRM} (issue 11).
 *
 * <p><b>How it works.</b> Methods are listed by reflection, sorted by name and descriptor so the order (and so
 * the seeded sample) is the same on every run. The first pass over a library in a fresh JVM is the cold
 * time: each method is analysed from its class file, callees included, though a callee already summarised
 * for an earlier method is reused from the cache, as it would be in a long-running program. The later passes
 * are warm: the inference is asked again for the same methods, which is what a second request for a method
 * costs once its summary is cached. The modes of the reference parameters are counted per library; a sample
 * of {@value #SAMPLE} methods drawn with seed {@value #SEED} is printed with every parameter's mode and
 * reason, for a reader to check by hand against the method's source ({@link RealCodeSurveyTest} pins the
 * verdicts).
 *
 * <p>Run: {@code ./mvnw -B -o -q -pl weft-infer test-compile exec:java -Dexec.mainClass=org.weft.infer.survey.RealCodeSurvey -Dexec.classpathScope=test}
 */
public final class RealCodeSurvey {
    static final long SEED = 11;
    static final int SAMPLE = 50;
    private static final int WARM_PASSES = 5;
    private static final String EJML = "org.ejml.dense.row.CommonOps_DDRM";

    private RealCodeSurvey() {
    }

    /** One method of a surveyed library and what was inferred for it. */
    public record Row(String library, Method method, List<Inferred> inferred) {
        public String signature() {
            StringBuilder b = new StringBuilder(method.getDeclaringClass().getSimpleName()).append('.').append(method.getName()).append('(');
            Class<?>[] ps = method.getParameterTypes();
            for (int i = 0; i < ps.length; i++) b.append(i == 0 ? "" : ",").append(ps[i].getSimpleName());
            return b.append(')').toString();
        }

        public String modes() {
            StringBuilder b = new StringBuilder();
            for (Inferred i : inferred) b.append(b.isEmpty() ? "" : " ").append(i.mode());
            return b.toString();
        }
    }

    /** A surveyed library: its rows, and the cold (first pass) and warm (mean of later passes) nanoseconds. */
    public record Library(String name, List<Row> rows, long coldNanos, long warmNanos) {
        Map<Mode, Integer> counts() {
            Map<Mode, Integer> m = new EnumMap<>(Mode.class);
            for (Row r : rows)
                for (Inferred i : r.inferred())
                    if (i.mode() != Mode.VALUE) m.merge(i.mode(), 1, Integer::sum);
            return m;
        }
    }

    /** The public static methods of {@code c} with at least one parameter of a type {@code param} accepts, in a fixed order. */
    public static List<Method> methods(Class<?> c, Predicate<Class<?>> param) {
        List<Method> out = new ArrayList<>();
        for (Method m : c.getDeclaredMethods())
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()
                    && Arrays.stream(m.getParameterTypes()).anyMatch(param))
                out.add(m);
        out.sort(Comparator.comparing(Method::getName).thenComparing(RealCodeSurvey::descriptor));
        return out;
    }

    static String descriptor(Method m) {
        return MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }

    public static Library survey(ModeInference inference, String name, Class<?> c, Predicate<Class<?>> param) {
        List<Method> ms = methods(c, param);
        Function<Method, List<Inferred>> infer = m -> inference.infer(c, m.getName(), descriptor(m), null);
        List<Row> rows = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Method m : ms) rows.add(new Row(name, m, infer.apply(m)));
        long cold = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        for (int pass = 0; pass < WARM_PASSES; pass++)
            for (Method m : ms) infer.apply(m);
        long warm = (System.nanoTime() - t1) / WARM_PASSES;
        return new Library(name, rows, cold, warm);
    }

    /** The seeded sample of {@code n} rows drawn from all libraries together. */
    public static List<Row> sample(List<Library> libs, int n, long seed) {
        List<Row> all = new ArrayList<>();
        for (Library l : libs) all.addAll(l.rows());
        Collections.shuffle(all, new Random(seed));
        List<Row> s = new ArrayList<>(all.subList(0, Math.min(n, all.size())));
        s.sort(Comparator.comparing(Row::library).thenComparing(Row::signature));
        return s;
    }

    /** The libraries of the survey proper: public static methods with an array parameter. */
    public static List<Library> libraries(ModeInference inference) throws ClassNotFoundException {
        return List.of(survey(inference, "java.util.Arrays", Arrays.class, Class::isArray),
                survey(inference, "EJML CommonOps_DDRM 0.46.1", Class.forName(EJML), Class::isArray));
    }

    public static void main(String[] args) throws Exception {
        ModeInference inference = ServiceLoader.load(ModeInference.class).findFirst().orElseThrow();
        List<Library> libs = libraries(inference);
        // beyond the survey proper: most of CommonOps_DDRM takes matrices (objects holding a double[]), not arrays
        Library wider = survey(inference, "EJML CommonOps_DDRM 0.46.1, every method with a reference parameter", Class.forName(EJML),
                t -> !t.isPrimitive());
        System.out.println("| library | methods | ref. params | IN | OUT | INOUT | cold / method | warm / method |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Library l : List.of(libs.get(0), libs.get(1), wider)) {
            Map<Mode, Integer> c = l.counts();
            int total = c.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("| %s | %d | %d | %s | %s | %s | %.2f ms | %.1f µs |%n", l.name(), l.rows().size(), total,
                    share(c, Mode.IN, total), share(c, Mode.OUT, total), share(c, Mode.INOUT, total),
                    l.coldNanos() / 1e6 / l.rows().size(), l.warmNanos() / 1e3 / l.rows().size());
        }
        System.out.println();
        System.out.println("Sample (seed " + SEED + "):");
        for (Row r : sample(libs, SAMPLE, SEED)) {
            System.out.println(r.signature() + "  ->  " + r.modes());
            for (Inferred i : r.inferred())
                if (i.mode() != Mode.VALUE) System.out.println("      " + i.name() + " " + i.mode() + ": " + i.reason());
        }
        if (args.length > 0 && args[0].equals("--all"))
            for (Library l : List.of(libs.get(0), libs.get(1), wider))
                for (Row r : l.rows()) System.out.println("ALL " + r.signature() + "  ->  " + r.modes());
    }

    private static String share(Map<Mode, Integer> c, Mode m, int total) {
        int n = c.getOrDefault(m, 0);
        return String.format("%d (%.0f %%)", n, 100.0 * n / total);
    }
}
