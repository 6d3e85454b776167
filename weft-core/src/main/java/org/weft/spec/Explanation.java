package org.weft.spec;

import org.weft.Mode;

import java.util.List;
import java.util.Objects;

/**
 * The mode that a raw argument gets for each parameter of a task function under {@link SpecPolicy#INFER},
 * where that mode comes from, and why: the result of {@link org.weft.Weft#explain Weft.explain}.
 * {@link #toString()} prints one line per parameter:
 * <pre>
 * Kernels.axpyInto(double, double[], double[]) at Kernels.java:40
 *   param a (double): VALUE [value] — a double is passed as a value
 *   param x (double[]): IN [inferred] — only read: DALOAD at Kernels.java:41
 *   param y (double[]): INOUT [inferred] — DASTORE at Kernels.java:42
 * </pre>
 *
 * A lambda's captured values follow, one line each ({@code captured x (double[]): INOUT [inferred] — ...}):
 * what a spawn tracks for them unless its access list names them.
 *
 * @param function the method the task runs, with its parameter types
 * @param location where its code starts ("Kernels.java:40"), or {@code null} if unknown
 * @param params   one entry per argument of the task, in order
 * @param captured one entry per value the function captured (a lambda's captured variables, {@code this}
 *                 first if it captured it), in capture order; positions count from 1 among them
 */
public record Explanation(String function, String location, List<Param> params, List<Param> captured) {

    public Explanation {
        Objects.requireNonNull(function, "function");
        params = List.copyOf(params);
        captured = List.copyOf(captured);
    }

    /** An explanation of a function that captured nothing. */
    public Explanation(String function, String location, List<Param> params) {
        this(function, location, params, List.of());
    }

    /** Where a parameter's mode comes from. */
    public enum Source {
        /** The parameter's type is primitive or immutable: the argument is passed as a value. */
        VALUE,
        /** An {@code @In/@Out/@InOut/@Commutative} annotation on the parameter (or on an overridden method's). */
        ANNOTATED,
        /** {@link org.weft.Weft#declare Weft.declare(...)}. */
        DECLARED,
        /** Inferred from the bytecode when the function was first spawned or explained. */
        INFERRED,
        /** Inferred at build time and read from {@code META-INF/weft/specs}. */
        PRECOMPUTED,
        /** Nothing could decide: the safe default, {@code INOUT}. */
        DEFAULT
    }

    /**
     * One parameter.
     *
     * @param position 1-based position among the task's arguments
     * @param name     the parameter's name if the class file records it, else {@code argN}
     * @param type     the parameter's type, by its simple name
     * @param mode     the mode a raw argument gets ({@link Mode#VALUE} for values)
     * @param source   where the mode comes from
     * @param reason   why: for an inferred mode, the reason chain down to an instruction and source line
     */
    public record Param(int position, String name, String type, Mode mode, Source source, String reason) {
        public Param {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String toString() {
            return "param " + name + " (" + type + "): " + mode + " [" + source.name().toLowerCase(java.util.Locale.ROOT) + "] — " + reason;
        }
    }

    /** The mode of the argument at 1-based {@code position}. */
    public Mode mode(int position) {
        return params.get(position - 1).mode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(function);
        if (location != null) sb.append(" at ").append(location);
        for (Param p : params) sb.append("\n  ").append(p);
        for (Param p : captured) sb.append("\n  captured ").append(p.toString().substring("param ".length()));
        return sb.toString();
    }
}
