package org.weft;

/**
 * The fluent form of spawning: {@code r.task(Kernels::potrf).name("potrf").priority(2).spawn(inOut(a))}.
 * Arguments follow the same rules as {@link Region#spawn}; for a function of no arguments, the arguments
 * are the closure's access list. A builder spawns once; it is not thread-safe.
 *
 * @param <R> the result type
 */
public interface TaskBuilder<R> {

    /** The name used in errors, traces and graphs. */
    TaskBuilder<R> name(String name);

    /**
     * A name with the indices of what the task works on, shown as {@code name(i,j,k)} in errors, traces and
     * graphs: {@code .name("gemm", i, j, k)} for the task that updates tile {@code (i, j)} in step {@code k}. Only
     * a copy of the indices is kept; the text is made when it is shown, so no string is built when neither a
     * trace nor a graph is recorded and the task does not fail.
     */
    TaskBuilder<R> name(String name, int... indices);

    /** Larger runs earlier among ready tasks; 0 (the default) is plain work-stealing order. */
    TaskBuilder<R> priority(int priority);

    /**
     * Re-runs the function up to {@code times} more times if it throws (not after a {@link VirtualMachineError}).
     * Meant for idempotent tasks (transient failures); a retried task sees whatever an earlier attempt wrote, unless
     * it is {@linkplain #atomic() atomic}, when every attempt starts from the committed value. If
     * every attempt fails, the task's failure is the last attempt's exception, with each earlier attempt's
     * exception suppressed in the next. Refused at spawn for a task with a {@code reduce} access: a failed attempt
     * may already have added to its partial, and a retry would count that twice.
     */
    TaskBuilder<R> retry(int times);

    /**
     * Runs the task in memory space {@code space} ({@link org.weft.memory.MemorySpaces}): its data arguments are made
     * current there before it runs (only the bytes that are stale there are copied, as nodes of the task graph that
     * run as soon as the data's producers are done), it receives them as views of the same shape over that space's
     * replicas, and what it writes is current only there until a later task elsewhere needs it or the region ends
     * (raw arrays come home at the end of the region; shared ones, see {@link Weft#share}, when asked).
     *
     * <p>Checked at spawn: the task must take its data as arguments (a closure's captured data cannot be moved),
     * every data argument must be an array or a view over one that the space can hand to the parameter's type, and
     * its modes must be {@code in}, {@code out} or {@code inOut}. Default: the host.
     */
    TaskBuilder<R> on(org.weft.memory.MemorySpace space);

    /**
     * Lets the runtime choose where the task runs, among {@code spaces} ({@link org.weft.memory.MemorySpaces#host()}
     * included or not): the space where its mean run time (measured in this runtime, per function and space) plus the
     * time to move its inputs there (the bytes not current there once earlier tasks have run, over the measured copy
     * bandwidth) is least, as StarPU's dmda scheduler weighs them. A space where the function has run fewer than three
     * times is tried first. Each candidate is checked as {@link #on} checks its space.
     */
    TaskBuilder<R> onAny(org.weft.memory.MemorySpace... spaces);

    /**
     * A variant of the task for {@code space}: {@code fn}, a function of the same arguments (an {@code Fn} or
     * {@code Proc} of the same arity), runs instead of the task's own when the task runs there, for instance a body
     * that launches an OpenCL kernel, with the Java body as the variant for the host. Without {@link #onAny}, the
     * runtime chooses among the task's own space and the variants' spaces.
     */
    TaskBuilder<R> variant(org.weft.memory.MemorySpace space, Object fn);

    /**
     * Makes the task atomic: what it writes is committed only if it returns normally. If it throws, every byte its
     * writing accesses cover is put back as it was, bit for bit (NaN payloads included), in whatever space it ran, so
     * what depends on it sees the data as before the task; with {@link #retry}, each attempt starts from that value.
     * Checked at spawn: its writes must be to arrays or views over arrays or memory segments, in modes that give
     * the task its data alone ({@code out}, {@code inOut}, {@code commutative}), and its space must be
     * host-addressable. The default for every task is set with {@link Weft.Builder#atomicTasks}.
     */
    TaskBuilder<R> atomic();

    /** Spawns the task. */
    Task<R> spawn(Object... args);
}
