package org.weft.engine;

import org.weft.Weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RuntimeClasses} names exactly the core's classes that have a static initializer, so that building the
 * first runtime initializes all of them (issue 9, item 5: a class whose initializer fails later, under memory
 * pressure, would be unusable for the rest of the JVM's life). The classes are found by reading the compiled
 * class files for a {@code <clinit>} method.
 */
class RuntimeClassesTest {

    @Test
    void everyCoreClassWithAStaticInitializerIsInitializedWhenTheFirstRuntimeIsBuilt() throws IOException, URISyntaxException {
        Path root = Path.of(Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> withInitializer = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                ClassModel cm = ClassFile.of().parse(f);
                if ((cm.flags().flagsMask() & ClassFile.ACC_INTERFACE) != 0) continue;
                for (MethodModel m : cm.methods())
                    if (m.methodName().equalsString("<clinit>")) withInitializer.add(cm.thisClass().asInternalName().replace('/', '.'));
            }
        }
        withInitializer.remove(RuntimeClasses.class.getName());      // initialized by the call itself
        TreeSet<String> missing = new TreeSet<>(withInitializer);
        missing.removeAll(Arrays.asList(RuntimeClasses.NAMES));
        assertEquals(List.of(), List.copyOf(missing), "RuntimeClasses.NAMES must list every class of weft-core with a static initializer");
        for (String name : RuntimeClasses.NAMES)
            assertTrue(Files.exists(root.resolve(name.replace('.', '/') + ".class")), name + " is not a class of weft-core");
    }
}
