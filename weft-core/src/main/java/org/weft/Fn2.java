package org.weft;

import java.io.Serializable;

/** A task function of 2 arguments with a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Fn2<A, B, R> extends Serializable {
    R apply(A a, B b) throws Exception;
}
