package org.weft;

import java.io.Serializable;

/** A task function of 2 arguments without a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Proc2<A, B> extends Serializable {
    void run(A a, B b) throws Exception;
}
