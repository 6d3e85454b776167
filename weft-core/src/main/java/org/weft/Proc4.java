package org.weft;

import java.io.Serializable;

/** A task function of 4 arguments without a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Proc4<A, B, C, D> extends Serializable {
    void run(A a, B b, C c, D d) throws Exception;
}
