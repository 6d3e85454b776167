package org.weft;

import java.io.Serializable;

/** A task function of 5 arguments without a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Proc5<A, B, C, D, E> extends Serializable {
    void run(A a, B b, C c, D d, E e) throws Exception;
}
