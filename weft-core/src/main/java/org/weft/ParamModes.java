package org.weft;

import org.weft.spec.Explanation;
import org.weft.spec.Explanation.Source;
import org.weft.spec.ModeInference;
import org.weft.spec.SpecPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * The modes that raw arguments of one task function get, for one implementation method: what the cached
 * per-spawn lookup returns. The declared part is resolved when this is built; the inferred part (possibly a
 * bytecode analysis) only on the first spawn under {@link SpecPolicy#INFER}, or the first explanation.
 *
 * <p>Indices are the task's argument positions: the implementation's parameters (receiver first) without
 * the leading ones a lambda captured. Immutable apart from the lazily computed inferred part, which is
 * published through a volatile field (computing it twice in a race is harmless); thread-safe.
 */
final class ParamModes {
    /** The {@link Specs#epoch} this was resolved in. */
    final int epoch;
    private final MethodKey method;
    private final Class<?> receiver;
    private final int skip;
    private final Class<?>[] types;
    private final Mode[] declared;
    private final Source[] declaredSource;
    /** When non-null, every argument is INOUT for this reason (the implementation could not be determined). */
    private final String unknown;
    private volatile Resolved inferred;

    private record Resolved(Mode[] modes, Specs.Inferred from) {
    }

    private ParamModes(int epoch, MethodKey method, Class<?> receiver, int arity, String unknown) {
        this.epoch = epoch;
        this.method = method;
        this.receiver = receiver;
        this.unknown = unknown;
        Class<?>[] full = method.fullParameterTypes();
        this.skip = full.length - arity;
        this.types = java.util.Arrays.copyOfRange(full, skip, full.length);
        this.declared = new Mode[arity];
        this.declaredSource = new Source[arity];
        if (unknown == null) {
            Specs.Declared d = Specs.declared(method);
            System.arraycopy(d.modes(), skip, declared, 0, arity);
            System.arraycopy(d.sources(), skip, declaredSource, 0, arity);
        }
    }

    /** Modes of the task arguments of a function running {@code method} ({@code receiver}: its exact receiver class, or null). */
    static ParamModes of(MethodKey method, Class<?> receiver, int arity) {
        return new ParamModes(Specs.epoch(), method, receiver, arity, null);
    }

    /** Every argument INOUT because the method that will run is not known at spawn. */
    static ParamModes unknown(MethodKey declared, int arity, String why) {
        return new ParamModes(Specs.epoch(), declared, null, arity, why);
    }

    /**
     * The mode of a raw data argument at position {@code i} under {@code policy}, or null under
     * {@link SpecPolicy#STRICT} when nothing declares it.
     */
    Mode mode(int i, SpecPolicy policy) {
        Mode d = declared[i];
        if (d != null) return d;
        return switch (policy) {
            case INFER -> resolved().modes[i];
            case READ_BY_DEFAULT -> unknown != null ? Mode.INOUT : Mode.IN;
            case STRICT -> null;
        };
    }

    private Resolved resolved() {
        Resolved r = inferred;
        if (r == null) {
            Specs.Inferred from = unknown != null ? Specs.defaults(method, unknown) : Specs.infer(method, receiver);
            Mode[] modes = new Mode[types.length];
            for (int i = 0; i < modes.length; i++) modes[i] = declared[i] != null ? declared[i] : from.params().get(skip + i).mode();
            inferred = r = new Resolved(modes, from);
        }
        return r;
    }

    /** What {@link Weft#explain} returns: each argument's mode under {@link SpecPolicy#INFER}, its source and reason. */
    Explanation explain(String function) {
        Resolved r = resolved();
        List<Explanation.Param> ps = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            ModeInference.Inferred inf = r.from.params().get(skip + i);
            String name = inf.name() != null ? inf.name() : (skip + i == 0 && method.hasReceiver() ? "this" : "arg" + (i + 1));
            String type = types[i].getSimpleName();
            Explanation.Param p;
            if (types[i].isPrimitive() || Immutables.isValueType(types[i]))
                p = new Explanation.Param(i + 1, name, type, Mode.VALUE, Source.VALUE, article(type) + " " + type + " is passed as a value");
            else if (declared[i] != null)
                p = new Explanation.Param(i + 1, name, type, declared[i], declaredSource[i], declaredSource[i] == Source.DECLARED
                        ? "declared with Weft.declare" : "annotated @" + annotationName(declared[i]));
            else
                p = new Explanation.Param(i + 1, name, type, inf.mode(), r.from.source(), inf.reason());
            ps.add(p);
        }
        return new Explanation(function, method.location(), ps);
    }

    private static String article(String noun) {
        return "aeiouAEIOU".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String annotationName(Mode m) {
        return switch (m) {
            case IN -> "In";
            case OUT -> "Out";
            case INOUT -> "InOut";
            case COMMUTATIVE -> "Commutative";
            default -> m.name();
        };
    }
}
