package org.weft.infer;

import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One inference request: resolves calls to methods, hands out their summaries (analysing them on first
 * need), and enforces a budget so that no request runs away.
 *
 * <p><b>Resolution.</b> A call is followed only where the method that runs is certain: static and
 * {@code invokespecial} calls (constructors, private methods, {@code super} calls), and virtual or interface
 * calls whose receiver's class is exactly known or whose method cannot be overridden (private, final, or in a
 * final class). Anything else is unresolved: the receiver's class decides at run time, and the analysis does
 * not guess.
 *
 * <p><b>Exact classes.</b> A value's class is exactly known where it was allocated here ({@code new C}), where
 * its static type is a final class (records and enums without constant bodies are final), and where it is a
 * parameter whose every caller passed a value of exactly known class: a callee is analysed with the exact classes
 * of the arguments its caller passes (where they say more than the declared types), so that a helper object made
 * in one method and called in another is still resolved. Such summaries are specialised: keyed by the exact
 * classes as well as the method, a bounded number per method ({@link #bounded}).
 *
 * <p><b>Recursion.</b> Summaries are computed depth-first. A call to a method whose analysis is in progress
 * gets its current assumption (at first, no effect at all) and marks it recursive; when that analysis
 * ends, it is repeated with its own result as the new assumption until the result stops changing (facts
 * only grow, so this ends; after 20 rounds the method is given up as unknown). Summaries that leaned on an
 * outer method still in progress are provisional and not cached; the others are cached for every later
 * request, keyed by class in a {@link ClassValue} (the class of {@code this} when analysed for an exact
 * receiver class, else the declaring class) and within it by method and exact classes ({@link Target#key}).
 *
 * <p>Not thread-safe: {@link BytecodeInference} runs one request at a time.
 */
final class Session {
    /** Instruction visits per request before the analysis gives up on what is left. */
    static final int BUDGET = 500_000;
    static final int MAX_DEPTH = 48;
    private static final int MAX_ROUNDS = 20;
    /** Summaries of one method for distinct exact argument classes, at most: see {@link #bounded}. */
    static final int MAX_VARIANTS = 16;
    private static final ClassValue<Map<String, Set<String>>> VARIANTS = new ClassValue<>() {
        @Override
        protected Map<String, Set<String>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    private static final ClassValue<Map<String, Summary>> CACHE = new ClassValue<>() {
        @Override
        protected Map<String, Summary> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** The analysis cannot go on: an unsupported construct, or the budget is spent ({@link #budget}). */
    static final class GiveUp extends RuntimeException {
        final boolean budget;

        GiveUp(String why) {
            this(why, false);
        }

        GiveUp(String why, boolean budget) {
            super(why, null, false, false);
            this.budget = budget;
        }
    }

    /** Where a call goes: a target (with the receiver's exact class if known), or why it cannot be resolved. */
    record Resolution(Target target, Class<?> exactThis, String why) {
    }

    private static final class InProgress {
        final int depth;
        Summary assumption;
        boolean recursive;

        InProgress(int depth, int n) {
            this.depth = depth;
            this.assumption = new Summary(n);
        }
    }

    private final Map<String, InProgress> inProgress = new HashMap<>();
    private int spent;
    /** The shallowest in-progress analysis that the current one leaned on. */
    private int lowest = Integer.MAX_VALUE;

    void spend() {
        if (++spent > BUDGET) throw new GiveUp("the analysis budget (" + BUDGET + " instruction visits) is spent", true);
    }

    /** No exact facts for {@code t}'s parameters but the receiver's, {@code receiver} (if non-null). */
    static Class<?>[] receiverOnly(Target t, Class<?> receiver) {
        Class<?>[] exact = new Class<?>[t.parameterTypes().size()];
        if (t.hasReceiver() && exact.length > 0) exact[0] = receiver;
        return exact;
    }

    /**
     * The summary of {@code t}, analysed with each parameter {@code p} (the receiver first) exactly of class
     * {@code exact[p]} where that is non-null.
     */
    Summary summary(Target t, Class<?>[] exact, int depth) {
        Class<?> home = t.hasReceiver() && exact.length > 0 && exact[0] != null ? exact[0] : t.owner();
        exact = bounded(t, exact, home);
        String key = t.key(exact);
        Summary cached = CACHE.get(home).get(key);
        if (cached != null) return cached;
        InProgress running = inProgress.get(key);
        if (running != null) {
            running.recursive = true;
            lowest = Math.min(lowest, running.depth);
            return running.assumption;
        }
        if (depth > MAX_DEPTH) throw new GiveUp("calls nest deeper than " + MAX_DEPTH);
        int n = t.parameterTypes().size();
        InProgress me = new InProgress(depth, n);
        inProgress.put(key, me);
        int outerLowest = lowest;
        Summary s;
        try {
            for (int round = 0; ; round++) {
                lowest = Integer.MAX_VALUE;
                try {
                    s = new MethodAnalysis(this, t, exact, depth).run();
                } catch (GiveUp g) {
                    s = Summary.unknownAll(n, Reason.of("the analysis of " + t.label() + " gave up: " + g.getMessage()));
                    s.degraded = g.budget;
                }
                if (!me.recursive || s.sameFacts(me.assumption)) break;
                if (round == MAX_ROUNDS) {
                    s = Summary.unknownAll(n, Reason.of("the recursion through " + t.label() + " did not settle"));
                    break;
                }
                me.assumption = s;
                me.recursive = false;
            }
        } finally {
            inProgress.remove(key);
        }
        int leaned = lowest;
        if (leaned >= depth && !s.degraded) CACHE.get(home).put(key, s);
        lowest = Math.min(outerLowest, leaned >= depth ? Integer.MAX_VALUE : leaned);
        return s;
    }

    /**
     * The exact facts kept for an analysis of {@code t} cached under {@code home}. A fact about an argument (not the
     * receiver, which picks the home) is kept only for a class that the home's loader resolves by that name, so that the
     * key, which names it, means one class in the home's cache; and only for the first {@link #MAX_VARIANTS} distinct
     * combinations of a method: past them, the arguments are analysed as of their declared types, which is sound, and
     * the cache stays bounded by the code's methods whatever the callers allocate.
     */
    private static Class<?>[] bounded(Target t, Class<?>[] exact, Class<?> home) {
        Class<?>[] kept = exact.clone();
        int first = t.hasReceiver() ? 1 : 0;
        boolean any = false;
        for (int p = first; p < kept.length; p++) {
            if (kept[p] != null && ClassFiles.load(kept[p].getName().replace('.', '/'), home) != kept[p]) kept[p] = null;
            any |= kept[p] != null;
        }
        if (!any) return kept;
        Class<?>[] general = new Class<?>[kept.length];
        if (first == 1) general[0] = kept[0];
        Set<String> variants = VARIANTS.get(home).computeIfAbsent(t.key(general), k -> ConcurrentHashMap.newKeySet());
        String key = t.key(kept);
        if (!variants.contains(key) && variants.size() >= MAX_VARIANTS) return general;
        variants.add(key);
        return kept;
    }

    /**
     * Where a call from code of class {@code context} goes; the class files consulted to decide are stamped
     * into {@code consulted}.
     */
    Resolution resolve(Class<?> context, Opcode op, String owner, String name, MethodTypeDesc mt, Value receiver, Set<String> consulted) {
        if (owner.startsWith("[")) return new Resolution(null, null, "a method of an array type");
        Class<?> oc = ClassFiles.load(owner, context);
        if (oc == null) return new Resolution(null, null, "class " + owner.replace('/', '.') + " cannot be loaded");
        String desc = mt.descriptorString();
        return switch (op) {
            case INVOKESTATIC, INVOKESPECIAL -> {
                for (Class<?> c = oc; c != null; c = c.getSuperclass()) {
                    ClassModel cm = model(c, consulted);
                    if (cm == null) yield new Resolution(null, null, "no class file for " + c.getName());
                    MethodModel m = ClassFiles.method(cm, name, desc);
                    if (m != null) yield checked(new Target(c, cm, m), null);
                    if (name.equals("<init>")) break;
                }
                yield new Resolution(null, null, "no such method in the class files");
            }
            case INVOKEVIRTUAL, INVOKEINTERFACE -> virtual(context, oc, name, desc, receiver, op, consulted);
            default -> new Resolution(null, null, "unexpected call instruction " + op);
        };
    }

    private static ClassModel model(Class<?> c, Set<String> consulted) {
        ClassModel cm = ClassFiles.model(c);
        if (cm != null) consulted.add(ClassFiles.stamp(c));
        return cm;
    }

    private Resolution virtual(Class<?> context, Class<?> declared, String name, String desc, Value receiver, Opcode op, Set<String> consulted) {
        ClassModel dm = model(declared, consulted);
        MethodModel own = dm == null ? null : ClassFiles.method(dm, name, desc);
        if (own != null && own.flags().has(AccessFlag.PRIVATE)) return checked(new Target(declared, dm, own), null);
        Class<?> start = declared;
        boolean exact = false;
        Class<?> rc = receiver.type() != null ? ClassFiles.load(ClassDesc.ofDescriptor(receiver.type()), context) : null;
        if (rc != null && declared.isAssignableFrom(rc)) {
            start = rc;
            exact = receiver.exact();
        }
        if (!start.isInterface() && Modifier.isFinal(start.getModifiers())) exact = true;
        Target found = lookup(start, name, desc, consulted);
        if (found == null)
            return new Resolution(null, null, "no implementation of it is known here (" + (op == Opcode.INVOKEINTERFACE ? "an interface call" : "an abstract method") + ")");
        MethodModel m = found.method();
        boolean fixed = m.flags().has(AccessFlag.PRIVATE) || m.flags().has(AccessFlag.FINAL) || Modifier.isFinal(found.owner().getModifiers());
        if (!exact && !fixed)
            return new Resolution(null, null, op == Opcode.INVOKEINTERFACE
                    ? "an interface call, whose implementation depends on the receiver's class"
                    : "a call of an overridable method, which a subclass may replace");
        Resolution r = checked(found, null);
        return r.target() == null ? r : new Resolution(found, exact ? start : null, null);
    }

    /** The method a virtual call of {@code name desc} runs on an instance of {@code start}: up the superclasses, then default methods. */
    private static Target lookup(Class<?> start, String name, String desc, Set<String> consulted) {
        for (Class<?> c = start; c != null; c = c.getSuperclass()) {
            ClassModel cm = model(c, consulted);
            if (cm == null) return null;
            MethodModel m = ClassFiles.method(cm, name, desc);
            if (m != null && !m.flags().has(AccessFlag.STATIC)) return m.flags().has(AccessFlag.ABSTRACT) ? null : new Target(c, cm, m);
        }
        // Default methods: as the JVM selects them, the one declaration among the maximally specific
        // superinterfaces that declare the method (none of them has a subinterface that also declares it). If
        // that is not exactly one non-abstract method, the call is left unresolved.
        Deque<Class<?>> todo = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        java.util.List<Target> declared = new java.util.ArrayList<>();
        for (Class<?> c = start; c != null; c = c.getSuperclass()) todo.addAll(java.util.List.of(c.getInterfaces()));
        if (start.isInterface()) todo.add(start);
        while (!todo.isEmpty()) {
            Class<?> i = todo.poll();
            if (!seen.add(i)) continue;
            ClassModel cm = model(i, consulted);
            if (cm == null) return null;
            MethodModel m = ClassFiles.method(cm, name, desc);
            if (m != null && !m.flags().has(AccessFlag.STATIC) && !m.flags().has(AccessFlag.PRIVATE)) declared.add(new Target(i, cm, m));
            todo.addAll(java.util.List.of(i.getInterfaces()));
        }
        Target chosen = null;
        for (Target t : declared) {
            boolean maximal = true;
            for (Target u : declared) if (u != t && t.owner().isAssignableFrom(u.owner())) maximal = false;
            if (!maximal) continue;
            if (chosen != null) return null;
            chosen = t;
        }
        return chosen == null || chosen.method().flags().has(AccessFlag.ABSTRACT) ? null : chosen;
    }

    private static Resolution checked(Target t, Class<?> exactThis) {
        if (t.method().flags().has(AccessFlag.NATIVE)) return new Resolution(null, null, "a native method");
        if (t.method().code().isEmpty()) return new Resolution(null, null, "an abstract method");
        return new Resolution(t, exactThis, null);
    }
}
