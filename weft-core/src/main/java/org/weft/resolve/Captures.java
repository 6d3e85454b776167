package org.weft.resolve;

import org.weft.Access;
import org.weft.Reduction;
import org.weft.Region;
import org.weft.Task;
import org.weft.TaskBuilder;
import org.weft.Weft;

import org.weft.data.View;
import org.weft.data.Views;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The data a task function captured: what a spawn must track besides the function's arguments.
 *
 * <p><b>How it works.</b> {@link FnInfo#captured} lists, once per function class, the captured values whose
 * declared type may hold data. At spawn, {@link #of} reads each one from the function object and keeps those
 * that are data now: not null, not an immutable value ({@link Immutables}), not an object that synchronizes
 * itself (a {@code java.util.concurrent} object, a thread, one of Weft's own handles), and not named by the
 * spawn's declared accesses (a wrapped argument or an entry of the closure's access list on the same base,
 * {@code val(x)} included): declared accesses win. A captured plain object (not an array, a view or a memory
 * segment) of a class outside the JDK is tracked together with the data in its own fields, one level deep, with
 * the same mode: a lambda that captured {@code this} reaches {@code this.buffer} through it, and a later task may
 * get that buffer directly. A function object of a class of its own (an anonymous class) is the captured value
 * of itself: only the data in its fields is tracked. Each value found has the mode that {@link ParamModes} gives
 * its implementation parameter; deeper data is reached only through the tracked objects (and a field that a
 * module does not open cannot be read, so only its object is tracked).
 *
 * <p>Stateless apart from per-class caches; thread-safe.
 */
public final class Captures {
    private static final Field[] NO_FIELDS = {};
    private static final ClassValue<Field[]> DATA_FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            return dataFields(type);
        }
    };

    /** The data one spawn captured and did not declare: parallel lists of data, capture index and name. */
    public static final class Found {
        public final List<Object> data = new ArrayList<>(4);
        final List<FnInfo.Captured> from = new ArrayList<>(4);
        final List<String> names = new ArrayList<>(4);

        public int size() {
            return data.size();
        }
    }

    private Captures() {
    }

    /**
     * True if a value of declared type {@code t} may be data: not a primitive, an immutable value type, or an object
     * that synchronizes itself.
     */
    static boolean mayBeData(Class<?> t) {
        return !t.isPrimitive() && !Immutables.isValueType(t) && !selfSynchronized(t);
    }

    /**
     * True for objects whose concurrent use is their own business, not data a task declares: the
     * {@code java.util.concurrent} classes other than collections and maps (atomics, latches, locks, executors; a
     * concurrent map synchronizes its structure, not the data it holds), threads, and Weft's own runtime, regions,
     * tasks, builders, accesses and reductions.
     */
    static boolean selfSynchronized(Class<?> t) {
        return (t.getName().startsWith("java.util.concurrent.") && !java.util.Collection.class.isAssignableFrom(t) && !java.util.Map.class.isAssignableFrom(t))
                || Thread.class.isAssignableFrom(t) || ThreadLocal.class.isAssignableFrom(t)
                || Weft.class.isAssignableFrom(t) || Region.class.isAssignableFrom(t) || Task.class.isAssignableFrom(t)
                || TaskBuilder.class.isAssignableFrom(t) || Access.class.isAssignableFrom(t) || Reduction.class.isAssignableFrom(t);
    }

    /** True if {@code v}, as captured now, is data. */
    public static boolean isData(Object v) {
        return v != null && KIND.get(v.getClass()) != NOT_DATA;
    }

    /**
     * The data that function object {@code fn} captured and that neither {@code args} (the spawn's arguments) nor
     * {@code declared} (its closure access list) names, or null if there is none. Runs at every spawn of a capturing
     * closure: what can be decided per class is ({@link #KIND}), and nothing is allocated unless something is found.
     */
    public static Found of(Object fn, FnInfo info, Object[] args, Access[] declared) {
        Found found = null;
        for (FnInfo.Captured c : info.captured) {
            boolean self = c.field() == null;
            Object v = self ? fn : read(c, fn, info);
            byte kind = v == null ? NOT_DATA : v.getClass().isArray() ? DATA : KIND.get(v.getClass());
            if (!self && kind == NOT_DATA) continue;
            if (!self && !declares(args, declared, v)) found = add(found, v, c, null);
            if (kind == USER_OBJECT) {
                for (Field inner : DATA_FIELDS.get(v.getClass())) {
                    Object w;
                    try {
                        w = inner.get(v);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("field " + inner.getName() + " of a captured " + v.getClass().getName() + " cannot be read", e);
                    }
                    if (isData(w) && !declares(args, declared, w)) found = add(found, w, c, inner);
                }
            }
        }
        return found;
    }

    /** Captured value {@code c} of function object {@code fn}. */
    private static Object read(FnInfo.Captured c, Object fn, FnInfo info) {
        try {
            return (Object) c.getter().invokeExact(fn);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("captured value " + c.field().getName() + " of " + info.label + " cannot be read", e);
        }
    }

    /*
     * What a captured value of a class is, decided once per class: not data (an immutable value, an object that
     * synchronizes itself); data that is an array, a view or a memory segment; a plain object of the JDK (tracked
     * whole); or a plain object of user code (tracked with the data in its fields).
     */
    private static final byte NOT_DATA = 0, DATA = 1, JDK_OBJECT = 2, USER_OBJECT = 3;
    private static final ClassValue<Byte> KIND = new ClassValue<>() {
        @Override
        protected Byte computeValue(Class<?> type) {
            if (selfSynchronized(type) || (!type.isArray() && Immutables.isValueClass(type))) return NOT_DATA;
            if (type.isArray() || View.class.isAssignableFrom(type) || MemorySegment.class.isAssignableFrom(type)) return DATA;
            return jdk(type) ? JDK_OBJECT : USER_OBJECT;
        }
    };

    /**
     * The value that function object {@code fn} captured as implementation parameter {@code param} ({@code fn}
     * itself for an anonymous class's receiver), declared or not; null if it captured none there.
     */
    public static Object value(Object fn, FnInfo info, int param) {
        if (info.captured == null) return null;
        for (FnInfo.Captured c : info.captured) {
            if (c.param() != param) continue;
            return c.field() == null ? fn : read(c, fn, info);
        }
        return null;
    }

    private static Found add(Found found, Object datum, FnInfo.Captured c, Field through) {
        Found f = found != null ? found : new Found();
        for (Object d : f.data) if (d == datum) return f;
        f.data.add(datum);
        f.from.add(c);
        f.names.add(through == null ? null : fieldName(through));
        return f;
    }

    /** The implementation parameter whose mode datum {@code k} of {@code f} gets. */
    public static int param(Found f, int k) {
        return f.from.get(k).param();
    }

    /** "this.buffer" for a field of the captured object, or the field's own name for the function object's. */
    public static String describe(Found f, int k, String[] paramNames) {
        FnInfo.Captured c = f.from.get(k);
        String owner = c.field() == null ? null
                : paramNames != null && c.param() < paramNames.length && paramNames[c.param()] != null ? paramNames[c.param()]
                : "captured value " + (c.param() + 1);
        String field = f.names.get(k);
        if (owner == null) return field;
        return field == null ? owner : owner + "." + field;
    }

    /** True if a wrapped argument or an access-list entry names the same base as {@code v}. */
    private static boolean declares(Object[] args, Access[] declared, Object v) {
        Object base = base(v);
        if (declared != null) for (Access a : declared) if (a != null && a.datum() != null && base(a.datum()) == base) return true;
        if (args != null) for (Object a : args) if (a instanceof Access acc && acc.datum() != null && base(acc.datum()) == base) return true;
        return false;
    }

    private static Object base(Object d) {
        if (d instanceof View v) return v.base();
        if (d instanceof MemorySegment s) return Views.of(s).base();
        return d;
    }

    private static boolean jdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.") || n.startsWith("com.sun.");
    }

    /** Instance fields of {@code c} and its superclasses outside the JDK whose types may hold data, made readable. */
    private static Field[] dataFields(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Class<?> k = c; k != null && !jdk(k); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || !mayBeData(f.getType())) continue;
                // a field of a module that does not open it stays unread: the object itself is still tracked
                if (f.trySetAccessible()) out.add(f);
            }
        }
        return out.isEmpty() ? NO_FIELDS : out.toArray(new Field[0]);
    }

    /** "x" for a lambda's or anonymous class's field {@code val$x}, "this" for {@code this$0}. */
    private static String fieldName(Field f) {
        String n = f.getName();
        if (n.startsWith("val$")) return n.substring(4);
        if (n.startsWith("this$")) return "this";
        return n;
    }
}
