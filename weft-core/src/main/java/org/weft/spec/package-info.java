/**
 * Access specs: how a task function touches each parameter, so that a raw argument needs no wrapper.
 *
 * <p>For each argument of a spawned task the mode comes, in order, from:
 * <ol>
 *   <li>the per-call wrapper ({@code in(x)}, {@code out(x)}, {@code inOut(x)}, {@code val(v)}, ...);</li>
 *   <li>a declared spec of the method that the call dispatches to: {@link In @In}, {@link Out @Out},
 *       {@link InOut @InOut} or {@link Commutative @Commutative} on its parameter, or
 *       {@link org.weft.Weft#declare Weft.declare(...)} for a method the user cannot annotate; a method
 *       without a declaration of its own takes one made on a method it overrides;</li>
 *   <li>the runtime's {@link SpecPolicy}: under {@link SpecPolicy#INFER} (the default) the mode inferred
 *       from the method's bytecode by a {@link ModeInference} found with {@link java.util.ServiceLoader}
 *       (module {@code weft-infer}), or read from a {@code META-INF/weft/specs} file that the build wrote
 *       for the method's exact class file; {@code INOUT} when neither is available.</li>
 * </ol>
 * Immutable values (strings, boxed numbers, enums, records of immutables) are values whatever the spec.
 * {@link org.weft.Weft#explain Weft.explain(fn)} shows the outcome and the reason for each parameter.
 */
package org.weft.spec;
