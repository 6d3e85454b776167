package org.weft.linalg.kernel;

import org.junit.jupiter.api.Test;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.linalg.TileMatrix;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.inOut;

/** Staging of heap matrices: what comes back at close, and what is left to other tasks. */
class NativeCallTest {
    @Test
    void aStagedTriangleComesBackAloneLeavingTheOtherTriangleToItsOwner() {
        int n = 6;
        double[] heap = new double[n * n];
        Matrix m = Matrix.wrap(heap, n, n);
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr p = call.write(m, Kernels.Uplo.UPPER);
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) p.at().setAtIndex(JAVA_DOUBLE, i + (long) j * p.ld(), 1);   // the "kernel"
            for (int j = 0; j < n; j++) for (int i = j + 1; i < n; i++) heap[i + j * n] = 2;   // another task, meanwhile
        }
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) assertEquals(i <= j ? 1 : 2, heap[i + j * n], "(" + i + ", " + j + ")");
    }

    @Test
    void aStagedBlockComesBackWithoutTheGapsBetweenItsColumns() {
        double[] heap = new double[8 * 8];
        Matrix block = Matrix.wrap(heap, 8, 8).block(2, 1, 3, 4);
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr p = call.write(block);
            assertEquals(3, p.ld(), "packed");
            for (int k = 0; k < 12; k++) p.at().setAtIndex(JAVA_DOUBLE, k, 7);
            heap[0] = 5;   // outside the block, written meanwhile by its owner
        }
        for (int j = 0; j < 8; j++)
            for (int i = 0; i < 8; i++) {
                boolean inside = i >= 2 && i < 5 && j >= 1 && j < 5;
                assertEquals(inside ? 7 : i == 0 && j == 0 ? 5 : 0, heap[i + j * 8], "(" + i + ", " + j + ")");
            }
    }

    @Test
    void nativeMatricesArePassedInPlace() {
        MemorySegment s = MemorySegment.ofArray(new double[4]);
        Matrix heapSegment = Matrix.wrap(s, 2, 2, 2);
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr p = call.read(heapSegment);
            assertEquals(true, p.at().isNative(), "a heap segment is staged too");
        }
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined(); NativeCall call = new NativeCall()) {
            MemorySegment nat = arena.allocate(JAVA_DOUBLE, 16);
            NativeCall.Ptr p = call.write(Matrix.wrap(nat, 3, 3, 4));
            assertEquals(nat.address(), p.at().address());
            assertEquals(4, p.ld());
        }
    }

    /**
     * What a task placed in an off-heap space receives for a heap tile: the same block over the native replica, which
     * a kernel call passes where it is, with the tile's own leading dimension, staging nothing.
     */
    static long[] passedInPlace(Matrix m) {
        long staged = NativeCall.STAGED.sum();
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr p = call.write(m);
            p.at().setAtIndex(JAVA_DOUBLE, 0, 42);   // the "kernel", writing element (0, 0) through the pointer
            long expected = m.segment().address() + m.offset() * Double.BYTES;
            return new long[]{m.segment().isNative() ? 1 : 0, p.at().address() - expected, p.ld() - m.ld(), NativeCall.STAGED.sum() - staged};
        }
    }

    @Test
    void aHeapTilePresentedByTheOffHeapSpaceIsPassedInPlace() {
        MemorySpace off = MemorySpaces.offHeap("off-heap");
        TileMatrix a = TileMatrix.allocateOnHeap(10, 10, 4, off);
        Matrix tile = a.tile(1, 2);
        try (Weft weft = Weft.builder().workers(2).build()) {
            long[] seen = weft.regionResult(r -> r.task(NativeCallTest::passedInPlace).on(off).spawn(inOut(tile)).get());
            assertEquals(1, seen[0], "the task got the tile over native memory");
            assertEquals(0, seen[1], "the kernel pointer is the replica's own element (0, 0)");
            assertEquals(0, seen[2], "with the tile's leading dimension");
            assertEquals(0, seen[3], "nothing staged");
        }
        assertEquals(42, a.get(4, 8), "what the kernel wrote through the pointer came home at the end of the region");
        assertTrue(a.tile(1, 2).segment() == null, "the tile itself stays a view of the heap array");
    }

    @Test
    void tooManyStagedMatricesIsAnError() {
        try (NativeCall call = new NativeCall()) {
            for (int i = 0; i < 4; i++) call.write(Matrix.wrap(new double[1], 1, 1));
            assertThrows(IllegalStateException.class, () -> call.write(Matrix.wrap(new double[1], 1, 1)));
        }
    }
}
