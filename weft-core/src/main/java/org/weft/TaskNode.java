package org.weft;

import org.weft.deps.AccessRec;
import org.weft.deps.CommuteLock;
import org.weft.deps.GraphNode;
import org.weft.sched.Scheduler;
import org.weft.sched.Worker;
import org.weft.trace.TaskEvent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A spawned task: the function, its arguments, its accesses, and its place in the graph.
 *
 * <p>Arguments are stored as the function will receive them, except for two kinds marked in bit masks and
 * resolved just before the call: {@link Task} arguments (replaced by their results) and reduction arguments
 * (replaced by a private partial of the group). Threads waiting in {@link #get()} are kept on a Treiber stack
 * that completion swaps for a closed marker and unparks.
 */
final class TaskNode<T> extends RegionNode implements Task<T> {
    private static final Object[] NO_ARGS = {};
    private static final WaitNode CLOSED = new WaitNode(null, null);
    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(TaskNode.class, "waiters", WaitNode.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record WaitNode(Thread thread, WaitNode next) {
    }

    /*
     * fn, argv and accesses are dropped when the task finishes: the access history keeps finished tasks as
     * "last writer" until a later access replaces them, and must not keep their closures and data alive.
     */
    private Object fn;
    final FnInfo info;
    private final int arity;
    private Object[] argv;
    private final int taskArgs, reduceArgs;
    AccessRec[] accesses;
    CommuteLock[] locks;
    /** True if some access is weak and recorded predecessors (set at spawn, before the node is sealed). */
    boolean hasWeakWaits;
    /** Creation order over all regions of the process: a task can only wait for tasks born before it or its own descendants. */
    final long birth;
    /** What the worker was executing when this task started on it: the frame below this one. */
    private Object callerFrame;
    /** Where the task was spawned ("Demo.main(Demo.java:42)"), if the runtime captures spawn sites. */
    String spawnSite;
    /** True if the spawner ran this task at once without counting it as pending (see RegionImpl#submit). */
    boolean uncounted;
    /** The nested region this task is running the body of, or null; a second one opened from that body is an error. */
    RegionImpl openRegion;
    private final int retries;
    private final String givenName;

    private T result;
    private Throwable failure;
    private volatile WaitNode waiters;

    TaskNode(RegionImpl region, long seq, int priority, Object fn, FnInfo info, int arity, Object[] argv,
             int taskArgs, int reduceArgs, AccessRec[] accesses, String name, int retries) {
        super(region, seq, priority);
        this.fn = fn;
        this.info = info;
        this.arity = arity;
        this.argv = argv == null ? NO_ARGS : argv;
        this.taskArgs = taskArgs;
        this.reduceArgs = reduceArgs;
        this.accesses = accesses;
        this.givenName = name;
        this.retries = retries;
        this.birth = RegionImpl.BIRTHS.getAndIncrement();
    }

    @Override
    public GraphNode execute() {
        if (poisonedBy() != null) return finish(CANCELLED);
        if (hasWeakWaits && Scheduler.helping() && weakPredecessorsPending() && mayWaitForFrameBelow()) {
            Scheduler.defer(this);
            return null;
        }
        if (locks != null && !acquireLocks()) return null;
        Worker w = Thread.currentThread() instanceof Worker ww ? ww : null;
        Object previous = null;
        if (w != null) {
            previous = w.current;
            callerFrame = previous;
            w.current = this;
        }
        setRunning();
        TaskEvent ev = new TaskEvent();
        ev.begin();
        boolean sample = info.sampleNext();
        long t0 = sample || region.tracer != null ? System.nanoTime() : 0;
        Object[] partials = null;
        try {
            Object[] a = argv;
            if ((taskArgs | reduceArgs) != 0) {
                a = argv.clone();
                partials = new Object[a.length];
                for (int i = 0; i < a.length; i++) {
                    if ((taskArgs & (1 << i)) != 0) a[i] = argumentFromTask(i, (TaskNode<?>) a[i]);
                    else if ((reduceArgs & (1 << i)) != 0) a[i] = partials[i] = reductionOf(i).partials().acquire();
                }
            }
            for (int attempt = 0; ; attempt++) {
                try {
                    result = invoke(a);
                    failure = null;
                    break;
                } catch (Throwable e) {
                    failure = e;
                    if (attempt >= retries || e instanceof VirtualMachineError) break;
                }
            }
            if (hasWeakWaits) awaitWeakPredecessors();
        } catch (Throwable e) {
            failure = e;
        } finally {
            if (partials != null)
                for (int i = 0; i < partials.length; i++) if (partials[i] != null) reductionOf(i).partials().release(partials[i]);
            if (locks != null) for (CommuteLock l : locks) l.release(this);
            if (w != null) w.current = previous;
        }
        if (t0 != 0) {
            long t1 = System.nanoTime();
            if (sample) info.recordRun(t1 - t0);
            if (region.tracer != null) region.tracer.span(label(), "task", t0, t1, key());
        }
        if (ev.shouldCommit()) {
            ev.task = label();
            ev.taskId = seq;
            ev.region = region.serial;
            ev.outcome = failure == null ? "done" : "failed";
            ev.commit();
        }
        return finish(failure == null ? DONE : FAILED);
    }

    private Object argumentFromTask(int i, TaskNode<?> t) {
        Object v = t.result;
        Class<?> want = info.params[i];
        if (v != null && !want.isInstance(v))
            throw new IllegalArgumentException("task #" + seq + " '" + label() + "' argument " + (i + 1) + ": task #" + t.seq + " '"
                    + t.label() + "' produced a " + v.getClass().getName() + " but the function takes a " + want.getName());
        if (v == null && info.primitive[i])
            throw new IllegalArgumentException("task #" + seq + " '" + label() + "' argument " + (i + 1) + ": task #" + t.seq
                    + " produced null for a primitive parameter");
        return v;
    }

    private org.weft.deps.Group reductionOf(int argIndex) {
        for (AccessRec r : accesses) if (r.argIndex == argIndex) return r.groups().getFirst();
        throw new IllegalStateException("no reduction access for argument " + argIndex);
    }

    /**
     * True if a task running lower on this thread's stack might be among what this task's children wait for:
     * a task created before this one that is not an ancestor of it. This task's children wait only for its
     * weak predecessors (created before it) and for each other, so a frame created later, or an ancestor's,
     * can never be waited for; running this task on top of such frames is safe, and on top of any other it
     * is deferred (see {@link Scheduler#defer}).
     */
    private boolean mayWaitForFrameBelow() {
        Object f = ((Worker) Thread.currentThread()).current;
        while (f != null) {
            if (f instanceof TaskNode<?> t) {
                if (t.birth < birth && !isDescendantOf(t)) return true;
                f = t.callerFrame;
            } else if (f instanceof RegionImpl r) {
                f = r.callerFrame;
            } else break;
        }
        return false;
    }

    private boolean isDescendantOf(TaskNode<?> t) {
        for (RegionImpl r = region; r != null; r = r.parent == null ? null : r.parent.region)
            if (r.parent == t) return true;
        return false;
    }

    /**
     * A weak access replaces the earlier writers and readers in the access history by this task, so this task
     * must not finish before them even if its children did not touch all of the datum.
     */
    private void awaitWeakPredecessors() {
        for (AccessRec r : accesses)
            for (GraphNode p : r.weakPreds()) if (!p.isFinished()) region.scheduler.helpUntil(p::isFinished);
    }

    private boolean weakPredecessorsPending() {
        for (AccessRec r : accesses)
            for (GraphNode p : r.weakPreds()) if (!p.isFinished()) return true;
        return false;
    }

    private boolean acquireLocks() {
        for (int i = 0; i < locks.length; i++) {
            if (!locks[i].tryAcquire(this)) {
                for (int j = i - 1; j >= 0; j--) locks[j].release(this);
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private T invoke(Object[] a) throws Exception {
        Object f = fn;
        return (T) switch (arity) {
            case 0 -> { if (f instanceof Fn0 g) yield g.apply(); ((Proc0) f).run(); yield null; }
            case 1 -> { if (f instanceof Fn1 g) yield g.apply(a[0]); ((Proc1) f).run(a[0]); yield null; }
            case 2 -> { if (f instanceof Fn2 g) yield g.apply(a[0], a[1]); ((Proc2) f).run(a[0], a[1]); yield null; }
            case 3 -> { if (f instanceof Fn3 g) yield g.apply(a[0], a[1], a[2]); ((Proc3) f).run(a[0], a[1], a[2]); yield null; }
            case 4 -> { if (f instanceof Fn4 g) yield g.apply(a[0], a[1], a[2], a[3]); ((Proc4) f).run(a[0], a[1], a[2], a[3]); yield null; }
            case 5 -> { if (f instanceof Fn5 g) yield g.apply(a[0], a[1], a[2], a[3], a[4]); ((Proc5) f).run(a[0], a[1], a[2], a[3], a[4]); yield null; }
            case 6 -> { if (f instanceof Fn6 g) yield g.apply(a[0], a[1], a[2], a[3], a[4], a[5]); ((Proc6) f).run(a[0], a[1], a[2], a[3], a[4], a[5]); yield null; }
            default -> throw new IllegalStateException("arity " + arity);
        };
    }

    private GraphNode finish(int state) {
        fn = null;
        argv = null;
        accesses = null;
        locks = null;
        GraphNode next = complete(state);
        WaitNode w = (WaitNode) WAITERS.getAndSet(this, CLOSED);
        for (; w != null && w != CLOSED; w = w.next) LockSupport.unpark(w.thread);
        region.finished(this, state, failure);
        return next;
    }

    /** Waits until finished, running other work meanwhile when called on a worker. */
    private void await() {
        if (isFinished()) return;
        if (Thread.currentThread() instanceof Worker w && w.current == this)
            throw new IllegalStateException("task #" + seq + " '" + label() + "' waits for itself");
        region.weft.waits.increment();
        WaitNode head;
        do {
            head = waiters;
            if (head == CLOSED) return;
        } while (!WAITERS.compareAndSet(this, head, new WaitNode(Thread.currentThread(), head)));
        long t0 = region.tracer != null ? System.nanoTime() : 0;
        region.scheduler.helpUntil(this::isFinished);
        if (t0 != 0) region.tracer.span("wait " + label(), "wait", t0, System.nanoTime(), key());
    }

    @Override
    public T get() {
        await();
        if (status() == DONE) return result;
        throw failureException();
    }

    @Override
    public State join() {
        await();
        return state();
    }

    @Override
    public State state() {
        return switch (status()) {
            case WAITING -> State.WAITING;
            case RUNNING -> State.RUNNING;
            case DONE -> State.DONE;
            case FAILED -> State.FAILED;
            default -> State.CANCELLED;
        };
    }

    /** The exception describing why this task failed or was cancelled. */
    TaskFailedException failureException() {
        if (status() == FAILED)
            return new TaskFailedException("task #" + seq + " '" + label() + "'" + where() + " failed: " + failure,
                    label(), seq, false, failure);
        GraphNode cause = poisonedBy();
        Throwable root = cause instanceof TaskNode<?> t ? t.failure : cause instanceof CombineNode c ? c.failure() : null;
        return new TaskFailedException("task #" + seq + " '" + label() + "' was cancelled: it depends on "
                + (cause == null ? "a task" : "task #" + cause.seq + " '" + cause.label() + "'") + ", which failed",
                label(), seq, true, root);
    }

    private String where() {
        String loc = info.location();
        String fn = loc == null ? "" : info.label + " at " + loc;
        String spawned = spawnSite == null ? "" : "spawned at " + spawnSite;
        if (fn.isEmpty() && spawned.isEmpty()) return "";
        return " (" + fn + (fn.isEmpty() || spawned.isEmpty() ? "" : ", ") + spawned + ")";
    }

    @Override
    public String name() {
        return label();
    }

    @Override
    public long id() {
        return seq;
    }

    @Override
    public String label() {
        return givenName != null ? givenName : info.label;
    }

    @Override
    public String toString() {
        return "task #" + seq + " '" + label() + "' " + state();
    }
}
