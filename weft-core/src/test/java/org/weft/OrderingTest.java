package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.weft.data.Matrix;
import org.weft.data.Views;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.weft.Access.commutative;
import static org.weft.Access.concurrent;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.reduce;
import static org.weft.Sync.await;
import static org.weft.Sync.meet;
import static org.weft.Sync.staysClosed;

/**
 * The ordering rules of the contract (DESIGN §1), proved with latches and barriers rather than timing.
 *
 * <p><b>Ordered</b> pairs (RAW, WAR, WAW, aliasing views, a commutative group and a later reader): the first
 * task is held inside its body on a latch that the region body opens only after spawning the second task and
 * watching it not start; the second records whether the first had finished. <b>Concurrent</b> pairs (two
 * readers, disjoint views, concurrent members): both tasks wait at a barrier, which they pass only if they
 * run at the same time. Commutative members must exclude each other; reduction members must get private
 * partials whose combination is the exact sequential sum.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OrderingTest {
    /** Enough workers for the body and two blocked tasks to coexist. */
    private static final int WORKERS = 4;

    // ---- ordered pairs -----------------------------------------------------------------------------

    @Test
    void readAfterWriteWaitsForTheWriter() {
        long[] x = {0};
        assertSecondWaitsForFirst(out(x), in(x));
    }

    @Test
    void writeAfterReadWaitsForTheReader() {
        long[] x = {0};
        assertSecondWaitsForFirst(in(x), out(x));
    }

    @Test
    void writeAfterWriteWaitsForTheFirstWriter() {
        long[] x = {0};
        assertSecondWaitsForFirst(out(x), out(x));
    }

    @Test
    void readModifyWritesOfOneObjectAreOrdered() {
        Object o = new Object();
        assertSecondWaitsForFirst(inOut(o), inOut(o));
    }

    @Test
    void overlappingRangesAreOrdered() {
        double[] a = new double[10];
        assertSecondWaitsForFirst(inOut(Views.range(a, 0, 6)), in(Views.range(a, 5, 10)));
    }

    @Test
    void aRowAndAColumnOfOneMatrixAliasInOneElementAndAreOrdered() {
        Matrix m = Matrix.wrap(new double[36], 6, 6);
        assertSecondWaitsForFirst(inOut(m.row(2)), inOut(m.col(3)));
    }

    @Test
    void trianglesWithTheDiagonalShareItAndAreOrdered() {
        Matrix m = Matrix.wrap(new double[25], 5, 5);
        assertSecondWaitsForFirst(inOut(m.lower(true)), inOut(m.upper(true)));
    }

    @Test
    void aReaderOfWholeArrayWaitsForAWriterOfOneElement() {
        long[] a = new long[8];
        assertSecondWaitsForFirst(out(Views.range(a, 7, 8)), in(a));
    }

    /**
     * Spawns {@code first} (held inside its body until released), waits until it runs, spawns {@code second},
     * checks that {@code second} does not start while {@code first} is held, releases {@code first}, and
     * asserts that {@code second} ran after {@code first} finished.
     */
    private static void assertSecondWaitsForFirst(Access first, Access second) {
        CountDownLatch firstRunning = new CountDownLatch(1), release = new CountDownLatch(1), secondRunning = new CountDownLatch(1);
        AtomicBoolean firstDone = new AtomicBoolean();
        AtomicReference<Boolean> secondSawFirstDone = new AtomicReference<>();
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            weft.region(r -> {
                r.spawn(() -> {
                    firstRunning.countDown();
                    await(release, "the region body to release the first task");
                    firstDone.set(true);
                }, first);
                await(firstRunning, "the first task to start");
                r.spawn(() -> {
                    secondRunning.countDown();
                    secondSawFirstDone.set(firstDone.get());
                }, second);
                problems.check(staysClosed(secondRunning), "task with " + second + " started while the task with " + first + " was still running");
                release.countDown();
            });
        }
        problems.assertNone();
        assertEquals(Boolean.TRUE, secondSawFirstDone.get(), "task with " + second + " must run after the task with " + first);
    }

    // ---- concurrent pairs --------------------------------------------------------------------------

    @Test
    void twoReadersOfOneArrayRunAtTheSameTime() {
        long[] x = {0};
        assertRunTogether(in(x), in(x));
    }

    @Test
    void disjointRangesOfOneArrayRunAtTheSameTime() {
        double[] a = new double[10];
        assertRunTogether(inOut(Views.range(a, 0, 5)), inOut(Views.range(a, 5, 10)));
    }

    @Test
    void interleavedStridedSlicesRunAtTheSameTime() {
        long[] a = new long[10];
        assertRunTogether(inOut(Views.strided(a, 0, 10, 2)), inOut(Views.strided(a, 1, 10, 2)));
    }

    @Test
    void strictLowerAndStrictUpperTrianglesRunAtTheSameTime() {
        Matrix m = Matrix.wrap(new double[36], 6, 6);
        assertRunTogether(inOut(m.lower(false)), inOut(m.upper(false)));
    }

    @Test
    void twoRowsOfOneMatrixRunAtTheSameTime() {
        Matrix m = Matrix.wrap(new double[36], 6, 6);
        assertRunTogether(inOut(m.row(0)), inOut(m.row(1)));
    }

    @Test
    void concurrentMembersRunAtTheSameTime() {
        long[] x = {0};
        assertRunTogether(concurrent(x), concurrent(x));
    }

    /** Spawns two tasks that each wait at a two-party barrier: the region completes cleanly only if they overlap. */
    private static void assertRunTogether(Access a, Access b) {
        CyclicBarrier both = new CyclicBarrier(2);
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            weft.region(r -> {
                r.spawn(() -> { meet(both, problems, "task with " + a); }, a);
                r.spawn(() -> { meet(both, problems, "task with " + b); }, b);
            });
        }
        problems.assertNone();
    }

    // ---- groups ------------------------------------------------------------------------------------

    @Test
    void commutativeMembersNeverOverlapAndALaterReaderSeesThemAll() {
        int members = 4;
        long[] x = {0};
        AtomicInteger inside = new AtomicInteger(), finished = new AtomicInteger();
        CountDownLatch allEntered = new CountDownLatch(members);
        AtomicReference<long[]> readerSaw = new AtomicReference<>();
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            weft.region(r -> {
                for (int k = 1; k <= members; k++) {
                    long add = k;
                    r.spawn(() -> {
                        problems.check(inside.incrementAndGet() == 1, "commutative member " + add + " entered while another was inside");
                        allEntered.countDown();
                        // Give the other members the chance to enter while this one is inside (only the last
                        // member finds the latch open at once); the group's lock must keep them out.
                        staysClosed(allEntered);
                        problems.check(inside.get() == 1, "commutative member " + add + " saw another member inside");
                        x[0] += add;
                        inside.decrementAndGet();
                        finished.incrementAndGet();
                    }, commutative(x));
                }
                r.spawn(() -> readerSaw.set(new long[]{finished.get(), x[0], inside.get()}), in(x));
            });
        }
        problems.assertNone();
        assertArrayEquals(new long[]{members, 10, 0}, readerSaw.get(), "the reader after the group must see every member finished: {finished, x, inside}");
    }

    @Test
    void tasksInTwoCommutativeGroupsAtOnceExcludeEachOtherWithoutDeadlock() {
        int tasks = 200;
        long[] a = {0}, b = {0};
        AtomicInteger insideA = new AtomicInteger(), insideB = new AtomicInteger();
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            weft.region(r -> {
                for (int i = 0; i < tasks; i++) {
                    Proc0 body = () -> {
                        problems.check(insideA.incrementAndGet() == 1, "two members of a's group overlapped");
                        problems.check(insideB.incrementAndGet() == 1, "two members of b's group overlapped");
                        a[0]++;
                        b[0] += 2;
                        insideB.decrementAndGet();
                        insideA.decrementAndGet();
                    };
                    if (i % 2 == 0) r.spawn(body, commutative(a), commutative(b));   // both declaration orders
                    else r.spawn(body, commutative(b), commutative(a));
                }
            });
        }
        problems.assertNone();
        assertEquals(tasks, a[0]);
        assertEquals(2L * tasks, b[0]);
    }

    @Test
    void commutativeMembersWaitForAnEarlierWriter() {
        long[] x = {0};
        CountDownLatch writerRunning = new CountDownLatch(1), release = new CountDownLatch(1), memberRunning = new CountDownLatch(1);
        AtomicReference<Long> memberSaw = new AtomicReference<>();
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            weft.region(r -> {
                r.spawn(() -> {
                    writerRunning.countDown();
                    await(release, "release of the writer");
                    x[0] = 7;
                }, out(x));
                await(writerRunning, "the writer to start");
                r.spawn(() -> {
                    memberRunning.countDown();
                    memberSaw.set(x[0]);
                    x[0] += 1;
                }, commutative(x));
                problems.check(staysClosed(memberRunning), "a commutative member started before the earlier writer finished");
                release.countDown();
            });
        }
        problems.assertNone();
        assertEquals(7L, memberSaw.get());
        assertEquals(8L, x[0]);
    }

    @Test
    void concurrentMembersAreOrderedBeforeALaterReader() {
        int members = 3;
        long[] x = {0};
        CyclicBarrier all = new CyclicBarrier(members);
        AtomicInteger finished = new AtomicInteger();
        AtomicLong readerSaw = new AtomicLong(-1);
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            weft.region(r -> {
                for (int k = 0; k < members; k++) {
                    int id = k;
                    r.spawn(() -> {
                        meet(all, problems, "concurrent member " + id);
                        synchronized (x) {
                            x[0] += 1;
                        }
                        finished.incrementAndGet();
                    }, concurrent(x));
                }
                r.spawn(() -> readerSaw.set(finished.get()), in(x));
            });
        }
        problems.assertNone();
        assertEquals(members, readerSaw.get(), "the reader must run after every concurrent member");
        assertEquals(members, x[0]);
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {2, 8})
    void reductionGivesTheExactSumOnPrivatePartialsAndALaterReaderSeesIt(int workers) {
        int tasks = 500;
        long[] acc = {1_000, 0};
        Reduction<long[]> sum = Reduction.longSum();
        AtomicReference<long[]> readerSaw = new AtomicReference<>();
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(workers).build()) {
            weft.region(r -> {
                for (int i = 1; i <= tasks; i++) {
                    r.spawn((long[] partial, Long v) -> {
                        problems.check(partial != acc, "a reduce task received the original array, not a private partial");
                        partial[0] += v;
                        partial[1] += 1;
                    }, reduce(sum, acc), (long) i);
                }
                r.spawn(() -> readerSaw.set(acc.clone()), in(acc));
            });
        }
        problems.assertNone();
        long expected = 1_000 + (long) tasks * (tasks + 1) / 2;
        assertArrayEquals(new long[]{expected, tasks}, readerSaw.get(), "value seen by a reader after the reduction, inside the region");
        assertArrayEquals(new long[]{expected, tasks}, acc, "value after the region");
    }

    @Test
    void twoSuccessiveReductionGroupsSeparatedByAReaderAreBothExact() {
        long[] acc = {0};
        Reduction<long[]> sum = Reduction.longSum();
        AtomicLong between = new AtomicLong(-1);
        try (Weft weft = Weft.builder().workers(WORKERS).build()) {
            weft.region(r -> {
                for (int i = 0; i < 100; i++) r.spawn((long[] p) -> { p[0] += 1; }, reduce(sum, acc));
                r.spawn(() -> between.set(acc[0]), in(acc));
                for (int i = 0; i < 100; i++) r.spawn((long[] p) -> { p[0] += 10; }, reduce(sum, acc));
            });
        }
        assertEquals(100, between.get());
        assertEquals(1_100, acc[0]);
    }
}
