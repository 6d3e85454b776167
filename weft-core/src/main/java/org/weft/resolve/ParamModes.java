package org.weft.resolve;

import org.weft.Mode;

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
public final class ParamModes {
    /** The {@link Specs#epoch} this was resolved in. */
    final int epoch;
    private final MethodKey method;
    private final Class<?> receiver;
    /** How many leading implementation parameters are captured values rather than task arguments. */
    private final int skip;
    /** Every implementation parameter's type, receiver first. */
    private final Class<?>[] full;
    private final Mode[] declared;
    private final Source[] declaredSource;
    /** When non-null, every argument is INOUT for this reason (the implementation could not be determined). */
    private final String unknown;
    private volatile Resolved inferred;
    private volatile String[] names;

    /**
     * Inferred modes of every implementation parameter, those whose data the result may alias (bit i: parameter i),
     * and per parameter the parameters whose data may come to hold a reference to its data (null if none does).
     */
    private record Resolved(Mode[] modes, Specs.Inferred from, long returned, long[] storedInto) {
    }

    private ParamModes(int epoch, MethodKey method, Class<?> receiver, int arity, String unknown) {
        this.epoch = epoch;
        this.method = method;
        this.receiver = receiver;
        this.unknown = unknown;
        this.full = method.fullParameterTypes();
        this.skip = full.length - arity;
        this.declared = new Mode[full.length];
        this.declaredSource = new Source[full.length];
        if (unknown == null) {
            Specs.Declared d = Specs.declared(method);
            System.arraycopy(d.modes(), 0, declared, 0, full.length);
            System.arraycopy(d.sources(), 0, declaredSource, 0, full.length);
        }
    }

    /** Modes of the task arguments of a function running {@code method} ({@code receiver}: its exact receiver class, or null). */
    public static ParamModes of(MethodKey method, Class<?> receiver, int arity) {
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
    public Mode mode(int i, SpecPolicy policy) {
        return param(skip + i, policy);
    }

    /** As {@link #mode}, for the captured value that is implementation parameter {@code p} (receiver first). */
    public Mode captured(int p, SpecPolicy policy) {
        return param(p, policy);
    }

    private Mode param(int p, SpecPolicy policy) {
        Mode d = declared[p];
        if (d != null) return d;
        if (policy == SpecPolicy.INFER) return resolved().modes[p];
        if (policy == SpecPolicy.READ_BY_DEFAULT) return unknown != null ? Mode.INOUT : Mode.IN;
        return null;
    }

    /**
     * The implementation parameters whose data the function's result may alias (bit i: parameter i, receiver
     * first; only the first 63), as inferred under {@link SpecPolicy#INFER}; 0 under the other policies, which infer
     * nothing.
     */
    public long returned(SpecPolicy policy) {
        return policy == SpecPolicy.INFER ? resolved().returned : 0;
    }

    /**
     * Per implementation parameter (receiver first), the parameters whose data the function may store a reference
     * to its data into ({@link ModeInference.Inferred#storedInto}), as inferred under {@link SpecPolicy#INFER};
     * null if none, or under the other policies.
     */
    public long[] storedInto(SpecPolicy policy) {
        return policy == SpecPolicy.INFER ? resolved().storedInto : null;
    }

    /** How many leading implementation parameters are captured values. */
    public int capturedCount() {
        return skip;
    }

    private Resolved resolved() {
        Resolved r = inferred;
        if (r == null) {
            Specs.Inferred from = unknown != null ? Specs.defaults(method, unknown) : Specs.infer(method, receiver);
            Mode[] modes = new Mode[full.length];
        long returned = 0;
            long[] stored = null;
            for (int i = 0; i < modes.length; i++) {
                ModeInference.Inferred inf = from.params().get(i);
                modes[i] = declared[i] != null ? declared[i] : inf.mode();
                if (inf.returned() && i < 63) returned |= 1L << i;
                if (inf.storedInto() != 0) {
                    if (stored == null) stored = new long[modes.length];
                    stored[i] = inf.storedInto();
                }
            }
            inferred = r = new Resolved(modes, from, returned, stored);
        }
        return r;
    }

    /** Every implementation parameter's name as the class file records it ("this" for a receiver), null where unknown. */
    public String[] names() {
        String[] n = names;
        if (n == null) names = n = method.parameterNames();
        return n;
    }

    /**
     * What {@link org.weft.Weft#explain} returns: each argument's mode under {@link SpecPolicy#INFER}, its source and reason,
     * and the same for each value the function captured.
     */
    public Explanation explain(String function) {
        Resolved r = resolved();
        List<Explanation.Param> ps = new ArrayList<>(), captured = new ArrayList<>();
        String[] fileNames = names();
        boolean tracked = skip == 0 || Specs.tracksCaptures(SpecPolicy.INFER);
        for (int p = 0; p < full.length; p++) {
            ModeInference.Inferred inf = r.from.params().get(p);
            boolean arg = p >= skip;
            int position = arg ? p - skip + 1 : p + 1;
            String name = inf.name() != null ? inf.name() : fileNames[p] != null ? fileNames[p]
                    : p == 0 && method.hasReceiver() ? "this" : (arg ? "arg" : "captured") + position;
            String type = MethodKey.simpleName(full[p]);
            Explanation.Param e;
            if (full[p].isPrimitive() || Immutables.isValueType(full[p]))
                e = new Explanation.Param(position, name, type, Mode.VALUE, Source.VALUE, article(type) + " " + type + " is passed as a value");
            else if (!arg && !Captures.mayBeData(full[p]))
                e = new Explanation.Param(position, name, type, Mode.VALUE, Source.VALUE,
                        article(type) + " " + type + " synchronizes itself: Weft does not track it");
            else if (!arg && !tracked)
                e = new Explanation.Param(position, name, type, Mode.VALUE, Source.DEFAULT, "not tracked: " + Specs.UNTRACKED_CAPTURES);
            else if (declared[p] != null)
                e = new Explanation.Param(position, name, type, declared[p], declaredSource[p], declaredSource[p] == Source.DECLARED
                        ? "declared with Weft.declare" : "annotated @" + annotationName(declared[p]));
            else
                e = new Explanation.Param(position, name, type, inf.mode(), r.from.source(), inf.reason());
            (arg ? ps : captured).add(e);
        }
        return new Explanation(function, method.location(), ps, captured);
    }

    /**
     * {@link #explain(String)} for function object {@code fn} as it is now: a captured object is followed by the data in
     * its fields that a spawn tracks with it, with its mode ({@link Captures}); a function object of a class of its own
     * is not tracked itself, so the data in its fields takes its entry.
     */
    public Explanation explain(String function, Object fn, FnInfo info) {
        Explanation base = explain(function);
        Captures.Found found = info.captured == null || !Specs.tracksCaptures(SpecPolicy.INFER) ? null : Captures.of(fn, info, null, null);
        if (found == null) return base;
        List<Explanation.Param> captured = new ArrayList<>();
        for (int c = 0; c < base.captured().size(); c++) {
            Explanation.Param owner = base.captured().get(c);
            Object value = Captures.value(fn, info, c);
            boolean self = value == fn;
            if (!self) captured.add(owner);
            for (int k = 0; k < found.size(); k++) {
                if (Captures.param(found, k) != c || found.data.get(k) == value) continue;
                String field = found.names.get(k);
                String name = self ? field : owner.name() + "." + field;
                Object datum = found.data.get(k);
                String whose = self ? "a field of the function object, tracked with the mode of its receiver: "
                        : "reached through " + owner.name() + ", tracked with it: ";
                captured.add(new Explanation.Param(owner.position(), name, MethodKey.simpleName(datum.getClass()), owner.mode(), owner.source(),
                        whose + owner.reason()));
            }
        }
        return new Explanation(base.function(), base.location(), base.params(), captured);
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
