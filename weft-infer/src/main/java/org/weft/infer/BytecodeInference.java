package org.weft.infer;

import org.weft.Mode;
import org.weft.spec.ModeInference;

import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Access-mode inference from bytecode: the {@link ModeInference} service that {@code weft-core} finds with
 * {@link java.util.ServiceLoader}. It reads the method's class file with {@code java.lang.classfile},
 * summarises what the method and everything it calls do to each parameter ({@link Session},
 * {@link MethodAnalysis}), and turns the summary into modes:
 * <ul>
 *   <li>{@link Mode#INOUT} if a reference into the parameter's data reaches code the analysis cannot see
 *       (native, unresolved virtual or interface calls, reflection, method handles, another thread, a static
 *       field or an object it does not follow), or if the data may be written;</li>
 *   <li>{@link Mode#OUT} if it is written and, on every path to a normal return, certainly overwritten whole
 *       before any read of it (whole-array {@code Arrays.fill}/{@code setAll}, {@code MemorySegment.fill}, or
 *       a callee that does so); element-by-element loops are not proved to cover an array;</li>
 *   <li>{@link Mode#IN} otherwise: nothing it can see writes it, and nothing it cannot see receives it;</li>
 *   <li>{@link Mode#VALUE} for primitive parameters.</li>
 * </ul>
 * Returning a parameter is not a write of it: it keeps its mode, with {@link Inferred#returned} set, and the
 * runtime tracks the task's result as that argument's data. Storing a reference to it into another parameter's
 * data is not a write of it either: it keeps its mode, with {@link Inferred#storedInto} naming the containers, and
 * the runtime links the data so that later accesses to a container cover what was stored into it.
 * Each mode comes with the reason chain down to the instruction and source line that decided it.
 * Summaries of callees are cached across requests; requests are serialised. Thread-safe.
 */
public final class BytecodeInference implements ModeInference {
    private static final Object LOCK = new Object();

    public BytecodeInference() {
    }

    @Override
    public List<Inferred> infer(Class<?> owner, String name, String descriptor, Class<?> receiver) {
        return analyse(owner, name, descriptor, receiver).params();
    }

    /** One parameter's inferred mode, and the first write of it the bytecode shows, if any (for {@link SpecCheck}). */
    record Param(Inferred inferred, String write) {
    }

    /**
     * The inference of one method, parameter by parameter (receiver first), and the stamps of the class files
     * it rests on ({@link ClassFiles#stamp}; empty if it rests on none, being all INOUT).
     */
    record Result(List<Param> facts, Set<String> classes) {
        List<Inferred> params() {
            return facts.stream().map(Param::inferred).toList();
        }
    }

    static Result analyse(Class<?> owner, String name, String descriptor, Class<?> receiver) {
        ClassModel cm = ClassFiles.model(owner);
        MethodModel mm = cm == null ? null : ClassFiles.method(cm, name, descriptor);
        if (mm == null)
            return fallback(owner, name, descriptor, cm == null ? "no class file for " + owner.getName() : owner.getName() + " has no method " + name + descriptor);
        Target t = new Target(owner, cm, mm);
        if (mm.flags().has(AccessFlag.NATIVE) || mm.code().isEmpty()) {
            String why = mm.flags().has(AccessFlag.NATIVE) ? "a native method" : "an abstract method: the implementation depends on the receiver's class";
            return result(t, Summary.unknownAll(t.parameterTypes().size(), Reason.of(t.label() + " is " + why)));
        }
        Summary s;
        synchronized (LOCK) {
            s = new Session().summary(t, Session.receiverOnly(t, receiver), 0);
        }
        return result(t, s);
    }

    /** INOUT for every reference parameter of a method whose bytecode cannot be read. */
    private static Result fallback(Class<?> owner, String name, String descriptor, String why) {
        MethodTypeDesc mt = MethodTypeDesc.ofDescriptor(descriptor);
        boolean returnsRef = !mt.returnType().isPrimitive();
        boolean receiver = name.equals("<init>");
        for (Method m : owner.getDeclaredMethods())
            if (m.getName().equals(name) && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString().equals(descriptor))
                receiver = !Modifier.isStatic(m.getModifiers());
        List<Param> out = new ArrayList<>();
        if (receiver) out.add(new Param(new Inferred("this", Mode.INOUT, why, returnsRef), null));
        for (ClassDesc p : mt.parameterList())
            out.add(new Param(new Inferred(null, p.isPrimitive() ? Mode.VALUE : Mode.INOUT, p.isPrimitive() ? "a primitive" : why,
                    returnsRef && !p.isPrimitive()), null));
        return new Result(out, Set.of());
    }

    private static Result result(Target t, Summary s) {
        String[] names = ClassFiles.parameterNames(t);
        List<ClassDesc> types = t.parameterTypes();
        List<Param> out = new ArrayList<>();
        for (int p = 0; p < types.size(); p++) {
            if (types.get(p).isPrimitive()) {
                out.add(new Param(new Inferred(names[p], Mode.VALUE, "a primitive"), null));
                continue;
            }
            out.add(new Param(decide(s, p, names, !t.method().methodTypeSymbol().returnType().isPrimitive()), s.write[p] == null ? null : s.write[p].toString()));
        }
        return new Result(out, s.classes);
    }

    /**
     * A parameter that {@code p} may be stored into, directly or through others, whose data beyond the parameter object
     * itself may be written (where {@code p}'s data now lies) or reaches code the analysis cannot see, or -1.
     */
    private static int writtenThrough(Summary s, int p) {
        long seen = 1L << p, todo = s.flows[p] & ~seen;
        while (todo != 0) {
            int q = Long.numberOfTrailingZeros(todo);
            todo &= todo - 1;
            if ((seen & (1L << q)) != 0) continue;
            seen |= 1L << q;
            if (s.writeDeep[q] != null || s.unknown[q] != null) return q;
            todo |= s.flows[q] & ~seen;
        }
        return -1;
    }

    /**
     * The mode of parameter {@code p} and every fact that decides it, the deciding one first: a parameter both
     * written and returned says both.
     */
    private static Inferred decide(Summary s, int p, String[] names, boolean returnsRef) {
        String name = names[p];
        List<String> facts = new ArrayList<>();
        Mode mode;
        long others = s.flows[p] & ~(1L << p);
        int through = writtenThrough(s, p);
        if (s.unknown[p] != null) {
            mode = Mode.INOUT;
            facts.add(s.unknown[p].toString());
        } else if (through >= 0) {
            // the runtime links the containers only after the task's own accesses are resolved, so a write through a
            // container's data in this task is not covered by the link: the stored parameter itself is written
            mode = Mode.INOUT;
            String target = names[through] != null ? names[through] : "argument " + (through + 1);
            Reason how = s.writeDeep[through] != null ? s.writeDeep[through] : s.unknown[through];
            facts.add("stored into " + target + ", whose data beyond it is written or handed on (" + how + "), which may write it");
        } else if (s.write[p] != null) {
            mode = s.covers(p) ? Mode.OUT : Mode.INOUT;
        } else {
            mode = Mode.IN;
        }
        for (long o = others; o != 0; o &= o - 1) {
            int q = Long.numberOfTrailingZeros(o);
            String target = names[q] != null ? names[q] : "argument " + (q + 1);
            facts.add("a reference to it is stored into " + target + " (" + s.flowReason[p] + "), which is not a write of it: the runtime links it to "
                    + target + "'s data, so a later task that accesses " + target + " accesses it too");
        }
        if (s.write[p] != null) {
            if (s.covers(p)) facts.add("overwritten whole before any read on every path: " + s.cover[p]);
            else facts.add((mode == Mode.INOUT && s.unknown[p] == null ? "" : "written: ") + s.write[p]);
        }
        if (s.read[p] != null && mode == Mode.IN) facts.add("only read: " + s.read[p]);
        if (s.returned[p] != null)
            facts.add("returned (" + s.returned[p] + "): the task's result is tracked as this argument's data");
        if (facts.isEmpty()) facts.add("neither read nor written");
        // a result from code the analysis cannot see may be whatever that code was given
        return new Inferred(name, mode, String.join("; ", facts), s.returned[p] != null || s.unknown[p] != null && returnsRef,
                s.unknown[p] != null ? 0 : others);
    }
}
