package org.weft.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The completion of one enqueued command (a transfer, a kernel). Pass it to later commands as a wait list, wait
 * for it, or be called when it ends ({@link #onComplete}): the way a task graph learns that bytes have landed
 * without a host thread blocked per command.
 *
 * <p><b>How callbacks work.</b> OpenCL calls one C function pointer, made once by {@link Cl} as an FFM upcall stub,
 * with a {@code user_data} word; that word is a key into a table of pending handlers, so no Java object needs a
 * native address. The event is retained while its callback is pending and released after it ran. The handler runs
 * on the OpenCL implementation's own thread: it must be short and must not call blocking OpenCL functions on
 * this event's queue (hand the work to an executor); a throwable it throws is caught there, since one escaping
 * into native code would end the JVM, and reported through the thread's uncaught-exception handler. Do not arm one
 * while another thread may make a blocking transfer of heap memory on the same context ({@link ClBuffer#writeNow},
 * {@link ClBuffer#readNow}): that is a critical downcall, which holds off a pending safepoint while it waits for the
 * queue; the callback's entry into Java waits for that safepoint, and PoCL does not go on with the queue until the
 * callback returned, so the whole JVM stops.
 *
 * <p>Closing the event releases the caller's reference; a pending callback keeps its own. Thread-safe.
 */
public final class ClEvent implements AutoCloseable {
    private static final Map<Long, Pending> PENDING = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();

    private record Pending(Cl cl, MemorySegment event, IntConsumer handler) {
    }

    private final Cl cl;
    final MemorySegment event;
    private volatile boolean closed;

    ClEvent(Cl cl, MemorySegment event) {
        this.cl = cl;
        this.event = event;
    }

    /** Waits until the command ended; throws {@link ClException} if it failed. */
    public void await() {
        check();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment list = a.allocate(ADDRESS);
            list.set(ADDRESS, 0, event);
            int rc = (int) cl.waitForEvents.invokeExact(1, list);
            if (rc == -14) throw new ClException("command failed: " + ClException.name(status()) + " (" + status() + ")");
            Cl.check(rc, "clWaitForEvents");
        } catch (ClException e) {
            throw e;
        } catch (Throwable e) {
            throw new ClException("clWaitForEvents: " + e);
        }
    }

    /** True once the command ended, successfully or not. */
    public boolean isDone() {
        return status() <= Cl.COMPLETE;
    }

    /**
     * The command's execution status: 3 queued, 2 submitted, 1 running, 0 complete, or a negative OpenCL error if
     * it failed.
     */
    public int status() {
        check();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment value = a.allocate(JAVA_INT);
            Cl.check((int) cl.getEventInfo.invokeExact(event, Cl.EVENT_COMMAND_EXECUTION_STATUS, 4L, value, MemorySegment.NULL),
                    "clGetEventInfo");
            return value.get(JAVA_INT, 0);
        } catch (ClException e) {
            throw e;
        } catch (Throwable e) {
            throw new ClException("clGetEventInfo: " + e);
        }
    }

    /**
     * Calls {@code handler} once, with the final status (0, or a negative OpenCL error), when the command ends; at
     * once, on this thread, if it already has.
     */
    public void onComplete(IntConsumer handler) {
        check();
        long key = KEYS.incrementAndGet();
        try {
            Cl.check((int) cl.retainEvent.invokeExact(event), "clRetainEvent");
            PENDING.put(key, new Pending(cl, event, handler));
            int rc = (int) cl.setEventCallback.invokeExact(event, Cl.COMPLETE, cl.eventCallback, MemorySegment.ofAddress(key));
            if (rc != Cl.SUCCESS) {
                PENDING.remove(key);
                int ignored = (int) cl.releaseEvent.invokeExact(event);
                Cl.check(rc, "clSetEventCallback");
            }
        } catch (ClException e) {
            throw e;
        } catch (Throwable e) {
            throw new ClException("clSetEventCallback: " + e);
        }
    }

    /** The upcall target: runs and forgets the pending handler {@code userData} names. Never throws. */
    static void callback(MemorySegment event, int status, MemorySegment userData) {
        Pending p = PENDING.remove(userData.address());
        if (p == null) return;
        try {
            p.handler.accept(status);
        } catch (Throwable e) {
            Thread t = Thread.currentThread();
            try {
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            } catch (Throwable ignored) {
                // nothing may escape into native code
            }
        } finally {
            try {
                int ignored = (int) p.cl.releaseEvent.invokeExact(p.event);
            } catch (Throwable ignored) {
                // nothing may escape into native code
            }
        }
    }

    private void check() {
        if (closed) throw new IllegalStateException("the event was closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            Cl.check((int) cl.releaseEvent.invokeExact(event), "clReleaseEvent");
        } catch (ClException e) {
            throw e;
        } catch (Throwable e) {
            throw new ClException("clReleaseEvent: " + e);
        }
    }

    /** A native wait list of {@code events}, or NULL when there are none. */
    static MemorySegment waitList(Arena a, ClEvent... events) {
        if (events.length == 0) return MemorySegment.NULL;
        MemorySegment list = a.allocate(ADDRESS, events.length);
        for (int i = 0; i < events.length; i++) {
            events[i].check();
            list.setAtIndex(ADDRESS, i, events[i].event);
        }
        return list;
    }
}
