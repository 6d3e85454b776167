package org.weft.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A class loader that defines Weft's main classes with a call to {@link Faults#hit} in front of every call and
 * every allocation in their code, so that a test can make any of those points throw: a "site" is one such
 * instruction. It loads the core's classes and the test's scenario classes itself (child first), and everything
 * else, {@link Faults} included, from its parent.
 *
 * <p>Not instrumented: static initializers (a class that fails to initialize is broken for the life of its loader,
 * which {@code RuntimeClasses} handles by initializing every class when the first runtime is built, a path tested
 * in a child JVM instead), {@code RuntimeClasses} itself, and calls that cannot throw once linked, because they
 * neither allocate nor run code that could: {@code VarHandle} accesses, {@code LockSupport}, the current thread and
 * its interrupt status, {@code System.nanoTime}, {@code Math}, {@code Object.<init>} and {@code getClass}.
 */
public final class FaultLoader extends ClassLoader {
    private static final ClassDesc FAULTS = ClassDesc.of(Faults.class.getName());
    private static final MethodTypeDesc HIT = MethodTypeDesc.ofDescriptor("(I)V");
    private static final Set<String> SAFE_OWNERS = Set.of("java/lang/invoke/VarHandle", "java/util/concurrent/locks/LockSupport",
            "java/lang/Math", "java/lang/StrictMath");
    private static final Set<String> SAFE_METHODS = Set.of("java/lang/Thread.currentThread", "java/lang/Thread.interrupted",
            "java/lang/Thread.isInterrupted", "java/lang/Thread.onSpinWait", "java/lang/System.nanoTime", "java/lang/Object.<init>",
            "java/lang/Object.getClass");

    private final Path mainClasses, testClasses;
    private final List<String> sites = new ArrayList<>();

    public FaultLoader(ClassLoader parent, Path mainClasses, Path testClasses) {
        super("weft-faults", parent);
        this.mainClasses = mainClasses;
        this.testClasses = testClasses;
    }

    /** What site {@code i} is: "Class.method:line CALL owner.name" or "... NEW type". */
    public synchronized String site(int i) {
        return sites.get(i);
    }

    public synchronized int siteCount() {
        return sites.size();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("org.weft.") || name.equals(Faults.class.getName()) || name.equals(FaultLoader.class.getName()))
            return super.loadClass(name, resolve);
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) c = findClass(name);
            if (resolve) resolveClass(c);
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String file = name.replace('.', '/') + ".class";
        try {
            Path main = mainClasses.resolve(file), test = testClasses.resolve(file);
            byte[] bytes;
            if (Files.exists(main)) bytes = instrument(Files.readAllBytes(main));
            else if (Files.exists(test)) bytes = Files.readAllBytes(test);
            else throw new ClassNotFoundException(name);
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] instrument(byte[] bytes) {
        ClassFile cf = ClassFile.of();
        ClassModel cm = cf.parse(bytes);
        String owner = cm.thisClass().asInternalName();
        if (owner.endsWith("/RuntimeClasses")) return bytes;
        String simple = owner.substring(owner.lastIndexOf('/') + 1);
        return cf.transformClass(cm, (cb, ce) -> {
            if (ce instanceof MethodModel mm && mm.code().isPresent() && !mm.methodName().equalsString("<clinit>"))
                cb.transformMethod(mm, MethodTransform.transformingCode(new SiteTransform(simple + "." + mm.methodName().stringValue())));
            else cb.with(ce);
        });
    }

    private final class SiteTransform implements CodeTransform {
        private final String method;
        private int line;

        SiteTransform(String method) {
            this.method = method;
        }

        @Override
        public void accept(CodeBuilder b, CodeElement e) {
            if (e instanceof LineNumber ln) line = ln.line();
            String what = switch (e) {
                case InvokeInstruction i -> {
                    String m = i.owner().asInternalName() + "." + i.name().stringValue();
                    yield SAFE_OWNERS.contains(i.owner().asInternalName()) || SAFE_METHODS.contains(m) ? null : "CALL " + m;
                }
                case NewObjectInstruction n -> "NEW " + n.className().asInternalName();
                case NewPrimitiveArrayInstruction n -> "NEW " + n.typeKind() + "[]";
                case NewReferenceArrayInstruction n -> "NEW " + n.componentType().asInternalName() + "[]";
                case NewMultiArrayInstruction n -> "NEW " + n.arrayType().asInternalName();
                default -> null;
            };
            if (what != null) {
                int id;
                synchronized (FaultLoader.this) {
                    id = sites.size();
                    sites.add(method + ":" + line + " " + what);
                }
                b.loadConstant(id);
                b.invokestatic(FAULTS, "hit", HIT);
            }
            b.with(e);
        }
    }
}
