package org.weft;

import java.io.Serializable;

/** A task function of 3 arguments without a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Proc3<A, B, C> extends Serializable {
    void run(A a, B b, C c) throws Exception;
}
