package org.weft.engine;

import java.security.CodeSource;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds the user code that spawned a task: the first stack frame whose class does not come from Weft's own
 * code source (so user classes in a package named {@code org.weft} still count as user code). One stack walk
 * per spawn (about a microsecond), so it is taken only when {@link org.weft.Weft.Builder#captureSpawnSites} asks.
 */
final class SpawnSite {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final CodeSource RUNTIME = SpawnSite.class.getProtectionDomain().getCodeSource();

    private SpawnSite() {
    }

    static String caller() {
        StackWalker.StackFrame f = WALKER.walk(FIRST_OUTSIDE);
        return f == null ? null : f.getDeclaringClass().getSimpleName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    }

    private static final FirstOutside FIRST_OUTSIDE = new FirstOutside();

    /** The first frame outside Weft's code (a class rather than a lambda: see RuntimeClasses). */
    private static final class FirstOutside implements Function<Stream<StackWalker.StackFrame>, StackWalker.StackFrame> {
        @Override
        public StackWalker.StackFrame apply(Stream<StackWalker.StackFrame> frames) {
            for (Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext(); ) {
                StackWalker.StackFrame f = it.next();
                if (!isRuntime(f.getDeclaringClass())) return f;
            }
            return null;
        }
    }

    private static boolean isRuntime(Class<?> c) {
        return c.getClassLoader() == SpawnSite.class.getClassLoader()
                && Objects.equals(c.getProtectionDomain().getCodeSource(), RUNTIME);
    }
}
