package org.weft.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a task function reads the parameter only: a raw argument passed for this parameter is a
 * {@link org.weft.Mode#IN} access. A per-call wrapper ({@code in(x)}, {@code inOut(x)}, ...) still takes
 * precedence; see {@link org.weft.spec} for the whole order.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface In {
}
