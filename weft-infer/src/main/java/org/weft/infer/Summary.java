package org.weft.infer;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one method does to its parameters (the receiver is parameter 0 of an instance method), as its callers
 * need to know it. For each parameter, the first reason found for each fact, or null if the fact does not
 * hold:
 * <ul>
 *   <li>{@code read}: its data may be read; {@code readEarly}: ...at a point where it was not yet
 *       overwritten whole, so the previous contents may matter;</li>
 *   <li>{@code readDeep}, {@code writeDeep}: ...somewhere other than the parameter object's own fields or
 *       elements (in an object its data references), so also in whatever was stored into it;</li>
 *   <li>{@code write}: its data may be written; {@code cover}: it is overwritten whole somewhere, and
 *       {@code uncovered} says some normal return is reached without that (so it is not proved on every path);</li>
 *   <li>{@code unknown}: a reference into its data reaches code the analysis cannot see (so anything may
 *       happen to it);</li>
 *   <li>{@code flows}: parameters whose data may now hold a reference into this parameter's data (a store
 *       into another parameter's field or element), with {@code flowReason};</li>
 *   <li>{@code returned}: the result may be or lie inside its data ({@link #returns} as a bit set);</li>
 *   <li>{@code outside}: its data may now hold a reference to an object from outside (a static, a result of
 *       code the analysis does not follow), so storing into its data, other than into the parameter itself, may
 *       publish what is stored.</li>
 * </ul>
 * {@code degraded} marks a summary made less precise by the analysis budget (sound, but not cached).
 * {@code classes} stamps every class file the summary's conclusions rest on ({@link ClassFiles#stamp}).
 * Built by one {@link MethodAnalysis}; not modified once returned.
 */
final class Summary {
    final int n;
    final Reason[] read, readEarly, write, cover, unknown, flowReason, returned, outside, readDeep, writeDeep;
    final boolean[] uncovered;
    final long[] flows;
    final Set<String> classes = new TreeSet<>();
    long returns;
    boolean degraded;

    Summary(int n) {
        this.n = n;
        read = new Reason[n];
        readEarly = new Reason[n];
        write = new Reason[n];
        cover = new Reason[n];
        unknown = new Reason[n];
        flowReason = new Reason[n];
        returned = new Reason[n];
        outside = new Reason[n];
        readDeep = new Reason[n];
        writeDeep = new Reason[n];
        uncovered = new boolean[n];
        flows = new long[n];
    }

    /** Every parameter unknown, for {@code why}. */
    static Summary unknownAll(int n, Reason why) {
        Summary s = new Summary(n);
        Arrays.fill(s.unknown, why);
        return s;
    }

    /** True if the parameter is overwritten whole before any read on every path to a normal return. */
    boolean covers(int p) {
        return cover[p] != null && !uncovered[p] && readEarly[p] == null;
    }

    /** Same facts (ignoring which reason was found first): the test that ends the fixpoint over recursion. */
    boolean sameFacts(Summary o) {
        if (returns != o.returns || !Arrays.equals(flows, o.flows) || !Arrays.equals(uncovered, o.uncovered)) return false;
        for (int p = 0; p < n; p++) {
            if ((read[p] == null) != (o.read[p] == null) || (readEarly[p] == null) != (o.readEarly[p] == null)
                    || (write[p] == null) != (o.write[p] == null) || (cover[p] == null) != (o.cover[p] == null)
                    || (unknown[p] == null) != (o.unknown[p] == null) || (outside[p] == null) != (o.outside[p] == null)
                    || (readDeep[p] == null) != (o.readDeep[p] == null) || (writeDeep[p] == null) != (o.writeDeep[p] == null))
                return false;
        }
        return true;
    }
}
