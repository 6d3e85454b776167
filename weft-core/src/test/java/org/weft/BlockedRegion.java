package org.weft;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.weft.Access.inOut;

/**
 * A top-level region, run on a thread of its own, whose first task keeps running until the region is cancelled,
 * with tasks queued behind it on the same datum: what the close and interrupt tests cancel. The blocker notices
 * the cancellation the way any task does (a spawn in a cancelled region throws), so nothing here depends on timing.
 */
final class BlockedRegion {
    /** Counted down once the blocker runs. */
    final CountDownLatch blockerRunning = new CountDownLatch(1);
    /** Tasks queued behind the blocker that ran; a cancelled region runs none. */
    final AtomicInteger ranAfterBlocker = new AtomicInteger();
    final AtomicBoolean blockerSawCancel = new AtomicBoolean();
    /** What region() threw, or null. */
    final AtomicReference<Throwable> thrown = new AtomicReference<>();
    /** Whether the caller's interrupt status was set when region() returned or threw. */
    final AtomicBoolean callerInterrupted = new AtomicBoolean();
    /** The thread that called region(). */
    final Thread caller;

    /** Starts the region on {@code weft} with {@code queued} tasks behind the blocker. */
    BlockedRegion(Weft weft, int queued) {
        long[] x = {0};
        caller = Thread.ofPlatform().start(() -> {
            try {
                weft.region(r -> {
                    r.spawn((long[] a) -> {
                        blockerRunning.countDown();
                        while (!blockerSawCancel.get()) {
                            try {
                                weft.region(inner -> inner.spawn(() -> { }));
                            } catch (CancellationException e) {
                                blockerSawCancel.set(true);
                            }
                        }
                    }, inOut(x));
                    for (int i = 0; i < queued; i++) r.spawn((long[] a) -> { ranAfterBlocker.incrementAndGet(); }, inOut(x));
                });
            } catch (Throwable e) {
                thrown.set(e);
            }
            callerInterrupted.set(Thread.currentThread().isInterrupted());
        });
    }
}
