package org.weft.linalg;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Asks Linux to back large native matrices with transparent huge pages ({@code madvise(MADV_HUGEPAGE)}),
 * which matters where the system's policy is {@code madvise}, as on Debian: a 256 x 256 tile spans 128
 * ordinary pages, and a gemm on three tiles touches more pages than the TLB maps. Advice only: where the
 * call is missing or refused nothing changes.
 */
final class HugePages {
    private static final int MADV_HUGEPAGE = 14;
    private static final long HUGE_PAGE = 2 << 20;
    private static final Optional<MethodHandle> MADVISE = Linker.nativeLinker().defaultLookup().find("madvise")
            .map(f -> Linker.nativeLinker().downcallHandle(f, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT)));

    private HugePages() {
    }

    /** Advises huge pages for {@code s} if it spans at least one (its start must be page-aligned). */
    static void advise(MemorySegment s) {
        if (s.byteSize() < HUGE_PAGE || MADVISE.isEmpty() || !System.getProperty("os.name").startsWith("Linux")) return;
        try {
            int ignored = (int) MADVISE.get().invokeExact(s, s.byteSize(), MADV_HUGEPAGE);
        } catch (Throwable t) {
            throw new IllegalStateException("madvise failed", t);
        }
    }
}
