package org.weft.infer;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a fact holds: the event (an instruction or a known method, with its source line) and the calls
 * through which it was reached, innermost first. Prints as
 * {@code DASTORE at Kernels.java:42 via Kernels.axpyInto(double[], double[]) at Kernels.java:50}.
 *
 * @param event what happened and where
 * @param via   the calls that led there, innermost first
 */
record Reason(String event, List<String> via) {

    Reason {
        via = List.copyOf(via);
    }

    static Reason of(String event) {
        return new Reason(event, List.of());
    }

    /** This reason as seen by a caller that reached it through {@code call}. */
    Reason through(String call) {
        List<String> v = new ArrayList<>(via);
        v.add(call);
        return new Reason(event, v);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(event);
        for (String v : via) sb.append(" via ").append(v);
        return sb.toString();
    }
}
