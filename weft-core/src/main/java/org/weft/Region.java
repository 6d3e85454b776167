package org.weft;

/**
 * Where tasks are spawned. A region ends when its body has returned and every task spawned in it has
 * finished; {@link Weft#region} then returns, or throws the first failure.
 *
 * <h2>Arguments</h2>
 * A task function of n arguments is spawned with n arguments, each either an {@link Access} wrapper
 * ({@code in(x)}, {@code inOut(tile)}, {@code val(2.0)}, ...), a {@link Task} (the new task waits for it and
 * receives its result), or a raw object: an immutable value (strings, boxed primitives, enums, records of
 * immutables) is a value; an array, a {@link org.weft.data.View} or any mutable object takes the mode of
 * the function's spec for that parameter ({@code @In/@Out/@InOut/@Commutative}, or
 * {@link Weft#declare}), else what the runtime's {@link org.weft.spec.SpecPolicy} gives: by default the mode
 * inferred from the function's bytecode ({@code weft-infer}), {@link Mode#INOUT} without it. See
 * {@link org.weft.spec}. The function receives the datum itself (the array, the view, the object), so it can be
 * handed a replica in another memory space. The closure form {@code spawn(() -> body, accesses...)}
 * declares what a lambda touches through captured variables.
 *
 * <h2>Errors at spawn</h2>
 * A bad argument (a type that does not match the function, an out-of-bounds view, OUT on an immutable value,
 * an access of a nested region that the enclosing task did not declare) throws
 * {@link IllegalArgumentException} naming the task and the argument, and nothing is spawned. Spawning
 * after the body returned, or from inside another task, throws {@link IllegalStateException}.
 *
 * <p>A region is used by the thread running its body only.
 */
public interface Region {

    <R> Task<R> spawn(Fn0<R> fn);
    Task<Void> spawn(Proc0 fn);
    <R> TaskBuilder<R> task(Fn0<R> fn);
    TaskBuilder<Void> task(Proc0 fn);
    <A, R> Task<R> spawn(Fn1<A, R> fn, Object a);
    <A> Task<Void> spawn(Proc1<A> fn, Object a);
    <A, R> TaskBuilder<R> task(Fn1<A, R> fn);
    <A> TaskBuilder<Void> task(Proc1<A> fn);
    <A, B, R> Task<R> spawn(Fn2<A, B, R> fn, Object a, Object b);
    <A, B> Task<Void> spawn(Proc2<A, B> fn, Object a, Object b);
    <A, B, R> TaskBuilder<R> task(Fn2<A, B, R> fn);
    <A, B> TaskBuilder<Void> task(Proc2<A, B> fn);
    <A, B, C, R> Task<R> spawn(Fn3<A, B, C, R> fn, Object a, Object b, Object c);
    <A, B, C> Task<Void> spawn(Proc3<A, B, C> fn, Object a, Object b, Object c);
    <A, B, C, R> TaskBuilder<R> task(Fn3<A, B, C, R> fn);
    <A, B, C> TaskBuilder<Void> task(Proc3<A, B, C> fn);
    <A, B, C, D, R> Task<R> spawn(Fn4<A, B, C, D, R> fn, Object a, Object b, Object c, Object d);
    <A, B, C, D> Task<Void> spawn(Proc4<A, B, C, D> fn, Object a, Object b, Object c, Object d);
    <A, B, C, D, R> TaskBuilder<R> task(Fn4<A, B, C, D, R> fn);
    <A, B, C, D> TaskBuilder<Void> task(Proc4<A, B, C, D> fn);
    <A, B, C, D, E, R> Task<R> spawn(Fn5<A, B, C, D, E, R> fn, Object a, Object b, Object c, Object d, Object e);
    <A, B, C, D, E> Task<Void> spawn(Proc5<A, B, C, D, E> fn, Object a, Object b, Object c, Object d, Object e);
    <A, B, C, D, E, R> TaskBuilder<R> task(Fn5<A, B, C, D, E, R> fn);
    <A, B, C, D, E> TaskBuilder<Void> task(Proc5<A, B, C, D, E> fn);
    <A, B, C, D, E, F, R> Task<R> spawn(Fn6<A, B, C, D, E, F, R> fn, Object a, Object b, Object c, Object d, Object e, Object f);
    <A, B, C, D, E, F> Task<Void> spawn(Proc6<A, B, C, D, E, F> fn, Object a, Object b, Object c, Object d, Object e, Object f);
    <A, B, C, D, E, F, R> TaskBuilder<R> task(Fn6<A, B, C, D, E, F, R> fn);
    <A, B, C, D, E, F> TaskBuilder<Void> task(Proc6<A, B, C, D, E, F> fn);

    /** Closure form: {@code body} touches exactly what {@code accesses} declare. */
    Task<Void> spawn(Proc0 body, Access... accesses);

    /** Closure form with a result. */
    <R> Task<R> spawn(Fn0<R> body, Access... accesses);

    /** The runtime this region runs on. */
    Weft runtime();

    /**
     * Makes {@code data} (an array or a view over one) current in {@code space} as a node of the graph: after the
     * tasks spawned before that write it, before those spawned after that write it; only its stale bytes move, and a
     * later task placed there that reads it finds it current. Returns the node, which can be waited for.
     */
    Task<Void> prefetch(Object data, org.weft.memory.MemorySpace space);

    /**
     * Like {@link #prefetch}, and then {@code space} holds the only current copy of {@code data}: other replicas,
     * the home array included, are stale until a task elsewhere reads it or it comes home (at the region's end for a
     * raw array, through its handle for a shared one).
     */
    Task<Void> move(Object data, org.weft.memory.MemorySpace space);

    /**
     * Copies the bytes of {@code from} into {@code to}, in span order, as a task ordered like {@code in(from),
     * out(to)}; both must be arrays or views over arrays or memory segments, of the same number of bytes.
     */
    Task<Void> copy(Object from, Object to);
}
