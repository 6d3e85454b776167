package org.weft.engine;

import org.weft.Proc0;
import org.weft.Sync;
import org.weft.Weft;
import org.weft.resolve.FnInfo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spawn-time decision of the tiny-task policy ({@link RunTimes}): a task that is ready at spawn and whose
 * function this runtime measured below {@link RunTimes#INLINE_NANOS} has run by the time {@code spawn} returns;
 * a slower one and, with the switch off, any one is queued. Measurements are fed through {@link RunTimes}
 * itself rather than measured, so the outcome does not depend on how fast this machine runs the test.
 * Measurements belong to one runtime, and a function whose task ever waited inside Weft or ran long is never
 * inlined again (issue 9, item 11).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public class InlineTinyTasksTest {

    /** Feeds {@code weft} enough samples of {@code fn} (of {@code arity} arguments) taking {@code nanos} each. */
    public static void measured(Weft weft, Object fn, int arity, long nanos) {
        FnInfo info = FnInfo.of(fn, arity);
        RunTimes times = weft.regionResult(r -> ((RegionImpl) r).engine.runTimes);
        for (int i = 0; i < RunTimes.MIN_SAMPLES; i++) {
            times.sampleNext(info);
            times.record(info, nanos);
        }
    }

    @Test
    void aReadyTaskOfATinyFunctionHasRunWhenSpawnReturns() {
        LongAdder ran = new LongAdder();
        Proc0 tiny = ran::increment;
        AtomicBoolean doneAtReturn = new AtomicBoolean();
        try (Weft weft = Weft.builder().workers(2).build()) {
            measured(weft, tiny, 0, 10);
            weft.region(r -> doneAtReturn.set(r.spawn(tiny).isDone()));
            assertTrue(doneAtReturn.get(), "the tiny task should have run on the spawner");
            assertEquals(1, weft.stats().inlined());
        }
        assertEquals(1, ran.sum());
    }

    @Test
    void aSlowFunctionIsQueued() {
        LongAdder ran = new LongAdder();
        Proc0 slow = () -> ran.increment();
        try (Weft weft = Weft.builder().workers(2).build()) {
            measured(weft, slow, 0, 1_000_000_000L);
            weft.region(r -> r.spawn(slow));
            assertEquals(0, weft.stats().inlined());
        }
        assertEquals(1, ran.sum());
    }

    @Test
    void theSwitchKeepsTinyTasksQueued() {
        LongAdder ran = new LongAdder();
        Proc0 tiny = () -> ran.add(2);
        try (Weft weft = Weft.builder().workers(2).inlineTinyTasks(false).build()) {
            measured(weft, tiny, 0, 10);
            weft.region(r -> {
                for (int i = 0; i < 1000; i++) r.spawn(tiny);
            });
            assertEquals(0, weft.stats().inlined(), "no task may run on the spawner with the switch off and no throttling");
        }
        assertEquals(2000, ran.sum());
    }

    @Test
    void meansFollowTheMeasurementsAndAWaitDisqualifiesForGood() {
        Proc0 f = () -> { };
        FnInfo info = FnInfo.of(f, 0);
        RunTimes times = new RunTimes();
        assertFalse(times.isTiny(info), "unknown until measured");
        for (int i = 0; i < RunTimes.MIN_SAMPLES - 1; i++) {
            times.sampleNext(info);
            times.record(info, 100);
        }
        assertFalse(times.isTiny(info), "too few samples");
        times.sampleNext(info);
        times.record(info, 100);
        assertTrue(times.isTiny(info));
        for (int i = 0; i < 4; i++) times.record(info, 1_000_000);
        assertFalse(times.isTiny(info), "slow runs raise the mean");
        for (int i = 0; i < 100; i++) times.record(info, 10);
        assertTrue(times.isTiny(info), "and fast ones bring it down again");
        times.markWaits(info);
        for (int i = 0; i < 100; i++) times.record(info, 10);
        assertFalse(times.isTiny(info), "a task that waited inside Weft disqualifies its function for good");
    }

    /**
     * Issue 9, item 11: one runtime runs 100 000 tiny jobs through one adapter lambda; a fresh runtime then runs a
     * task of the same lambda class that must meet a task spawned after it. The fresh runtime knows nothing of the
     * first one's measurements, so it queues the first task instead of running it on the spawner, and both meet.
     */
    @Test
    void measurementsOfOneRuntimeDoNotDecideInAnother() {
        AtomicInteger tiny = new AtomicInteger();
        CyclicBarrier[] meet = {null};
        try (Weft first = Weft.builder().workers(2).build()) {
            first.region(r -> {
                for (int i = 0; i < 100_000; i++) r.spawn(Adapter.of(tiny::incrementAndGet));
            });
        }
        assertEquals(100_000, tiny.get());
        meet[0] = new CyclicBarrier(2);
        try (Weft fresh = Weft.builder().workers(2).build()) {
            fresh.region(r -> {
                r.spawn(Adapter.of(() -> Sync.meetOrFail(meet[0])));
                r.spawn(Adapter.of(() -> Sync.meetOrFail(meet[0])));
            });
            assertEquals(0, fresh.stats().inlined());
        }
    }

    /** A task that waited inside Weft (here: opened a nested region) is not tiny: its function never runs on the spawner again. */
    @Test
    void aFunctionWhoseTaskWaitedIsNeverInlinedAgain() {
        AtomicInteger calls = new AtomicInteger();
        try (Weft weft = Weft.builder().workers(2).build()) {
            Proc0 nests = () -> {
                calls.incrementAndGet();
                weft.region(inner -> { });
            };
            measured(weft, nests, 0, 10);
            weft.region(r -> r.spawn(nests));
            assertEquals(1, weft.stats().inlined(), "measured tiny, the first task ran on the spawner");
            weft.region(r -> r.spawn(nests));
            assertEquals(1, weft.stats().inlined(), "a function whose task waited must not run on the spawner again");
        }
        assertEquals(2, calls.get());
    }

    /** One lambda class for every job, as an executor bridge or adapter has. */
    private record Adapter(Runnable job) implements Proc0 {
        static Adapter of(Runnable job) {
            return new Adapter(job);
        }

        @Override
        public void run() {
            job.run();
        }
    }
}
