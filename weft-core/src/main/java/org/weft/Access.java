package org.weft;

import java.util.Objects;

/**
 * A task argument together with how the task touches it. Static factories read as the declaration they
 * make: {@code spawn(Blas::axpy, val(2.0), in(x), inOut(y))}.
 *
 * <p>The datum is what the task receives: an array, a {@link org.weft.data.View} (a slice, a matrix tile, a
 * triangle), or any object (tracked by identity). For {@link Mode#REDUCE} the task receives a private partial
 * made by the {@link Reduction}; for {@link Mode#VALUE} the datum is passed untracked.
 *
 * <p>Weak accesses ({@link #weakIn}, {@link #weakOut}, {@link #weakInOut}) declare what a task's nested
 * region will touch without making the task itself wait for it: the task starts at once and its children
 * wait for the earlier writers and readers that the weak access would have waited for (OmpSs-2 weak
 * dependencies). A task with a weak access must not touch the datum itself, only through children.
 *
 * @param mode      how the datum is touched
 * @param datum     the argument; never {@code null} except for {@link Mode#VALUE}
 * @param weak      true for a weak access
 * @param reduction the operation for {@link Mode#REDUCE}, else {@code null}
 */
public record Access(Mode mode, Object datum, boolean weak, Reduction<?> reduction) {

    public Access {
        Objects.requireNonNull(mode, "mode");
        if (mode != Mode.VALUE && datum == null) throw new NullPointerException("datum of a " + mode + " access");
        if ((mode == Mode.REDUCE) != (reduction != null))
            throw new IllegalArgumentException("a reduction operation goes with REDUCE and only with REDUCE");
        if (weak && !(mode == Mode.IN || mode == Mode.OUT || mode == Mode.INOUT))
            throw new IllegalArgumentException("only IN, OUT and INOUT accesses can be weak, not " + mode);
    }

    public static Access in(Object datum) { return new Access(Mode.IN, datum, false, null); }
    public static Access out(Object datum) { return new Access(Mode.OUT, datum, false, null); }
    public static Access inOut(Object datum) { return new Access(Mode.INOUT, datum, false, null); }
    public static Access commutative(Object datum) { return new Access(Mode.COMMUTATIVE, datum, false, null); }
    public static Access concurrent(Object datum) { return new Access(Mode.CONCURRENT, datum, false, null); }
    public static <T> Access reduce(Reduction<T> op, T datum) { return new Access(Mode.REDUCE, datum, false, Objects.requireNonNull(op, "reduction")); }
    public static Access val(Object value) { return new Access(Mode.VALUE, value, false, null); }
    public static Access weakIn(Object datum) { return new Access(Mode.IN, datum, true, null); }
    public static Access weakOut(Object datum) { return new Access(Mode.OUT, datum, true, null); }
    public static Access weakInOut(Object datum) { return new Access(Mode.INOUT, datum, true, null); }

    @Override
    public String toString() {
        return (weak ? "weak " : "") + mode + "(" + describe(datum) + ")";
    }

    static String describe(Object o) {
        if (o == null) return "null";
        if (o.getClass().isArray()) return o.getClass().getComponentType().getSimpleName() + "[" + java.lang.reflect.Array.getLength(o) + "]";
        String s = o.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
