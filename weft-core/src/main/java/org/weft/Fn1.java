package org.weft;

import java.io.Serializable;

/** A task function of 1 argument with a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Fn1<A, R> extends Serializable {
    R apply(A a) throws Exception;
}
