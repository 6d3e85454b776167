package org.weft.infer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.LocalVariable;
import java.lang.constant.ClassDesc;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Class files of loaded classes, parsed once and cached per class in a {@link ClassValue} (so the cache does
 * not keep a class loader alive). A class's file is the resource its own loader serves, which is what that
 * loader defined it from; hidden and generated classes have none. Thread-safe.
 */
final class ClassFiles {
    private static final ClassValue<Optional<ClassModel>> MODELS = new ClassValue<>() {
        @Override
        protected Optional<ClassModel> computeValue(Class<?> c) {
            if (c.isHidden() || c.isArray() || c.isPrimitive()) return Optional.empty();
            byte[] bytes = bytes(c);
            if (bytes == null) return Optional.empty();
            try {
                return Optional.of(ClassFile.of().parse(bytes));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    };

    private static final ClassValue<String> STAMPS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> c) {
            byte[] b = bytes(c);
            CRC32 crc = new CRC32();
            if (b != null) crc.update(b);
            return c.getName() + "@" + (b == null ? "none" : Long.toHexString(crc.getValue()));
        }
    };

    private ClassFiles() {
    }

    /** "{@code binary.Name@crc32hex}" of {@code c}'s class file: what a precomputed spec that read it depends on. */
    static String stamp(Class<?> c) {
        return STAMPS.get(c);
    }

    /** The class file of {@code c}, or null if there is none to read. */
    static ClassModel model(Class<?> c) {
        return MODELS.get(c).orElse(null);
    }

    /** The bytes of {@code c}'s class file as its module or loader serves them, or null. */
    static byte[] bytes(Class<?> c) {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** The class named by an internal name ({@code org/weft/Kernels}) as {@code context}'s loader resolves it, or null. */
    static Class<?> load(String internalName, Class<?> context) {
        if (internalName.startsWith("[")) return null;
        try {
            return Class.forName(internalName.replace('/', '.'), false, context.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** The class of a reference type descriptor ({@code Lorg/weft/Kernels;}), or null for arrays and unknowns. */
    static Class<?> load(ClassDesc type, Class<?> context) {
        if (type == null || !type.isClassOrInterface()) return null;
        String d = type.descriptorString();
        return load(d.substring(1, d.length() - 1), context);
    }

    static MethodModel method(ClassModel cm, String name, String descriptor) {
        for (MethodModel m : cm.methods())
            if (m.methodName().equalsString(name) && m.methodType().equalsString(descriptor)) return m;
        return null;
    }

    static String sourceFile(ClassModel cm, Class<?> c) {
        return cm.findAttribute(Attributes.sourceFile()).map(a -> a.sourceFile().stringValue())
                .orElse(c.getSimpleName() + ".java");
    }

    /** Names of the method's parameters (receiver first, as "this") from its local variable table; null entries where absent. */
    static String[] parameterNames(Target t) {
        int n = t.parameterTypes().size();
        String[] names = new String[n];
        if (t.hasReceiver()) names[0] = "this";
        Optional<CodeAttribute> code = t.method().code().map(c -> (CodeAttribute) c);
        if (code.isEmpty()) return names;
        int[] slotOf = new int[n];
        int slot = 0;
        for (int p = 0; p < n; p++) {
            slotOf[p] = slot;
            slot += MethodAnalysis.slots(t.parameterTypes().get(p));
        }
        for (var e : code.get()) {
            if (e instanceof LocalVariable lv && code.get().labelToBci(lv.startScope()) == 0) {
                for (int p = 0; p < n; p++) if (slotOf[p] == lv.slot() && names[p] == null) names[p] = lv.name().stringValue();
            }
        }
        return names;
    }
}
