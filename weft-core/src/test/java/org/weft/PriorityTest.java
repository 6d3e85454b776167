package org.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Priorities (DESIGN §4, {@link TaskBuilder#priority}: "larger runs earlier among ready tasks"). With one
 * worker, the worker is busy running the region body while the body spawns, so every task is ready and queued
 * when the body returns; the worker then runs them, and the order it picks must be by descending priority.
 * Each task also checks that it really runs only after the body finished spawning.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PriorityTest {

    private static List<Integer> runOrder(int... priorities) {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean spawningDone = new AtomicBoolean();
        Sync.Problems problems = new Sync.Problems();
        try (Weft weft = Weft.builder().workers(1).build()) {
            weft.region(r -> {
                for (int p : priorities) {
                    r.task(() -> {
                        problems.check(spawningDone.get(), "task of priority " + p + " ran before the body finished spawning");
                        order.add(p);
                    }).name("p" + p).priority(p).spawn();
                }
                spawningDone.set(true);
            });
        }
        problems.assertNone();
        return order;
    }

    private static List<Integer> descending(int... priorities) {
        return Arrays.stream(priorities).boxed().sorted(Collections.reverseOrder()).toList();
    }

    @Test
    void readyTasksWithDistinctNonZeroPrioritiesRunByDescendingPriority() {
        int[] priorities = {3, -2, 7, 1, 5, -1, 9, 4, 2, 8};
        assertEquals(descending(priorities), runOrder(priorities));
    }

    @Test
    void aDefaultPriorityTaskRunsAfterHigherAndBeforeLowerPriorities() {
        // 0 is the default priority: "larger runs earlier among ready tasks" holds against it too. The
        // default-priority task is spawned last.
        int[] priorities = {5, -3, 2, 0};
        assertEquals(descending(priorities), runOrder(priorities));
    }
}
