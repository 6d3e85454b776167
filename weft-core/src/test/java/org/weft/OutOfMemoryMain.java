package org.weft;

import org.weft.data.LongSlice;
import org.weft.data.Views;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.weft.Access.inOut;

/**
 * Child-JVM program for {@link OutOfMemoryTest}, run with a small heap. Prints one line per check; a line
 * starting with {@code BAD} is a violation, and the last line is {@code OK} if the runtime worked at the end.
 *
 * <ul>
 *   <li>{@code in-task}: while 2,000 small tasks run, one task fills the heap until an {@link OutOfMemoryError};
 *       every thread may meet the error, the runtime's own code included. {@code region()} must return (or throw)
 *       only once every task of the region has finished, and the runtime must work afterwards.</li>
 *   <li>{@code before-build}: the heap is full before the first runtime of the JVM is built, so Weft's classes
 *       are loaded and initialized, and its first region runs, with no memory to spare. Building and running must
 *       end (work, or throw), and once memory is free again Weft must work or say plainly that it cannot in this
 *       JVM (a class whose initializer failed cannot be used again).</li>
 * </ul>
 */
public final class OutOfMemoryMain {
    private static final int TASKS = 2000;

    private OutOfMemoryMain() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "in-task" -> inTask();
            case "before-build" -> beforeBuild();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void inTask() {
        try (Weft weft = Weft.builder().workers(2).build()) {
            for (int round = 0; round < 4; round++) {
                long[] cells = new long[64];
                List<Task<?>> tasks = new ArrayList<>();
                AtomicInteger finished = new AtomicInteger();
                try {
                    weft.region(r -> {
                        for (int i = 0; i < TASKS; i++) {
                            LongSlice cell = Views.range(cells, i % 64, i % 64 + 1);
                            if (i == TASKS / 2) tasks.add(r.spawn(OutOfMemoryMain::fillTheHeap));
                            tasks.add(r.spawn((LongSlice c) -> {
                                long[] scratch = new long[128];
                                for (int k = 0; k < scratch.length; k++) scratch[k] = k + c.get(0);
                                c.set(0, c.get(0) + scratch[127] % 7);
                                finished.incrementAndGet();
                            }, inOut(cell)));
                        }
                    });
                    System.out.println("round " + round + " completed");
                } catch (Throwable e) {
                    System.out.println("round " + round + " failed: " + e.getClass().getSimpleName() + " caused by " + rootCause(e));
                }
                long running = tasks.stream().filter(t -> !t.isDone()).count();
                if (running > 0) System.out.println("BAD round " + round + ": region() returned with " + running + " unfinished tasks");
            }
            System.out.println(check(weft) ? "OK" : "BAD the runtime gave a wrong result after the out-of-memory rounds");
        }
    }

    private static void beforeBuild() {
        List<long[]> hog = new ArrayList<>();
        try {
            for (;;) hog.add(new long[64 * 1024]);
        } catch (OutOfMemoryError e) {
            // the heap is full
        }
        String first;
        try (Weft weft = Weft.builder().workers(2).build()) {
            first = check(weft) ? "worked" : "wrong result";
        } catch (Throwable e) {
            first = "failed: " + e;
        }
        hog.clear();
        System.out.println("with a full heap: " + first);
        try (Weft weft = Weft.builder().workers(2).build()) {
            System.out.println(check(weft) ? "OK" : "BAD the runtime gave a wrong result once memory was free");
        } catch (IllegalStateException e) {
            boolean plain = e.getMessage().contains("this JVM cannot run Weft until it restarts");
            System.out.println((plain ? "BROKEN, said plainly: " : "BAD unclear failure: ") + e.getMessage());
        }
    }

    private static Object fillTheHeap() {
        List<long[]> hog = new ArrayList<>();
        for (;;) hog.add(new long[16 * 1024]);
    }

    /** A small region with dependencies whose result is known. */
    private static boolean check(Weft weft) {
        long[] a = new long[8];
        weft.region(r -> {
            for (int step = 0; step < 10; step++)
                for (int i = 0; i < a.length; i++) r.spawn((LongSlice s) -> s.set(0, s.get(0) * 2 + 1), inOut(Views.range(a, i, i + 1)));
        });
        for (long v : a) if (v != 1023) return false;
        return true;
    }

    private static String rootCause(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getClass().getSimpleName();
    }
}
