package org.weft.linalg;

import org.junit.jupiter.api.Test;
import org.weft.Weft;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tiled linear algebra example of README.md, as written there, with its data defined. */
class ReadmeLinalgExampleTest {
    @Test
    void choleskySolveAsInTheReadme() {
        int n = 600, k = 3;
        double[] data, rhs;
        try (TileMatrix spd = Matrices.spd(n, 256, 1); TileMatrix r = Matrices.uniform(n, k, 256, 2)) {
            data = spd.toColumnMajor();
            rhs = r.toColumnMajor();
        }
        double[] original = data.clone(), b0 = rhs.clone();

        try (Weft weft = Weft.create();
             TileMatrix a = TileMatrix.fromColumnMajor(data, n, n, 256);     // tile-major copy, off-heap
             TileMatrix b = TileMatrix.fromColumnMajor(rhs, n, k, 256)) {
            Cholesky.factor(weft, a);                    // A = L*L^T in place: one task per tile kernel (OpenBLAS)
            Cholesky.solve(weft, a, b);                  // two tiled triangular solves; X replaces B
            b.copyTo(rhs, n);
        }

        double[] ax = Dense.multiply(original, n, n, false, rhs, n, k, false);
        assertTrue(Dense.relativeMaxDiff(ax, b0) < 1e-12);
    }

    /** The heap-matrix example of the README's linear-algebra section (placement in an off-heap space), as written there. */
    @Test
    void aHeapMatrixPlacedOffHeapAsInTheReadme() {
        int n = 600, k = 3;
        double[] data, rhs;
        try (TileMatrix spd = Matrices.spd(n, 256, 1); TileMatrix r = Matrices.uniform(n, k, 256, 2)) {
            data = spd.toColumnMajor();
            rhs = r.toColumnMajor();
        }
        double[] original = data.clone(), b0 = rhs.clone();
        String stats;

        MemorySpace offHeap = MemorySpaces.offHeap("off-heap");              // one for the program: a runtime takes one space per name
        try (Weft weft = Weft.create()) {
            TileMatrix a = TileMatrix.allocateOnHeap(n, n, 256, offHeap);   // a double[] on the heap, its tasks placed off-heap
            TileMatrix b = TileMatrix.allocateOnHeap(n, k, 256, offHeap);
            a.copyFrom(data, n);
            b.copyFrom(rhs, n);
            Cholesky.factor(weft, a);         // each tile goes to native memory once, the array comes home once
            Cholesky.solve(weft, a, b);       // kernels work on the native replicas in place: no copy per call
            b.copyTo(rhs, n);
            System.out.println(weft.memoryStats());  // host->off-heap: 15 copies (6 + 9), off-heap->host: 2
            stats = weft.memoryStats().toString();    // (the test's own line)
        }

        double[] ax = Dense.multiply(original, n, n, false, rhs, n, k, false);
        assertTrue(Dense.relativeMaxDiff(ax, b0) < 1e-12);
        assertTrue(stats.contains("host->off-heap: 15 copies") && stats.contains("off-heap->host: 2 copies"), stats);
    }
}
