package org.weft;

import java.io.Serializable;

/** A task function of 4 arguments with a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Fn4<A, B, C, D, R> extends Serializable {
    R apply(A a, B b, C c, D d) throws Exception;
}
