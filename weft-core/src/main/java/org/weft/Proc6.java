package org.weft;

import java.io.Serializable;

/** A task function of 6 arguments without a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Proc6<A, B, C, D, E, F> extends Serializable {
    void run(A a, B b, C c, D d, E e, F f) throws Exception;
}
