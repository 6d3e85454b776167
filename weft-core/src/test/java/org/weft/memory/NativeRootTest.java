package org.weft.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Sync;
import org.weft.Task;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.data.NativeMemory;
import org.weft.data.NativeRoot;
import org.weft.data.SegmentSlice;
import org.weft.data.View;
import org.weft.data.Views;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;

/** Registered native roots: views name them, aliasing stays exact across the registration, and their data can be placed. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NativeRootTest {

    static void negate(SegmentSlice s) {
        for (long i = 0; i < s.count(); i++) s.setDouble(i, -s.getDouble(i));
    }

    @Test
    void viewsNameTheirRootWithSpansFromItsStartAndOlderViewsAreRebasedAtSpawn() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(800, 8);
            SegmentSlice before = Views.range(seg, 80, 160);
            NativeRoot root = NativeMemory.register(seg);
            try {
                SegmentSlice after = Views.range(seg, 120, 200);
                assertSame(root, after.base());
                assertEquals(120, after.spanStart(0));
                assertSame(NativeMemory.BASE, before.base(), "made before the registration");
                View rooted = Views.rooted(before);
                assertSame(root, rooted.base());
                assertEquals(80, rooted.spanStart(0));
                assertEquals(40, Views.overlapBytes(rooted, after));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeMemory.register(seg.asSlice(400, 8)));
                assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
            } finally {
                NativeMemory.unregister(root);
            }
        }
    }

    @Test
    void aReaderThroughANewViewWaitsForAWriterThroughAViewMadeBeforeTheRegistration() {
        try (Arena arena = Arena.ofShared(); Weft weft = Weft.builder().workers(2).inlineTinyTasks(false).build()) {
            MemorySegment seg = arena.allocate(80, 8);
            SegmentSlice old = Views.strided(seg, 0, 80, 8, 8);
            NativeRoot root = NativeMemory.register(seg);
            try {
                CountDownLatch go = new CountDownLatch(1), read = new CountDownLatch(1);
                weft.region(r -> {
                    r.spawn((SegmentSlice s) -> {
                        Sync.awaitManaged(go, "the test");
                        s.setDouble(3, 42);
                    }, inOut(old));
                    Task<Double> t = r.spawn((SegmentSlice s) -> {
                        read.countDown();
                        return s.getDouble(0);
                    }, in(Views.range(seg, 24, 32)));
                    assertTrue(Sync.staysClosed(read), "the reader waited for the writer");
                    go.countDown();
                    assertEquals(42, t.get());
                });
            } finally {
                NativeMemory.unregister(root);
            }
        }
    }

    @Test
    void dataInANativeRootArePlacedCopiedExactlyAndComeHome() {
        MemorySpace off = MemorySpaces.offHeap("off-heap"), mirror = MemorySpaces.heapMirror("mirror");
        try (Arena arena = Arena.ofShared(); Weft weft = Weft.builder().workers(2).build()) {
            MemorySegment seg = arena.allocate(64 * 8, 8);
            for (int i = 0; i < 64; i++) seg.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i);
            NativeRoot root = NativeMemory.register(seg);
            try {
                Matrix m = Matrix.wrap(seg, 8, 8, 8);
                weft.region(r -> {
                    r.task(NativeRootTest::negate).on(off).spawn(inOut(Views.strided(seg, 0, 128, 8, 8)));  // elements 0..15
                    r.task((Matrix t) -> t.set(0, 0, 1000)).on(mirror).spawn(inOut(m.block(4, 4, 2, 2)));  // element 36
                });
                for (int i = 0; i < 64; i++)
                    assertTrue(seg.getAtIndex(ValueLayout.JAVA_DOUBLE, i) == (i < 16 ? -i : i == 36 ? 1000 : i), "element " + i);
                MemoryStats s = weft.memoryStats();
                assertEquals(128, s.bytes(MemorySpaces.host(), off));
                assertEquals(128, s.bytes(off, MemorySpaces.host()));
                assertEquals(32, s.bytes(MemorySpaces.host(), mirror), "the 2 x 2 block's two columns");
                assertEquals(32, s.bytes(mirror, MemorySpaces.host()));
            } finally {
                NativeMemory.unregister(root);
            }
        }
    }

    @Test
    void unregisteredNativeMemoryStaysOnTheHostAndAnAtomicTaskOnARootIsUndone() {
        MemorySpace off = MemorySpaces.offHeap("off-heap");
        try (Arena arena = Arena.ofShared(); Weft weft = Weft.builder().workers(2).build()) {
            MemorySegment loose = arena.allocate(64, 8), rooted = arena.allocate(64, 8);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task(NativeRootTest::negate).on(off).spawn(inOut(Views.range(loose, 0, 64)))));
            assertTrue(e.getMessage().contains("registered root"), e.getMessage());
            rooted.fill((byte) 7);
            NativeRoot root = NativeMemory.register(rooted);
            try {
                assertThrows(TaskFailedException.class, () -> weft.region(r -> r.task((SegmentSlice s) -> {
                    s.setByte(3, (byte) 1);
                    throw new IllegalStateException("after writing");
                }).on(off).atomic().spawn(inOut(Views.range(rooted, 0, 64)))));
                for (int i = 0; i < 64; i++) assertEquals(7, rooted.get(ValueLayout.JAVA_BYTE, i));
            } finally {
                NativeMemory.unregister(root);
            }
        }
    }
}
