package org.weft.resolve;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.LineNumber;
import java.lang.invoke.MethodType;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One method by its dispatch signature: declaring class, name, JVM descriptor. What a spec is attached to.
 *
 * @param owner      the class that declares the method
 * @param name       the method's name, {@code <init>} for a constructor
 * @param descriptor the JVM descriptor, such as {@code ([D[D)V}
 */
public record MethodKey(Class<?> owner, String name, String descriptor) {

    public static MethodKey of(Executable e) {
        Class<?>[] ps = e.getParameterTypes();
        Class<?> ret = e instanceof java.lang.reflect.Method m ? m.getReturnType() : void.class;
        return new MethodKey(e.getDeclaringClass(), e instanceof java.lang.reflect.Method ? e.getName() : "<init>",
                MethodType.methodType(ret, ps).toMethodDescriptorString());
    }

    MethodType type() {
        return MethodType.fromMethodDescriptorString(descriptor, loader(owner));
    }

    /** The reflective method or constructor, or null if the class does not declare it. */
    Executable executable() {
        Class<?>[] ps = type().parameterArray();
        try {
            return name.equals("<init>") ? owner.getDeclaredConstructor(ps) : owner.getDeclaredMethod(name, ps);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** True if the method takes a receiver (an instance method or a constructor). */
    boolean hasReceiver() {
        Executable e = executable();
        return e != null && (name.equals("<init>") || !Modifier.isStatic(e.getModifiers()));
    }

    /** Types of every parameter, the receiver first for an instance method. */
    public Class<?>[] fullParameterTypes() {
        Class<?>[] ps = type().parameterArray();
        if (!hasReceiver()) return ps;
        Class<?>[] all = new Class<?>[ps.length + 1];
        all[0] = owner;
        System.arraycopy(ps, 0, all, 1, ps.length);
        return all;
    }

    /** "Kernels.axpy(double, double[], double[])". */
    public String label() {
        String params = Arrays.stream(type().parameterArray()).map(Class::getSimpleName).collect(Collectors.joining(", "));
        return simpleName(owner) + "." + (name.equals("<init>") ? "<init>" : name) + "(" + params + ")";
    }

    /** The class's simple name, or for an anonymous class, which has none, its binary name without the package ("Demo$1"). */
    static String simpleName(Class<?> c) {
        String s = c.getSimpleName();
        if (!s.isEmpty()) return s;
        String n = c.getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    /** "Kernels.java:42" for the first line of the method's code, the source file alone, or null if unknown. */
    String location() {
        ClassModel cm = classModel(owner);
        if (cm == null) return null;
        String file = cm.findAttribute(Attributes.sourceFile()).map(a -> a.sourceFile().stringValue()).orElse(owner.getSimpleName() + ".java");
        for (MethodModel m : cm.methods()) {
            if (m.methodName().equalsString(name) && m.methodType().equalsString(descriptor)) {
                var code = m.code();
                if (code.isPresent())
                    for (var e : code.get()) if (e instanceof LineNumber ln) return file + ":" + ln.line();
                return file;
            }
        }
        return file;
    }

    /**
     * The names of every parameter (receiver first for an instance method: "this") as the class file records
     * them (the {@code MethodParameters} attribute, else the local variable table); an entry is null where it
     * records none.
     */
    String[] parameterNames() {
        Class<?>[] full = fullParameterTypes();
        String[] names = new String[full.length];
        boolean receiver = full.length > type().parameterCount();
        if (receiver) names[0] = "this";
        ClassModel cm = classModel(owner);
        if (cm == null) return names;
        for (MethodModel m : cm.methods()) {
            if (!m.methodName().equalsString(name) || !m.methodType().equalsString(descriptor)) continue;
            int first = receiver ? 1 : 0;
            var mp = m.findAttribute(Attributes.methodParameters());
            if (mp.isPresent() && mp.get().parameters().size() == full.length - first) {
                for (int i = 0; i < full.length - first; i++) {
                    var n = mp.get().parameters().get(i).name();
                    if (n.isPresent()) names[first + i] = n.get().stringValue();
                }
                return names;
            }
            var code = m.findAttribute(Attributes.code());
            if (code.isEmpty()) return names;
            int[] slotOf = new int[full.length];
            for (int i = 0, slot = 0; i < full.length; i++) {
                slotOf[i] = slot;
                slot += full[i] == long.class || full[i] == double.class ? 2 : 1;
            }
            for (var a : code.get().findAttributes(Attributes.localVariableTable()))
                for (var lv : a.localVariables())
                    if (lv.startPc() == 0)
                        for (int i = first; i < full.length; i++) if (slotOf[i] == lv.slot()) names[i] = lv.name().stringValue();
            return names;
        }
        return names;
    }

    /** The class file of {@code c} as its module or loader serves it, or null. */
    static byte[] classBytes(Class<?> c) {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private static ClassModel classModel(Class<?> c) {
        byte[] bytes = classBytes(c);
        if (bytes == null) return null;
        try {
            return ClassFile.of().parse(bytes);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static ClassLoader loader(Class<?> c) {
        return c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
    }

    @Override
    public String toString() {
        return owner.getName() + "." + name + descriptor;
    }
}
