package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks that are ready at spawn and whose function is known to be shorter than a hand-off run on the
 * spawning thread; the builder switch turns that off. The margin is wide: of 200,000 empty tasks only the
 * first few run before their function has a measured mean, so even a heavily loaded machine that inflates
 * some samples leaves most of them inlined.
 */
@Timeout(60)
class InlineTinyTasksTest {
    private static final int TASKS = 200_000;

    private static Stats run(boolean inlineTiny) {
        LongAdder ran = new LongAdder();
        try (Weft weft = Weft.builder().workers(2).throttle(1 << 30).inlineTinyTasks(inlineTiny).build()) {
            weft.region(r -> {
                for (int i = 0; i < TASKS; i++) r.spawn(ran::increment);
            });
            assertEquals(TASKS, ran.sum());
            return weft.stats();
        }
    }

    @Test
    void readyTinyTasksRunOnTheSpawner() {
        Stats s = run(true);
        assertTrue(s.inlined() > TASKS / 2, "expected most tiny tasks to run on the spawner: " + s);
    }

    @Test
    void theSwitchKeepsEveryTaskQueued() {
        Stats s = run(false);
        assertEquals(0, s.inlined(), "no task should run on the spawner with inlining off and no throttling: " + s);
    }
}
