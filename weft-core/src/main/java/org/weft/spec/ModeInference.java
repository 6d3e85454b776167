package org.weft.spec;

import org.weft.Mode;

import java.util.List;
import java.util.Objects;

/**
 * Service interface of an access-mode inference, found with {@link java.util.ServiceLoader} (module
 * {@code weft-infer} provides one that reads bytecode). The runtime calls it at most once per method and
 * receiver class and caches the answer.
 *
 * <p>An implementation must be <b>sound</b>: it may return {@link Mode#IN} only for a parameter that the
 * method cannot write through any path, alias or callee, and {@link Mode#OUT} only for one that every
 * normal completion overwrites entirely before reading; anything it cannot prove is {@link Mode#INOUT}. It
 * must be thread-safe.
 */
public interface ModeInference {

    /**
     * Infers the mode of every parameter of a method: for an instance method (or a constructor) the receiver
     * first, then the declared parameters; {@link Mode#VALUE} for primitive parameters.
     *
     * @param owner      the class that declares the method
     * @param name       the method's name ({@code <init>} for a constructor)
     * @param descriptor the method's JVM descriptor, such as {@code ([D[D)V}
     * @param receiver   the exact class of the receiver if known (the method then runs on an instance of that
     *                   class, so calls on {@code this} dispatch within it), else {@code null}
     * @return one entry per parameter
     */
    List<Inferred> infer(Class<?> owner, String name, String descriptor, Class<?> receiver);

    /**
     * The inferred mode of one parameter.
     *
     * <p>{@code returned} says that the method's result may be, or lie inside, the parameter's data. That is not
     * a write: the parameter keeps the mode of what the method itself does to it, and the runtime tracks the
     * task's result as that argument's data, so a later task that receives the result is ordered with the
     * argument's writers and readers. An implementation that cannot tell must say {@code true} for every reference
     * parameter of a method that returns a reference.
     *
     * @param name     the parameter's name if the class file records it, else {@code null}
     * @param mode     the mode
     * @param reason   why, down to an instruction and source line where there is one
     * <p>{@code storedInto} says that a reference to the parameter's data may be stored into the data of other
     * parameters (bit i: parameter i, receiver first; only the first 63). That is not a write of it either: the
     * runtime links the data, so a later task that accesses one of those parameters' data also accesses this one.
     *
     * @param returned   true if the result may alias the parameter's data
     * @param storedInto the parameters whose data may come to hold a reference to this one's
     */
    record Inferred(String name, Mode mode, String reason, boolean returned, long storedInto) {
        public Inferred {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(reason, "reason");
        }

        /** A parameter stored into no other parameter's data. */
        public Inferred(String name, Mode mode, String reason, boolean returned) {
            this(name, mode, reason, returned, 0);
        }

        /** A parameter that the result does not alias. */
        public Inferred(String name, Mode mode, String reason) {
            this(name, mode, reason, false);
        }
    }
}
