package org.weft;

import java.security.CodeSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the user code that spawned a task: the first stack frame whose class does not come from Weft's own
 * code source (so user classes in a package named {@code org.weft} still count as user code). One stack walk
 * per spawn (about a microsecond), so it is taken only when {@link Weft.Builder#captureSpawnSites} asks.
 */
final class SpawnSite {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final CodeSource RUNTIME = SpawnSite.class.getProtectionDomain().getCodeSource();

    private SpawnSite() {
    }

    static String caller() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames
                .filter(f -> !isRuntime(f.getDeclaringClass()))
                .findFirst());
        return frame.map(f -> f.getDeclaringClass().getSimpleName() + "." + f.getMethodName()
                + "(" + f.getFileName() + ":" + f.getLineNumber() + ")").orElse(null);
    }

    private static boolean isRuntime(Class<?> c) {
        return c.getClassLoader() == SpawnSite.class.getClassLoader()
                && Objects.equals(c.getProtectionDomain().getCodeSource(), RUNTIME);
    }
}
