package org.weft.resolve;

import org.weft.Mode;

import org.weft.spec.Commutative;
import org.weft.spec.Explanation.Source;
import org.weft.spec.In;
import org.weft.spec.InOut;
import org.weft.spec.ModeInference;
import org.weft.spec.Out;

import java.lang.annotation.Annotation;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where modes of raw arguments come from: the declarations made with {@link org.weft.Weft#declare}, the
 * {@code @In/@Out/@InOut/@Commutative} annotations, specs precomputed at build time, and the
 * {@link ModeInference} service.
 *
 * <p>Declarations live in a {@link ClassValue} on the declaring class (so they do not keep a class loader
 * alive), one array of modes per method signature, the receiver first for an instance method; a
 * {@code null} entry leaves that parameter to inference. Every declaration bumps {@link #epoch}: resolved
 * modes cached by {@link FnInfo} remember the epoch they were computed in and are recomputed when it moved,
 * so a spawn costs one volatile read to see a later declaration. Thread-safe.
 */
public final class Specs {
    private static final ClassValue<ConcurrentHashMap<String, Mode[]>> DECLARED = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Mode[]> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    private static volatile int epoch;

    private Specs() {
    }

    static int epoch() {
        return epoch;
    }

    /** Records {@code modes} (the receiver first for an instance method, null entries undeclared) for {@code m}. */
    public static synchronized void declare(MethodKey m, Mode[] modes) {
        Class<?>[] types = m.fullParameterTypes();
        if (modes.length != types.length)
            throw new IllegalArgumentException(m.label() + " takes " + types.length + " arguments" + (m.hasReceiver() ? " (the receiver first)" : "")
                    + "; " + modes.length + " modes given");
        for (int i = 0; i < modes.length; i++) {
            Mode md = modes[i];
            if (md == null) continue;
            if (md == Mode.REDUCE)
                throw new IllegalArgumentException(m.label() + " argument " + (i + 1) + ": REDUCE needs an operation; pass reduce(op, x) at the call");
            if (types[i].isPrimitive() && md != Mode.VALUE)
                throw new IllegalArgumentException(m.label() + " argument " + (i + 1) + " is a " + types[i] + ": its mode can only be VALUE, not " + md);
        }
        DECLARED.get(m.owner()).put(m.name() + m.descriptor(), modes.clone());
        epoch++;
    }

    /**
     * The declared mode of each parameter of {@code m} (receiver first), with its source: a
     * {@link org.weft.Weft#declare} declaration, else an annotation, on {@code m} or else on the nearest method it
     * overrides. Entries left null are not declared.
     */
    static Declared declared(MethodKey m) {
        int n = m.fullParameterTypes().length;
        Declared d = new Declared(new Mode[n], new Source[n]);
        for (MethodKey k : overriddenChain(m)) {
            Mode[] reg = DECLARED.get(k.owner()).get(k.name() + k.descriptor());
            Mode[] ann = annotated(k);
            for (int i = 0; i < n; i++) {
                if (d.modes[i] != null) continue;
                if (reg != null && reg[i] != null) d.set(i, reg[i], Source.DECLARED);
                else if (ann != null && ann[i] != null) d.set(i, ann[i], Source.ANNOTATED);
            }
        }
        return d;
    }

    /** Declared modes and their sources, one entry per parameter (receiver first). */
    record Declared(Mode[] modes, Source[] sources) {
        void set(int i, Mode m, Source s) {
            modes[i] = m;
            sources[i] = s;
        }
    }

    private static Mode[] annotated(MethodKey k) {
        Executable e = k.executable();
        if (e == null) return null;
        Annotation[][] anns = e.getParameterAnnotations();
        int n = k.fullParameterTypes().length;
        Mode[] out = new Mode[n];
        boolean any = false;
        // annotations are aligned to the end: inner-class constructors omit their synthetic leading parameters
        for (int a = anns.length - 1, i = n - 1; a >= 0 && i >= 0; a--, i--) {
            for (Annotation an : anns[a]) {
                Mode md = an instanceof In ? Mode.IN : an instanceof Out ? Mode.OUT : an instanceof InOut ? Mode.INOUT
                        : an instanceof Commutative ? Mode.COMMUTATIVE : null;
                if (md != null) {
                    if (out[i] != null && out[i] != md)
                        throw new IllegalArgumentException(k.label() + " parameter " + (a + 1) + " has two spec annotations");
                    out[i] = md;
                    any = true;
                }
            }
        }
        return any ? out : null;
    }

    /** {@code m}, then the methods it overrides: up the superclasses, then through the interfaces. */
    private static List<MethodKey> overriddenChain(MethodKey m) {
        List<MethodKey> out = new ArrayList<>();
        out.add(m);
        Executable e = m.executable();
        if (!(e instanceof Method method) || Modifier.isStatic(method.getModifiers()) || Modifier.isPrivate(method.getModifiers()))
            return out;
        Class<?>[] ps = method.getParameterTypes();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(m.owner());
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c)) continue;
            if (c != m.owner()) {
                try {
                    Method o = c.getDeclaredMethod(m.name(), ps);
                    if (!Modifier.isStatic(o.getModifiers()) && !Modifier.isPrivate(o.getModifiers())) out.add(MethodKey.of(o));
                } catch (NoSuchMethodException ignored) {
                    // not declared at this level
                }
            }
            if (c.getSuperclass() != null) todo.add(c.getSuperclass());
            todo.addAll(Arrays.asList(c.getInterfaces()));
        }
        return out;
    }

    /**
     * The method that a virtual call of {@code name} with the parameter types of {@code declared} runs on an
     * instance of {@code receiver}: the nearest non-abstract declaration up the superclasses, else a default
     * method of an interface. Null if there is none.
     */
    static MethodKey implementation(Class<?> receiver, MethodKey declared) {
        Class<?>[] ps = declared.type().parameterArray();
        for (Class<?> c = receiver; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(declared.name(), ps);
                if (!Modifier.isStatic(m.getModifiers()) && !Modifier.isAbstract(m.getModifiers())) return MethodKey.of(m);
            } catch (NoSuchMethodException ignored) {
                // inherited from further up
            }
        }
        try {
            Method m = receiver.getMethod(declared.name(), ps);
            if (m.isDefault()) return MethodKey.of(m);
        } catch (NoSuchMethodException ignored) {
            // no default method either
        }
        return null;
    }

    /** True if no subclass can override {@code m}: static, private, final, a constructor, or in a final class. */
    static boolean isFixed(MethodKey m) {
        Executable e = m.executable();
        if (e == null) return false;
        int mods = e.getModifiers();
        return !(e instanceof Method) || Modifier.isStatic(mods) || Modifier.isPrivate(mods) || Modifier.isFinal(mods)
                || Modifier.isFinal(m.owner().getModifiers());
    }

    // ---- inference -----------------------------------------------------------------------------------

    /** Inferred modes of every parameter of {@code m} (receiver first), and where they come from. */
    record Inferred(List<ModeInference.Inferred> params, Source source) {
    }

    static Inferred infer(MethodKey m, Class<?> receiver) {
        int n = m.fullParameterTypes().length;
        List<ModeInference.Inferred> pre = PrecomputedSpecs.lookup(m);
        if (pre != null && pre.size() == n) return new Inferred(pre, Source.PRECOMPUTED);
        ModeInference inf = Service.INFERENCE;
        String why;
        if (inf != null) {
            try {
                List<ModeInference.Inferred> got = inf.infer(m.owner(), m.name(), m.descriptor(), receiver);
                if (got.size() == n) return new Inferred(List.copyOf(got), Source.INFERRED);
                why = "the inference returned " + got.size() + " modes for " + n + " parameters";
            } catch (RuntimeException | LinkageError e) {
                why = "the inference failed: " + e;
            }
        } else {
            why = Service.MISSING;
            Service.warnMissing();
        }
        return defaults(m, why);
    }

    /**
     * True if a spawn under {@code policy} tracks the data its function captured ({@link Captures}): under
     * {@link org.weft.spec.SpecPolicy#INFER} only when an inference is on the class path, since without one every
     * captured datum would be INOUT and closures that share a mutable helper would run one after another where they
     * ran together before; then this says once (a warning) that captured data goes untracked and what to add.
     */
    /** Why a closure's captured data goes untracked under INFER without an inference (for {@link ParamModes#explain}). */
    static final String UNTRACKED_CAPTURES = "weft-infer is not on the class path, so a spawn does not track captured data unless "
            + "the closure's access list names it";

    public static boolean tracksCaptures(org.weft.spec.SpecPolicy policy) {
        if (policy != org.weft.spec.SpecPolicy.INFER || Service.INFERENCE != null) return true;
        Service.warnMissing();
        return false;
    }

    /**
     * INOUT for every reference parameter, VALUE for primitives, with reason {@code why}; the result of a method
     * that returns a reference may alias any reference parameter.
     */
    static Inferred defaults(MethodKey m, String why) {
        List<ModeInference.Inferred> out = new ArrayList<>();
        boolean returnsRef = !m.type().returnType().isPrimitive();
        for (Class<?> t : m.fullParameterTypes())
            out.add(new ModeInference.Inferred(null, t.isPrimitive() ? Mode.VALUE : Mode.INOUT, t.isPrimitive() ? "a primitive" : why,
                    returnsRef && !t.isPrimitive()));
        return new Inferred(out, Source.DEFAULT);
    }

    /** The inference service, looked up once; says once that it is missing. */
    private static final class Service {
        static final String MISSING = "weft-infer not on the class path";
        static final ModeInference INFERENCE = load();
        private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

        /** Logs, the first time a spawn or an explanation needed inference, that there is none and what to add. */
        static void warnMissing() {
            if (WARNED.compareAndSet(false, true))
                System.getLogger("org.weft").log(System.Logger.Level.WARNING, "Weft: no access-mode inference on the class path: raw "
                        + "arguments of functions without declared modes are treated as INOUT (correct, but such tasks run one after "
                        + "another), and what a closure captures is not tracked (declare it in the closure's access list); add the "
                        + "artifact org.weft:weft-infer to infer both from the bytecode");
        }

        private static ModeInference load() {
            try {
                return ServiceLoader.load(ModeInference.class, ModeInference.class.getClassLoader()).findFirst().orElse(null);
            } catch (ServiceConfigurationError e) {
                return null;
            }
        }
    }
}
