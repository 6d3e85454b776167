package org.weft;

import java.io.Serializable;

/** A task function of 6 arguments with a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Fn6<A, B, C, D, E, F, R> extends Serializable {
    R apply(A a, B b, C c, D d, E e, F f) throws Exception;
}
