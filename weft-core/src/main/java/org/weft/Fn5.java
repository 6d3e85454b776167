package org.weft;

import java.io.Serializable;

/** A task function of 5 arguments with a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Fn5<A, B, C, D, E, R> extends Serializable {
    R apply(A a, B b, C c, D d, E e) throws Exception;
}
