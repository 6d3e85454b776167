package org.weft;

import java.io.Serializable;

/** A task function of 3 arguments with a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Fn3<A, B, C, R> extends Serializable {
    R apply(A a, B b, C c) throws Exception;
}
