package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spawn-time decision of the tiny-task policy: a task that is ready at spawn and whose function's
 * measured mean is below {@link FnInfo#INLINE_NANOS} has run by the time {@code spawn} returns; a slower one
 * and, with the switch off, any one is queued. The mean is set through {@link FnInfo#recordRun} rather than
 * measured, so the outcome does not depend on how fast this machine runs the test.
 */
@Timeout(60)
class InlineTinyTasksTest {

    @Test
    void aReadyTaskOfATinyFunctionHasRunWhenSpawnReturns() {
        LongAdder ran = new LongAdder();
        Proc0 tiny = ran::increment;
        FnInfo.of(tiny, 0).recordRun(10);
        AtomicBoolean doneAtReturn = new AtomicBoolean();
        try (Weft weft = Weft.builder().workers(2).build()) {
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
        FnInfo.of(slow, 0).recordRun(1_000_000_000L);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.spawn(slow));
            assertEquals(0, weft.stats().inlined());
        }
        assertEquals(1, ran.sum());
    }

    @Test
    void theSwitchKeepsTinyTasksQueued() {
        LongAdder ran = new LongAdder();
        Proc0 tiny = () -> ran.add(2);
        FnInfo.of(tiny, 0).recordRun(10);
        try (Weft weft = Weft.builder().workers(2).inlineTinyTasks(false).build()) {
            weft.region(r -> {
                for (int i = 0; i < 1000; i++) r.spawn(tiny);
            });
            assertEquals(0, weft.stats().inlined(), "no task may run on the spawner with the switch off and no throttling");
        }
        assertEquals(2000, ran.sum());
    }

    @Test
    void meansFollowTheMeasurements() {
        Proc0 f = () -> { };
        FnInfo info = FnInfo.of(f, 0);
        assertFalse(info.isTiny(), "unknown until measured");
        info.recordRun(100);
        assertTrue(info.isTiny());
        for (int i = 0; i < 4; i++) info.recordRun(1_000_000);
        assertFalse(info.isTiny());
    }
}
