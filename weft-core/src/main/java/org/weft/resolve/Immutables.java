package org.weft.resolve;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.UUID;

/**
 * Decides whether a raw task argument is a value (passed untracked) or data (tracked as INOUT): strings,
 * boxed primitives, big numbers, enums, {@code java.time} values, UUIDs, classes and records whose every
 * component type is one of these or primitive. Anything else may be mutated, so it is data. Cached per class.
 */
public final class Immutables {
    private static final Set<Class<?>> KNOWN = Set.of(String.class, Boolean.class, Character.class, Byte.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
            UUID.class, Class.class);

    private static final ClassValue<Boolean> IMMUTABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            return compute(c, 0);
        }
    };

    private Immutables() {
    }

    public static boolean isValue(Object o) {
        return IMMUTABLE.get(o.getClass());
    }

    /** True if the instances of exactly class {@code c} are values (what {@link #isValue} decides for them). */
    static boolean isValueClass(Class<?> c) {
        return IMMUTABLE.get(c);
    }

    /** True if every instance of {@code c} is a value (a final class: a subclass cannot add mutable state). */
    static boolean isValueType(Class<?> c) {
        return (c.isPrimitive() || java.lang.reflect.Modifier.isFinal(c.getModifiers()) || c.isEnum()) && !c.isArray() && IMMUTABLE.get(c);
    }

    private static boolean compute(Class<?> c, int depth) {
        if (c.isPrimitive() || KNOWN.contains(c) || c.isEnum() || (c.getSuperclass() != null && c.getSuperclass().isEnum()))
            return true;
        if (c.getPackageName().equals("java.time") && !c.isInterface()) return true;
        if (c.isRecord() && depth < 8) {
            for (RecordComponent rc : c.getRecordComponents()) {
                Class<?> t = rc.getType();
                boolean ok = t == c || (!t.isInterface() && !t.isArray() && java.lang.reflect.Modifier.isFinal(t.getModifiers())
                        && compute(t, depth + 1));
                if (!ok) return false;
            }
            return true;
        }
        return false;
    }
}
