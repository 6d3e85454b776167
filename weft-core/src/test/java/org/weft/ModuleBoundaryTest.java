package org.weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The core's module boundary: it exports its API packages only (the engine goes to the benchmarks by qualified
 * exports), and no class of an API package refers to an engine class other than the one door, {@code Engine}.
 */
class ModuleBoundaryTest {
    private static final Set<String> API = Set.of("org.weft", "org.weft.data", "org.weft.spec", "org.weft.memory");
    private static final Set<String> ENGINE = Set.of("org/weft/engine/", "org/weft/deps/", "org/weft/sched/", "org/weft/trace/",
            "org/weft/resolve/", "org/weft/coherence/");

    private static Path classes() {
        return Path.of(Engine().getProtectionDomain().getCodeSource().getLocation().getPath());
    }

    private static Class<?> Engine() {
        try {
            return Class.forName("org.weft.engine.Engine");
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void onlyTheApiPackagesAreExported() throws IOException {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("org.weft.core", d.name());
        Set<String> open = new TreeSet<>(), qualified = new TreeSet<>();
        for (ModuleDescriptor.Exports e : d.exports()) (e.isQualified() ? qualified : open).add(e.source());
        assertEquals(new TreeSet<>(API), open);
        for (ModuleDescriptor.Exports e : d.exports())
            if (e.isQualified()) assertEquals(Set.of("org.weft.bench"), e.targets(), e.source() + " is exported to the benchmarks only");
    }

    @Test
    void theApiReachesTheEngineThroughOneDoor() throws IOException {
        Set<String> crossings = new TreeSet<>();
        Path root = classes();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = root.relativize(p).toString().replace('\\', '/');
                if (name.equals("module-info.class")) continue;
                String pkg = name.substring(0, name.lastIndexOf('/')).replace('/', '.');
                if (!API.contains(pkg)) continue;
                ClassModel cm = ClassFile.of().parse(p);
                for (PoolEntry e : cm.constantPool()) {
                    if (!(e instanceof ClassEntry c)) continue;
                    String ref = c.asInternalName();
                    if (ENGINE.stream().anyMatch(ref::startsWith) && !ref.startsWith("org/weft/engine/Engine"))
                        crossings.add(name + " -> " + ref);
                }
            }
        }
        assertEquals(Set.of(), crossings, "API classes that use engine classes other than Engine");
    }
}
