package org.weft.infer;

import java.lang.constant.DirectMethodHandleDesc;
import java.util.ArrayList;
import java.util.List;

/**
 * The abstract value of one stack or local slot during the analysis of one method.
 *
 * <p>A reference is described by what it may point into: {@code origins}, the parameters whose data
 * (the object and everything reachable from it) it may be or lie inside; {@code sites}, the objects allocated
 * in this method ({@code new}, {@code newarray}) it may be or lie inside, each allocation instruction being one
 * abstract object; {@code direct}, the parameters it certainly is, itself, whole (a must-fact, used to prove
 * that a parameter is overwritten entirely). {@code type} is its static type descriptor when known, and
 * {@code exact} says the object's class is exactly that type (it was allocated here, or it is a parameter that every
 * caller this analysis stands for passes of exactly that class), which lets a virtual call be resolved. A lambda object made by {@code invokedynamic} also carries its implementation and the
 * values it captured, so that calling it can be analysed. Primitives are {@link #PRIM}.
 *
 * <p>Values are immutable; {@link #join} is the least upper bound used where control flow merges.
 *
 * @param origins parameters whose data the value may be or lie inside (bit i: parameter i)
 * @param direct  parameters the value certainly is, whole; a subset of {@code origins}
 * @param sites   allocation sites of this method whose objects the value may be or lie inside
 * @param type    static type descriptor ({@code [D}, {@code Ljava/lang/String;}), or null if unknown
 * @param exact   true if the object's runtime class is exactly {@code type}
 * @param lambda  for a lambda object from {@code invokedynamic}, what it runs; else null
 * @param idx     for an {@code int}, what is known of its value ({@link Idx}); else null
 */
record Value(long origins, long direct, long sites, String type, boolean exact, Lambda lambda, Idx idx) {
    static final Value PRIM = new Value(0, 0, 0, null, false, null);

    Value(long origins, long direct, long sites, String type, boolean exact, Lambda lambda) {
        this(origins, direct, sites, type, exact, lambda, null);
    }

    /**
     * What is known of an {@code int}, for proving that an element loop overwrites an array whole: a constant
     * ({@link #CONST}, {@code k}), the length of parameter {@code a} plus {@code k <= 0} ({@link #LEN}), or the current value of
     * local slot {@code a} plus {@code k} ({@link #SLOT}; the analysis shifts or forgets it when the slot changes), or
     * the sum of the current values of two distinct slots {@code a} and {@code b} plus {@code k} ({@link #SUM}: the
     * index {@code i + j} of a nested loop, or {@code i + n} stepping a counter by a local). A slot's {@code b} is
     * {@link #COMPUTED} where the value was computed by an {@code iadd} or {@code isub} at run time, which may have
     * wrapped; else the {@code + k} only records how far the slot moved since the value was loaded from it.
     */
    record Idx(int kind, int a, int k, int b) {
        static final int CONST = 0, LEN = 1, SLOT = 2, SUM = 3;
        static final int COMPUTED = -2;

        Idx(int kind, int a, int k) {
            this(kind, a, k, -1);
        }

        /** True if this names the value of slot {@code s}. */
        boolean names(int s) {
            return (kind == SLOT || kind == SUM) && a == s || kind == SUM && b == s;
        }

        static Value constant(int c) {
            return of(new Idx(CONST, 0, c));
        }

        static Value of(Idx i) {
            return new Value(0, 0, 0, null, false, null, i);
        }

        /** This plus {@code c}, or null if that is not expressible. */
        Idx plus(int c) {
            return kind == LEN ? null : new Idx(kind, a, k + c, b);
        }

        /**
         * For a length, {@code length + k + c} where that stays at most the length ({@code k + c <= 0}, which cannot
         * overflow), else null: what a descending loop starts from.
         */
        Idx plusLength(int c) {
            long sum = (long) k + c;
            return kind == LEN && sum <= 0 && sum >= Integer.MIN_VALUE ? new Idx(LEN, a, (int) sum) : null;
        }
    }

    /**
     * The pseudo allocation site standing for every object this method did not allocate and cannot connect to a
     * parameter (a static field, a result of code it does not follow, a caught exception): storing a reference
     * into such an object, or into a local object that may hold one, is an escape.
     */
    static final long EXTERNAL = 1L << 63;

    /**
     * A lambda object: the instruction that made it ({@code site}), the interface method it implements (name
     * and erased descriptor), the method it runs, and the values it captured (the first arguments of that
     * method).
     */
    record Lambda(String site, String samName, String samDescriptor, DirectMethodHandleDesc impl, List<Value> captured) {
        Lambda join(Lambda o) {
            if (o == null || !site.equals(o.site)) return null;
            List<Value> c = new ArrayList<>(captured.size());
            for (int i = 0; i < captured.size(); i++) c.add(captured.get(i).join(o.captured.get(i)));
            return new Lambda(site, samName, samDescriptor, impl, c);
        }

        Lambda absorb(long into, Value v) {
            List<Value> c = new ArrayList<>(captured.size());
            for (Value x : captured) c.add(x.absorb(into, v));
            return new Lambda(site, samName, samDescriptor, impl, c);
        }
    }

    /** A reference the analysis does not connect to any parameter or allocation, and that no one can write through (null, a constant). */
    static Value untracked(String type) {
        return new Value(0, 0, 0, type, false, null);
    }

    /** A reference to an object from outside (a static, a result of unseen code, a caught exception): see {@link #EXTERNAL}. */
    static Value external(String type) {
        return new Value(0, 0, EXTERNAL, type, false, null);
    }

    static Value param(int p, String type) {
        return new Value(1L << p, 1L << p, 0, type, false, null);
    }

    static Value allocated(int site, String type) {
        return new Value(0, 0, 1L << Math.min(site, 62), type, true, null);
    }

    static Value lambda(Lambda l, String type) {
        long o = 0, s = 0;
        for (Value c : l.captured) {
            o |= c.origins;
            s |= c.sites;
        }
        return new Value(o, 0, s, type, false, l);
    }

    /** True if the value reaches a parameter, an allocation of this method, or an outside object. */
    boolean tracked() {
        return (origins | sites) != 0;
    }

    /** True if the value reaches a parameter or an allocation of this method (not only outside objects). */
    boolean local() {
        return (origins | (sites & ~EXTERNAL)) != 0;
    }

    /** The parameter this value certainly is, whole, and nothing else; or -1. */
    int wholeParam() {
        return origins != 0 && origins == direct && Long.bitCount(origins) == 1 ? Long.numberOfTrailingZeros(origins) : -1;
    }

    /** A value read out of this one (a field, an element, a result that may lie inside it). */
    Value inside(String type) {
        return new Value(origins, 0, sites, type, false, null);
    }

    /** This value seen through a cast to {@code t}. */
    Value cast(String t) {
        return exact ? this : new Value(origins, direct, sites, t, false, lambda);
    }

    Value join(Value o) {
        if (o == this || o == null) return this;
        String t = type != null && type.equals(o.type) ? type : null;
        return new Value(origins | o.origins, direct & o.direct, sites | o.sites, t, exact && o.exact && t != null,
                lambda == null ? null : lambda.join(o.lambda), idx != null && idx.equals(o.idx) ? idx : null);
    }

    /** This value after the objects of {@code into} took in references to {@code v}'s data. */
    Value absorb(long into, Value v) {
        Lambda l = lambda == null ? null : lambda.absorb(into, v);
        if ((sites & into) == 0) return l == lambda ? this : new Value(origins, direct, sites, type, exact, l);
        return new Value(origins | v.origins, direct, sites | v.sites, type, exact, l);
    }
}
