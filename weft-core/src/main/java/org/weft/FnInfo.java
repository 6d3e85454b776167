package org.weft;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.LineNumber;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the runtime knows about a task function: the parameter types it is called with (to check arguments
 * at spawn), a readable label, and lazily, the source location of its code (for failure messages).
 *
 * <p>Functions are lambdas or method references of the {@code Serializable} interfaces {@link Fn0}...
 * {@link Proc6}, so their {@link SerializedLambda} names the implementation method; its descriptor gives the
 * parameter types, minus the captured arguments. Computed once per function class and cached in a
 * {@link ClassValue}: on a spawn after the first, this costs one lookup.
 */
final class FnInfo {
    private static final ClassValue<AtomicReference<FnInfo>> CACHE = new ClassValue<>() {
        @Override
        protected AtomicReference<FnInfo> computeValue(Class<?> type) {
            return new AtomicReference<>();
        }
    };

    /** Parameter types of the function as the task calls it (boxed where primitive). */
    final Class<?>[] params;
    /** Which parameters are declared primitive (they cannot take null). */
    final boolean[] primitive;
    /** "Kernels.axpy", or "lambda in Demo.main". */
    final String label;
    private final Class<?> implClass;
    private final String implName, implDescriptor;
    private volatile String location;
    /*
     * A running mean of how long this function takes, from one run in 64 (and the first 8). Updated by
     * workers without synchronization: a lost update only delays the estimate. A task known to take less
     * than a hand-off to another core costs runs on the spawning thread when it is ready at spawn.
     */
    private int runs;
    private volatile long meanNanos = -1;

    /** Tasks whose mean run time is below this run on the spawning thread when they are ready at spawn. */
    static final long INLINE_NANOS = 1_000;

    /** True if the next run of this function should be timed. */
    boolean sampleNext() {
        int c = runs++;
        return c < 8 || (c & 63) == 0;
    }

    void recordRun(long nanos) {
        long m = meanNanos;
        meanNanos = m < 0 ? nanos : (7 * m + nanos) / 8;
    }

    /** True once this function is known to run faster than a hand-off to another worker. */
    boolean isTiny() {
        long m = meanNanos;
        return m >= 0 && m < INLINE_NANOS;
    }

    private FnInfo(Class<?>[] declared, String label, Class<?> implClass, String implName, String implDescriptor) {
        this.params = new Class<?>[declared.length];
        this.primitive = new boolean[declared.length];
        for (int i = 0; i < declared.length; i++) {
            params[i] = boxed(declared[i]);
            primitive[i] = declared[i].isPrimitive();
        }
        this.label = label;
        this.implClass = implClass;
        this.implName = implName;
        this.implDescriptor = implDescriptor;
    }

    static FnInfo of(Object fn, int arity) {
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
                if (kind == MethodHandleInfo.REF_invokeVirtual || kind == MethodHandleInfo.REF_invokeInterface
                        || kind == MethodHandleInfo.REF_invokeSpecial) ps.addFirst(impl);
                if (ps.size() >= arity) {
                    Class<?>[] tail = ps.subList(ps.size() - arity, ps.size()).toArray(Class<?>[]::new);
                    return new FnInfo(tail, label(impl, sl.getImplMethodName()), impl, sl.getImplMethodName(), sl.getImplMethodSignature());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not a lambda (a class implementing the interface): fall through to its method
        }
        for (Method m : c.getMethods()) {
            if ((m.getName().equals("apply") || m.getName().equals("run")) && m.getParameterCount() == arity
                    && !m.isBridge() && !Modifier.isStatic(m.getModifiers())) {
                return new FnInfo(m.getParameterTypes(), c.getSimpleName(), null, null, null);
            }
        }
        Class<?>[] any = new Class<?>[arity];
        java.util.Arrays.fill(any, Object.class);
        return new FnInfo(any, c.getSimpleName(), null, null, null);
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
    String location() {
        String loc = location;
        if (loc == null && implClass != null) {
            loc = readLocation();
            location = loc;
        }
        return loc == null || loc.isEmpty() ? null : loc;
    }

    private String readLocation() {
        String resource = implClass.getName().replace('.', '/') + ".class";
        ClassLoader cl = implClass.getClassLoader() != null ? implClass.getClassLoader() : ClassLoader.getSystemClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) return "";
            ClassModel cm = ClassFile.of().parse(in.readAllBytes());
            String file = cm.findAttribute(Attributes.sourceFile()).map(a -> a.sourceFile().stringValue()).orElse(implClass.getSimpleName() + ".java");
            for (MethodModel m : cm.methods()) {
                if (m.methodName().equalsString(implName) && m.methodType().equalsString(implDescriptor)) {
                    var code = m.code();
                    if (code.isPresent())
                        for (var e : code.get()) if (e instanceof LineNumber ln) return file + ":" + ln.line();
                    return file;
                }
            }
            return file;
        } catch (IOException | IllegalArgumentException e) {
            return "";
        }
    }
}
