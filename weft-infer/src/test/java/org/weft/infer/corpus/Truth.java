package org.weft.infer.corpus;

import org.weft.Mode;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The true mode of each parameter of a corpus kernel (the receiver first for an instance method): the
 * tightest mode that is correct for every input. {@code IN}: never written; {@code OUT}: always overwritten
 * whole before being read; {@code INOUT}: may be written and its previous contents matter, or it escapes where
 * a later task could write it through another reference; {@code VALUE}: a primitive.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface Truth {
    Mode[] value();

    /** The case the kernel covers, for the report. */
    String what();
}
