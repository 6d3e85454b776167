package org.weft.engine;

import org.weft.Weft;

import static org.weft.Access.inOut;

/**
 * Child-JVM program of {@link ThrottleMemoryTest}: spawns a read-modify-write chain of {@code args[0]} tasks on
 * one array in a single region on {@code args[1]} workers and prints {@code count=<n>} and the runtime's
 * counters. With one worker, the region body occupies the only worker, so no task runs unless the spawner
 * runs it: without throttling every task node stays pending and 10^7 of them do not fit in a 1 GiB heap. An
 * optional {@code args[2]} sets the throttle limit (to check by hand that a huge limit runs out of memory).
 */
public final class ThrottleChainMain {
    private ThrottleChainMain() {
    }

    public static void main(String[] args) {
        int tasks = Integer.parseInt(args[0]);
        long[] counter = {0};
        // Tiny tasks would run inline on the spawner and never queue up; switched off so the throttle itself is what bounds memory.
        Weft.Builder builder = Weft.builder().workers(Integer.parseInt(args[1])).inlineTinyTasks(false);
        if (args.length > 2) builder.throttle(Integer.parseInt(args[2]));
        try (Weft weft = builder.build()) {
            weft.region(r -> {
                for (int i = 0; i < tasks; i++) r.spawn(ThrottleChainMain::increment, inOut(counter));
            });
            System.out.println("count=" + counter[0]);
            System.out.println("stats " + weft.stats());
        }
    }

    private static void increment(long[] c) {
        c[0]++;
    }
}
