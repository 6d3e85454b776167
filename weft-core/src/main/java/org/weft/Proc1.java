package org.weft;

import java.io.Serializable;

/** A task function of 1 argument without a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Proc1<A> extends Serializable {
    void run(A a) throws Exception;
}
