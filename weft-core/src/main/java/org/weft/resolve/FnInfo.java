package org.weft.resolve;

import org.weft.Access;
import org.weft.Task;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the runtime knows about a task function: the parameter types it is called with (to check arguments
 * at spawn), a readable label, the modes its raw arguments get ({@link #modes}), and lazily, the source
 * location of its code (for failure messages). How long it runs is kept per runtime (runtime's run times (the engine's {@code RunTimes})).
 *
 * <p>Functions are lambdas or method references of the {@code Serializable} interfaces {@link org.weft.Fn0}...
 * {@link org.weft.Proc6}, so their {@link SerializedLambda} names the implementation method; its descriptor gives the
 * parameter types, minus the captured arguments. Computed once per function class and cached in a
 * {@link ClassValue}: on a spawn after the first, this costs one lookup.
 *
 * <p><b>Dispatch.</b> A reference to an overridable method runs the implementation that the receiver's
 * class selects, so its modes are those of that implementation: for an unbound reference
 * ({@code Shape::scale}) the receiver is the first task argument, for a bound one ({@code shape::scale}) the
 * captured receiver, read from the lambda object's single field. Modes are then cached per receiver class
 * in a {@link ClassValue}; otherwise in one field. Either way a spawn pays a lookup, plus a volatile read
 * of {@link Specs#epoch} to notice a later {@link org.weft.Weft#declare}.
 *
 * <p><b>Captured values.</b> A lambda's captured values are the fields of the lambda object and the leading
 * parameters of its implementation method, so they get modes exactly as parameters do ({@link ParamModes}).
 * {@link #captured} lists those whose declared type can hold data (not a primitive, an immutable value type,
 * a {@code java.util.concurrent} object or one of Weft's own handles), with the field to read them from at
 * spawn; it is null when there are none, so that such a function costs nothing more at spawn. A function
 * object of a class of its own (an anonymous class) captures itself: its fields are read at spawn
 * ({@link Captures}).
 */
public final class FnInfo {
    private static final ClassValue<AtomicReference<FnInfo>> CACHE = new ClassValue<>() {
        @Override
        protected AtomicReference<FnInfo> computeValue(Class<?> type) {
            return new AtomicReference<>();
        }
    };

    /** Parameter types of the function as the task calls it (boxed where primitive). */
    public final Class<?>[] params;
    /** Which parameters are declared primitive (they cannot take null). */
    public final boolean[] primitive;
    /** "Kernels.axpy", or "lambda in Demo.main". */
    public final String label;
    /** The method the function runs, or for a virtual call the one it names. */
    private final MethodKey impl;
    private final int arity;
    /** How the implementation is chosen: {@link #FIXED}, or by the receiver in argument 0 or captured. */
    private final int dispatch;
    private static final int FIXED = 0, RECEIVER_ARG = 1, RECEIVER_BOUND = 2;
    /** The exact class of the receiver when it is known once for all (a function object's own class). */
    private final Class<?> exactReceiver;
    /** For {@link #RECEIVER_BOUND}: the lambda object's field holding the receiver, or null if unreadable. */
    private final Field boundReceiver;
    private volatile ParamModes fixed, unknownReceiver;
    private final ClassValue<ParamModes> byReceiver;
    private volatile String location;
    /** The captured values that may be data, in implementation-parameter order; null if none. */
    public final Captured[] captured;
    /** True if the function returns an object that may be data (so its result may alias what it was given). */
    public final boolean returnsData;
    private static final AtomicInteger IDS = new AtomicInteger();
    /** A small index naming this function in each runtime's runtime's run times (the engine's {@code RunTimes}). */
    public final int id = IDS.getAndIncrement();

    /**
     * One captured value that may be data.
     *
     * @param field the lambda object's field holding it, or null for the function object itself (a function of
     *              a class of its own, whose fields {@link Captures} reads)
     * @param param its index among the implementation's parameters (receiver first)
     * @param type  its declared type
     * @param getter reads the field from the lambda object, typed {@code (Object)Object}; null when field is
     */
    record Captured(Field field, int param, Class<?> type, MethodHandle getter) {
        public static Captured of(Field field, int param, Class<?> type) {
            if (field == null) return new Captured(null, param, type, null);
            try {
                MethodHandle g = MethodHandles.lookup().unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
                return new Captured(field, param, type, g);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("captured value " + field.getName() + " of " + field.getDeclaringClass().getName()
                        + " cannot be read", e);
            }
        }
    }

    private FnInfo(Class<?>[] declared, String label, MethodKey impl, int dispatch, Class<?> exactReceiver, Field boundReceiver,
                   Captured[] captured) {
        this.captured = captured;
        Class<?> ret = impl.type().returnType();
        this.returnsData = ret != void.class && Captures.mayBeData(ret);
        this.arity = declared.length;
        this.params = new Class<?>[declared.length];
        this.primitive = new boolean[declared.length];
        for (int i = 0; i < declared.length; i++) {
            params[i] = boxed(declared[i]);
            primitive[i] = declared[i].isPrimitive();
        }
        this.label = label;
        this.impl = impl;
        this.dispatch = dispatch;
        this.exactReceiver = exactReceiver;
        this.boundReceiver = boundReceiver;
        this.byReceiver = dispatch == FIXED ? null : new ClassValue<>() {
            @Override
            protected ParamModes computeValue(Class<?> receiver) {
                MethodKey m = Specs.implementation(receiver, impl);
                return m != null ? ParamModes.of(m, receiver, arity)
                        : ParamModes.unknown(impl, arity, "no implementation of " + impl.label() + " in " + receiver.getName());
            }
        };
    }

    /**
     * The modes for raw arguments of a spawn of {@code fn} with {@code args} (as passed, wrappers included):
     * one cached lookup, by the receiver's class if the function dispatches on it.
     */
    public ParamModes modes(Object fn, Object[] args) {
        if (dispatch == FIXED) {
            ParamModes pm = fixed;
            if (pm == null || pm.epoch != Specs.epoch()) fixed = pm = ParamModes.of(impl, exactReceiver, arity);
            return pm;
        }
        Object receiver = dispatch == RECEIVER_ARG ? args[0] : boundReceiver(fn);
        if (receiver instanceof Access acc) receiver = acc.datum();
        if (receiver == null || receiver instanceof Task<?>) return unknownReceiver();
        Class<?> rc = receiver.getClass();
        ParamModes pm = byReceiver.get(rc);
        if (pm.epoch != Specs.epoch()) {
            byReceiver.remove(rc);
            pm = byReceiver.get(rc);
        }
        return pm;
    }

    /** The modes of the method the function names, whatever receiver it gets (for {@link org.weft.Weft#explain}). */
    public ParamModes declaredModes() {
        return dispatch == FIXED ? modes(null, null) : ParamModes.of(impl, null, arity);
    }

    /** The method the function runs (for a virtual call, the one it names). */
    public MethodKey method() {
        return impl;
    }

    /** True if the receiver's class selects the method that runs. */
    public boolean dispatches() {
        return dispatch != FIXED;
    }

    private Object boundReceiver(Object fn) {
        if (boundReceiver == null) return null;
        try {
            return boundReceiver.get(fn);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private ParamModes unknownReceiver() {
        ParamModes pm = unknownReceiver;
        if (pm == null || pm.epoch != Specs.epoch())
            unknownReceiver = pm = ParamModes.unknown(impl, arity, "the receiver is not known at spawn (a task's result, or unreadable), so neither is the "
                    + "implementation of " + impl.label() + " that will run");
        return pm;
    }

    public static FnInfo of(Object fn, int arity) {
        AtomicReference<FnInfo> ref = CACHE.get(fn.getClass());
        FnInfo info = ref.get();
        if (info == null) {
            info = compute(fn, arity);
            ref.set(info);
        }
        return info;
    }

    private static FnInfo compute(Object fn, int arity) {
        Class<?> c = fn.getClass();
        try {
            Method wr = c.getDeclaredMethod("writeReplace");
            wr.setAccessible(true);
            if (wr.invoke(fn) instanceof SerializedLambda sl) {
                ClassLoader cl = c.getClassLoader();
                Class<?> impl = Class.forName(sl.getImplClass().replace('/', '.'), false, cl);
                MethodType mt = MethodType.fromMethodDescriptorString(sl.getImplMethodSignature(), cl);
                List<Class<?>> ps = new ArrayList<>(mt.parameterList());
                int kind = sl.getImplMethodKind();
                boolean virtual = kind == MethodHandleInfo.REF_invokeVirtual || kind == MethodHandleInfo.REF_invokeInterface;
                if (virtual || kind == MethodHandleInfo.REF_invokeSpecial) ps.addFirst(impl);
                if (ps.size() >= arity) {
                    Class<?>[] tail = ps.subList(ps.size() - arity, ps.size()).toArray(new Class<?>[0]);
                    MethodKey key = new MethodKey(impl, sl.getImplMethodName(), sl.getImplMethodSignature());
                    int dispatch = FIXED;
                    Field bound = null;
                    if (virtual && !Specs.isFixed(key)) {
                        dispatch = ps.size() == arity ? RECEIVER_ARG : RECEIVER_BOUND;
                        if (dispatch == RECEIVER_BOUND && sl.getCapturedArgCount() == 1) bound = onlyField(c);
                    }
                    List<Class<?>> head = ps.subList(0, ps.size() - arity);
                    return new FnInfo(tail, label(impl, sl.getImplMethodName()), key, dispatch, null, bound, capturedFields(c, head));
                }
            }
        } catch (ReflectiveOperationException | LinkageError | IllegalArgumentException | TypeNotPresentException
                 | java.lang.reflect.InaccessibleObjectException | SecurityException e) {
            // not a lambda (a class implementing the interface), or one whose description cannot be read: fall
            // through to its method. Anything else (a throwable of the runtime's own) is thrown, not cached as a
            // fallback that would describe the lambda less precisely for the life of its class
        }
        for (Method m : c.getMethods()) {
            if ((m.getName().equals("apply") || m.getName().equals("run")) && m.getParameterCount() == arity
                    && !m.isBridge() && !Modifier.isStatic(m.getModifiers())) {
                Captured[] self = Captures.mayBeData(c) ? new Captured[]{Captured.of(null, 0, c)} : null;
                return new FnInfo(m.getParameterTypes(), c.getSimpleName(), MethodKey.of(m), FIXED, c, null, self);
            }
        }
        throw new IllegalArgumentException("a " + c.getName() + " is not a task function of " + arity + " arguments");
    }

    /**
     * The captured values of lambda class {@code lambdaClass} whose declared types ({@code types}, in capture
     * order) may hold data, with the fields that hold them, or null if there are none. Throws if the fields cannot
     * be matched to the captured values or made readable: then nothing can be said about what the lambda touches.
     */
    private static Captured[] capturedFields(Class<?> lambdaClass, List<Class<?>> types) {
        if (types.isEmpty()) return null;
        List<Field> fields = new ArrayList<>();
        for (Field f : lambdaClass.getDeclaredFields()) if (!Modifier.isStatic(f.getModifiers())) fields.add(f);
        if (fields.size() != types.size())
            throw new IllegalStateException(lambdaClass.getName() + " has " + fields.size() + " fields for " + types.size() + " captured values");
        fields.sort(BY_CAPTURE_ORDER);
        List<Captured> out = new ArrayList<>();
        for (int k = 0; k < types.size(); k++) {
            Class<?> t = types.get(k);
            Field f = fields.get(k);
            if (!f.getType().isAssignableFrom(boxed(t)) && !boxed(f.getType()).equals(boxed(t)))
                throw new IllegalStateException(lambdaClass.getName() + "." + f.getName() + " is a " + f.getType().getName()
                        + ", not the captured " + t.getName());
            if (!Captures.mayBeData(t)) continue;
            f.setAccessible(true);
            out.add(Captured.of(f, k, t));
        }
        return out.isEmpty() ? null : out.toArray(new Captured[0]);
    }

    /** Lambda objects name their captured values {@code arg$1, arg$2, ...} in capture order. */
    private static final java.util.Comparator<Field> BY_CAPTURE_ORDER = new java.util.Comparator<>() {
        @Override
        public int compare(Field a, Field b) {
            return Integer.compare(captureIndex(a), captureIndex(b));
        }
    };

    private static int captureIndex(Field f) {
        String n = f.getName();
        int d = n.lastIndexOf('$');
        try {
            return d >= 0 ? Integer.parseInt(n.substring(d + 1)) : Integer.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** The single instance field of a lambda object (its captured receiver), made readable; or null. */
    private static Field onlyField(Class<?> lambdaClass) {
        Field only = null;
        for (Field f : lambdaClass.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            if (only != null) return null;
            only = f;
        }
        try {
            if (only != null) only.setAccessible(true);
            return only;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String label(Class<?> impl, String method) {
        if (method.startsWith("lambda$")) {
            String[] parts = method.split("\\$");
            return "lambda in " + impl.getSimpleName() + (parts.length > 1 ? "." + parts[1] : "");
        }
        if (method.equals("<init>")) return "new " + impl.getSimpleName();
        return impl.getSimpleName() + "." + method;
    }

    static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) return c;
        return switch (c.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "boolean" -> Boolean.class;
            case "byte" -> Byte.class;
            case "short" -> Short.class;
            case "char" -> Character.class;
            default -> Void.class;
        };
    }

    /** "Kernels.java:42" for the first line of the implementation method, or null if unknown. */
    public String location() {
        String loc = location;
        if (loc == null) {
            loc = impl.location();
        location = loc = loc == null ? "" : loc;
        }
        return loc.isEmpty() ? null : loc;
    }
}
