package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.weft.data.LongSlice;
import org.weft.data.Matrix;
import org.weft.data.Views;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.weakInOut;
import static org.weft.Sync.await;
import static org.weft.Sync.staysClosed;

/**
 * Nested regions (DESIGN §1 "Dynamic regions"): a task may open a region over the data it declared; its
 * children compute the right result, are ordered among themselves by their own accesses, may nest again and
 * may wait for each other's results. A parent with a weak access starts at once, while its children wait for
 * the earlier writer the weak access recorded; this is proved with latches (the earlier writer can only finish
 * once the parent's body runs).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NestedRegionTest {
    private static final int N = 8, TILE = 3;   // 3 does not divide 8: edge tiles are cut

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 4})
    void aParentWithInOutOnAMatrixComputesItsTilesInANestedRegion(int workers) {
        double[] data = new double[N * N];
        Matrix m = Matrix.wrap(data, N, N);
        AtomicReference<Double> sumSeenAfter = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(workers).build()) {
            weft.region(r -> {
                r.task((Matrix whole) -> weft.region(inner -> {
                    for (int ti = 0; ti * TILE < N; ti++)
                        for (int tj = 0; tj * TILE < N; tj++) {
                            Matrix tile = whole.tile(ti, tj, TILE);
                            int i0 = ti * TILE, j0 = tj * TILE;
                            inner.spawn((Matrix t) -> {
                                for (int i = 0; i < t.rows(); i++)
                                    for (int j = 0; j < t.cols(); j++) t.set(i, j, (i0 + i) * 100 + (j0 + j));
                            }, out(tile));
                            inner.spawn((Matrix t) -> {      // ordered after the first child of the same tile
                                for (int i = 0; i < t.rows(); i++)
                                    for (int j = 0; j < t.cols(); j++) t.set(i, j, 2 * t.get(i, j) + 1);
                            }, inOut(tile));
                        }
                })).name("parent").spawn(inOut(m));
                r.spawn((Matrix whole) -> {                   // an outer sibling after the parent sees the children's work
                    double s = 0;
                    for (double v : whole.array()) s += v;
                    sumSeenAfter.set(s);
                }, in(m));
            });
        }
        double expectedSum = 0;
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                double want = 2 * (i * 100 + j) + 1;
                assertEquals(want, m.get(i, j), "element (" + i + ", " + j + ")");
                expectedSum += want;
            }
        assertEquals(expectedSum, sumSeenAfter.get());
    }

    @Test
    void innerTasksOnTheSameTileAreOrdered() {
        Matrix m = Matrix.wrap(new double[N * N], N, N);
        CountDownLatch firstRunning = new CountDownLatch(1), release = new CountDownLatch(1), secondRunning = new CountDownLatch(1);
        AtomicBoolean firstDone = new AtomicBoolean();
        AtomicReference<Boolean> secondSawFirstDone = new AtomicReference<>();
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(4).build()) {
            weft.region(r -> r.spawn(() -> weft.region(inner -> {
                Matrix tile = m.tile(1, 1, TILE);
                inner.spawn((Matrix t) -> {
                    firstRunning.countDown();
                    await(release, "release of the first inner task");
                    t.set(0, 0, 1);
                    firstDone.set(true);
                }, inOut(tile));
                await(firstRunning, "the first inner task to start");
                inner.spawn((Matrix t) -> {
                    secondRunning.countDown();
                    secondSawFirstDone.set(firstDone.get());
                    t.set(0, 0, t.get(0, 0) * 10);
                }, inOut(tile.block(0, 0, 1, 1)));
                problems.check(staysClosed(secondRunning), "an inner task started while an earlier inner writer of the same element was running");
                release.countDown();
            }), inOut(m)));
        }
        problems.assertNone();
        assertEquals(Boolean.TRUE, secondSawFirstDone.get());
        assertEquals(10, m.get(TILE, TILE));
    }

    @Test
    void aWeakParentStartsAtOnceWhileItsChildrenWaitForTheEarlierWriter() {
        long[] x = {0};
        CountDownLatch release = new CountDownLatch(1), childRunning = new CountDownLatch(1);
        AtomicBoolean writerDone = new AtomicBoolean();
        AtomicReference<Boolean> childSawWriterDone = new AtomicReference<>();
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(4).build()) {
            weft.region(r -> {
                r.task((long[] a) -> {
                    // Only the weak parent's body opens this latch: the parent must start while this writer runs.
                    await(release, "the weak parent to start and release the earlier writer");
                    a[0] = 1;
                    writerDone.set(true);
                }).name("writer").spawn(inOut(x));
                r.task(() -> weft.region(inner -> {
                    inner.spawn((long[] a) -> {
                        childRunning.countDown();
                        childSawWriterDone.set(writerDone.get());
                        a[0] = a[0] * 10 + 2;
                    }, inOut(x));
                    problems.check(staysClosed(childRunning), "a child of the weak parent ran before the earlier writer finished");
                    release.countDown();
                })).name("weak parent").spawn(weakInOut(x));
            });
        }
        problems.assertNone();
        assertEquals(Boolean.TRUE, childSawWriterDone.get(), "the child must run after the writer the weak access recorded");
        assertEquals(12, x[0]);
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 4})
    void twoLevelsOfNestingComputeTheSequentialResult(int workers) {
        long[] a = new long[16];
        try (Weft weft = Weft.builder().workers(workers).build()) {
            weft.region(r -> {
                r.spawn(() -> weft.region(mid -> {
                    for (int h = 0; h < 2; h++) {
                        LongSlice half = Views.range(a, h * 8, h * 8 + 8);
                        mid.spawn(() -> weft.region(leaf -> {
                            for (int q = 0; q < 2; q++) {
                                LongSlice quarter = half.sub(q * 4, q * 4 + 4);
                                for (int step = 1; step <= 3; step++) {
                                    long k = step;
                                    leaf.spawn((LongSlice s) -> {
                                        for (int i = 0; i < s.length(); i++) s.set(i, s.get(i) * 3 + k + s.offset() + i);
                                    }, inOut(quarter));
                                }
                            }
                        }), inOut(half));
                    }
                }), inOut(a));
                r.spawn((long[] all) -> {                    // an outer task after the nest
                    for (int i = 0; i < all.length; i++) all[i] = all[i] * 2;
                }, inOut(a));
            });
        }
        for (int i = 0; i < a.length; i++) {
            long v = 0;
            for (int step = 1; step <= 3; step++) v = v * 3 + step + i;
            assertEquals(v * 2, a[i], "element " + i);
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2})
    void getInsideANestedRegionReturnsTheChildsResult(int workers) {
        long[] a = {3, 4};
        AtomicReference<Long> seen = new AtomicReference<>();
        try (Weft weft = Weft.builder().workers(workers).build()) {
            weft.region(r -> r.spawn(() -> weft.region(inner -> {
                Task<Long> sum = inner.spawn((long[] v) -> v[0] + v[1], in(a));
                long s = sum.get();                          // decide what to spawn from a child's result
                seen.set(s);
                inner.spawn((long[] v) -> { v[0] = s; v[1] = s * s; }, inOut(a));
            }), inOut(a)));
        }
        assertEquals(7L, seen.get());
        assertArrayEquals(new long[]{7, 49}, a);
    }

    /**
     * region() called in a nested region body (not in one of its tasks) either is rejected, as at top level, or
     * must keep sequential semantics: a task of that region writing {@code x} must follow an earlier child of
     * the enclosing nested region that writes {@code x}.
     */
    @Test
    void aRegionOpenedInANestedRegionBodyIsRejectedOrOrderedAfterEarlierSiblings() {
        long[] x = {0};
        CountDownLatch firstRunning = new CountDownLatch(1), secondRunning = new CountDownLatch(1);
        AtomicBoolean firstDone = new AtomicBoolean();
        AtomicReference<Boolean> secondSawFirstDone = new AtomicReference<>();
        AtomicReference<Throwable> rejected = new AtomicReference<>();
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(4).build()) {
            weft.region(r -> r.spawn(() -> weft.region(nested -> {
                nested.spawn((long[] a) -> {
                    firstRunning.countDown();
                    problems.check(staysClosed(secondRunning), "a task of a region opened in the nested body ran while an earlier child writing the same data was running");
                    a[0] = 1;
                    firstDone.set(true);
                }, inOut(x));
                await(firstRunning, "the first child to start");
                try {
                    weft.region(inner -> inner.spawn((long[] a) -> {
                        secondRunning.countDown();
                        secondSawFirstDone.set(firstDone.get());
                        a[0] = a[0] * 10 + 2;
                    }, inOut(x)));
                } catch (IllegalStateException e) {
                    rejected.set(e);
                }
            }), inOut(x)));
        }
        if (rejected.get() != null) {
            assertInstanceOf(IllegalStateException.class, rejected.get());
            assertEquals(1, x[0]);
            return;
        }
        problems.assertNone();
        assertEquals(Boolean.TRUE, secondSawFirstDone.get());
        assertEquals(12, x[0]);
    }
}
