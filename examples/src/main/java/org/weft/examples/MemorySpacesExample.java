package org.weft.examples;

import org.weft.Shared;
import org.weft.Weft;
import org.weft.data.DoubleSlice;
import org.weft.data.Matrix;
import org.weft.data.Views;
// --- README: MemorySpaces
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;

import static org.weft.Access.*;
// --- end

/** The README's memory-space example: placed tasks, a shared array over many regions, atomic tasks and the counters. */
public final class MemorySpacesExample {
    private MemorySpacesExample() {
    }

    /** Doubles every element of a matrix block: off the heap, it receives the block over native memory. */
    static void scale(Matrix t) {
        for (int j = 0; j < t.cols(); j++) for (int i = 0; i < t.rows(); i++) t.set(i, j, 2 * t.get(i, j));
    }

    /** One Jacobi sweep of the interior of a 1-D grid. */
    static void sweep(double[] u) {
        double prev = u[0];
        for (int i = 1; i < u.length - 1; i++) {
            double cur = u[i];
            u[i] = (prev + cur + u[i + 1]) / 3;
            prev = cur;
        }
    }

    /** Fills a slice, then fails: atomic, it leaves the slice as it was. */
    static void fillThenFail(DoubleSlice s) {
        for (int i = 0; i < s.length(); i++) s.set(i, -1);
        throw new IllegalStateException("after writing");
    }

    /** Runs the example on {@code m} (a 512 x 512 column-major matrix) and {@code grid}; returns the memory counters. */
    public static String run(double[] m, double[] grid) {
        Matrix matrix = Matrix.wrap(m, 512, 512);
        try (Weft weft = Weft.create()) {
            // --- README: MemorySpaces
            MemorySpace offHeap = MemorySpaces.offHeap("off-heap");       // native replicas: Matrix and segment views
            MemorySpace mirror = MemorySpaces.heapMirror("mirror");       // separate Java arrays: every view type
            weft.region(r -> r.task(MemorySpacesExample::scale).on(offHeap)
                    .spawn(inOut(matrix.tile(0, 0, 256))));                // 1 copy in, 1 copy out at the region's end
            try (Shared<double[]> u = weft.share(grid)) {                 // replicas survive regions
                for (int k = 0; k < 100; k++)
                    weft.region(r -> r.task(MemorySpacesExample::sweep).on(mirror).spawn(inOut(grid)));
                double[] now = u.get();                                   // 1 copy in, 1 copy out in all
            }
            try {
                weft.region(r -> r.task(MemorySpacesExample::fillThenFail).atomic().spawn(inOut(Views.range(grid, 0, 10))));
            } catch (RuntimeException failed) {
                // the first ten elements are as they were: an atomic task commits only if it returns normally
            }
            System.out.println(weft.memoryStats());                       // copies and bytes per pair of spaces
            // --- end
            return weft.memoryStats().toString();
        }
    }
}
