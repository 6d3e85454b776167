package org.weft;

import java.io.Serializable;

/** A task function of 0 arguments with a result. Serializable so the runtime can see which method it is. */
@FunctionalInterface
public interface Fn0<R> extends Serializable {
    R apply() throws Exception;
}
