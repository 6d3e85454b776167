package org.weft;

import java.io.Serializable;

/** A task function of 0 arguments without a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Proc0 extends Serializable {
    void run() throws Exception;
}
