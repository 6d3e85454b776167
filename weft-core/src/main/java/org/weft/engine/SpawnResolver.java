package org.weft.engine;

import org.weft.Access;
import org.weft.Mode;
import org.weft.Task;
import org.weft.Weft;
import org.weft.resolve.Captures;
import org.weft.resolve.FnInfo;
import org.weft.resolve.Immutables;
import org.weft.resolve.ParamModes;
import org.weft.resolve.Specs;

import org.weft.data.ArraySlice;
import org.weft.data.Diagonal;
import org.weft.data.Matrix;
import org.weft.data.NativeMemory;
import org.weft.data.NativeRoot;
import org.weft.data.SegmentSlice;
import org.weft.data.Triangle;
import org.weft.data.View;
import org.weft.data.Views;
import org.weft.coherence.Coherence;
import org.weft.deps.AccessRec;
import org.weft.memory.MemorySpace;
import org.weft.spec.SpecPolicy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Resolves one spawn into its {@link TaskSpec}, before anything is registered: the values the function will receive, an
 * access (view and mode) for each datum it touches, which arguments are tasks and which reduce partials, and what the
 * task's result may alias.
 *
 * <p><b>How it works.</b> Each argument is resolved by what it is: a wrapper ({@code in(x)}, ...) gives its own mode;
 * a {@link Task} becomes a dependency (and, when the task runs, the value it produced); an immutable value is passed
 * as it is; any other object takes the mode of its parameter's spec, declared, annotated or inferred
 * ({@link ParamModes}). Then come the accesses the arguments do not show: the closure's access list, the data a
 * closure captured and did not declare ({@link Captures}), the data a task argument's result may alias
 * ({@link TaskNode#resultAliases}), and what the accessed data lead to through links ({@link org.weft.resolve.Links}). An OUT from a
 * spec becomes INOUT where another access of the task overlaps it. Inside a nested region every access must be
 * covered by the enclosing task's.
 *
 * <p><b>Nothing is registered here.</b> Every check comes before the region registers anything, so a refused spawn
 * throws an {@link IllegalArgumentException} naming the task and the argument and leaves no trace. The one effect
 * of an accepted spawn, the links its function makes, is recorded after the last check.
 *
 * <p>Not thread-safe: one per region, used by the thread that runs the region's body. It keeps nothing between
 * spawns but the spec of the last one that touched nothing, which a repeat of it shares.
 */
final class SpawnResolver {
    private final RegionImpl region;
    private final Engine engine;
    /** The task whose nested region this resolver serves, or null at top level. */
    private final TaskNode<?> parent;
    private final SpecPolicy policy;
    /** The spec of the last spawn that touched nothing, shared by a repeat of it (specs are immutable). */
    private TaskSpec lastTrivial = NOTHING;
    private static final TaskSpec NOTHING = new TaskSpec(null, null, 0, null, 0, 0, TaskSpec.NO_ACCESSES, null, TaskSpec.Options.PLAIN, 0, null);

    SpawnResolver(RegionImpl region, Engine engine, TaskNode<?> parent, SpecPolicy policy) {
        this.region = region;
        this.engine = engine;
        this.parent = parent;
        this.policy = policy;
    }

    /**
     * Resolves a spawn of {@code fn} (task #{@code id}, shown as {@code label}) with {@code args} and, for a closure,
     * its access list, and returns its spec, from which the region makes the task node. Throws {@link IllegalArgumentException} naming
     * the task and the argument if the spawn is refused, having changed nothing; once every check has passed, records
     * the links the function makes ({@link org.weft.resolve.Links}), the one effect of an accepted spawn.
     */
    TaskSpec resolve(long id, String label, Object fn, FnInfo info, int arity, Object[] args, Access[] closureAccesses,
                     TaskSpec.Options options) {
        if (arity == 0 && closureAccesses == null && info.captured == null && !info.returnsData && engine.links.isEmpty()) {
            // touches nothing: the spec depends on the function and options only, so a repeated spawn shares it
            if (fn == lastTrivial.fn && options == lastTrivial.options) return lastTrivial;
            int space = options.space() == null ? 0 : placement(id, label, info, options.space(), TaskSpec.NO_ACCESSES, null);
            TaskSpec s = new TaskSpec(fn, info, 0, null, 0, 0, TaskSpec.NO_ACCESSES, null, options, space, processorOf(space));
            lastTrivial = s;
            return s;
        }
        return resolveArguments(id, label, fn, info, arity, args, closureAccesses, options);
    }

    /** {@link #resolve} for a spawn that has arguments, accesses, captured data or links to follow. */
    private TaskSpec resolveArguments(long id, String label, Object fn, FnInfo info, int arity, Object[] args,
                                      Access[] closureAccesses, TaskSpec.Options options) {
        int nAccess = arity + (closureAccesses == null ? 0 : closureAccesses.length);
        AccessRec[] recs = nAccess == 0 ? TaskSpec.NO_ACCESSES : new AccessRec[nAccess];
        int nrec = 0, taskMask = 0, reduceMask = 0, specOut = 0;
        boolean placed = options.space() != null;
        ParamModes spec = null;
        Object[] argv = arity == 0 ? null : new Object[arity];
        for (int i = 0; i < arity; i++) {
            Object a = args[i];
            Class<?> want = info.params[i];
            if (a instanceof Access acc) {
                Object d = acc.datum();
                checkType(id, label, i, placed && acc.mode() != Mode.VALUE ? Object.class : want, d, acc.mode());   // placed data: checked as presented
                argv[i] = d;
                if (acc.mode() == Mode.VALUE) continue;
                recs[nrec++] = accessRec(id, label, i, acc);
                if (acc.mode() == Mode.REDUCE) reduceMask |= 1 << i;
            } else if (a instanceof TaskNode<?> t) {
                if (t.region.engine != engine)
                    throw bad(id, label, i, "the task passed as argument belongs to another Weft runtime");
                argv[i] = t;
                taskMask |= 1 << i;
            } else if (a instanceof Task<?>) {
                throw bad(id, label, i, "a Task not created by Weft cannot be an argument");
            } else if (a == null) {
                if (info.primitive[i]) throw bad(id, label, i, "null for a primitive parameter of type " + want.getSimpleName());
            } else if (Immutables.isValue(a)) {
                checkType(id, label, i, want, a, Mode.VALUE);
                argv[i] = a;
            } else {
                if (spec == null) spec = info.modes(fn, args);
                Mode m = spec.mode(i, policy);
                if (m == null)
                    throw bad(id, label, i, "no access mode for a " + a.getClass().getTypeName() + " under the STRICT spec policy: wrap it "
                            + "(in(x), out(x), inOut(x), ...) or declare the parameter's mode (@In, @Out, @InOut, @Commutative, or Weft.declare)");
                checkType(id, label, i, placed && m != Mode.VALUE ? Object.class : want, a, m);
                argv[i] = a;
                if (m == Mode.VALUE) continue;
                if (m == Mode.OUT) specOut |= 1 << nrec;
                recs[nrec++] = new AccessRec(viewOf(id, label, i, a), m, false, null, i, a);
            }
        }
        if (closureAccesses != null) {
            for (Access acc : closureAccesses) {
                if (acc == null) throw bad(id, label, -1, "null in the access list");
                if (acc.mode() == Mode.VALUE) continue;         // val(x): the closure captures x, but not as data
                if (acc.mode() == Mode.REDUCE)
                    throw bad(id, label, -1, "reduce(...) needs a function argument to receive the private partial; use spawn(fn, reduce(op, x))");
                recs[nrec++] = accessRec(id, label, -1, acc);
            }
        }
        Captures.Found captured = info.captured == null || !Specs.tracksCaptures(policy) ? null : Captures.of(fn, info, args, closureAccesses);
        if (captured != null || taskMask != 0) {
            if (spec == null) spec = info.modes(fn, args);
            List<AccessRec> more = reached(id, label, info, spec, captured, argv, taskMask, arity);
            if (more != null) {
                recs = Arrays.copyOf(recs, nrec + more.size());
                for (AccessRec r : more) {
                    if (r.mode == Mode.OUT) {
                        if (nrec < 32) specOut |= 1 << nrec;
                        else r = new AccessRec(r.view, Mode.INOUT, false, null, r.argIndex, r.datum);
                    }
                    recs[nrec++] = r;
                }
            }
        }
        Object[] aliases = info.returnsData ? resultAliases(info, fn, args, spec, captured, argv, taskMask, arity) : null;
        if (!engine.links.isEmpty()) {
            recs = withLinked(recs, nrec);
            nrec = recs.length;
        }
        int retries = options.retries();
        if (retries > 0 && reduceMask != 0)
            throw bad(id, label, Integer.numberOfTrailingZeros(reduceMask), "retry(" + retries + ") with a reduce(...) access: "
                    + "a failed attempt may already have added to its partial, so a retry would count it twice");
        if (nrec != recs.length) recs = Arrays.copyOf(recs, nrec);
        if (specOut != 0) readOutAliases(recs, specOut);
        if (parent != null) for (AccessRec r : recs) checkCovered(id, label, r);
        int space = options.space() == null ? 0 : placement(id, label, info, options.space(), recs, argv);
        if (options.atomic()) checkAtomic(id, label, recs, argv, options.space());
        if (engine.renamingBudget > 0 && space == 0) markRenameable(recs, argv);
        if (spec != null) {
            long[] stored = spec.storedInto(policy);
            if (stored != null) link(stored, spec.capturedCount(), fn, info, argv, taskMask);
        }
        return new TaskSpec(fn, info, arity, argv, taskMask, reduceMask, recs, aliases, options, space, processorOf(space));
    }

    /**
     * Checks that a task placed in {@code space} can run there and returns the space's id, having set it on every
     * access: its data must come as arguments (a closure's captured data cannot be moved), with modes that order
     * single writers ({@code in}, {@code out}, {@code inOut}), over primitive arrays (which have replicas), in a shape
     * the space can hand to the parameter (host memory for a host-addressable space, a device buffer handle for
     * another: the body, always Java, drives the device).
     */
    private int placement(long id, String label, FnInfo info, MemorySpace space, AccessRec[] recs, Object[] argv) {
        String where = "placed on " + space.name();
        for (AccessRec r : recs) {
            int i = r.argIndex;
            if (i < 0)
                throw bad(id, label, -1, where + ": the task reaches " + r.view + " other than as an argument (through its closure, or as data "
                        + "linked to an argument), and such data cannot be moved; take the data as arguments (r.task(fn).on(space).spawn(inOut(x), ...))");
            if (r.weak || (r.mode != Mode.IN && r.mode != Mode.OUT && r.mode != Mode.INOUT))
                throw bad(id, label, i, where + ": " + (r.weak ? "a weak " : "") + r.mode + " access runs on the host only; in, out and inOut can be placed");
            Object base = r.view.base();
            if (!(base instanceof NativeRoot) && (!base.getClass().isArray() || !base.getClass().getComponentType().isPrimitive()))
                throw bad(id, label, i, where + ": " + (base instanceof NativeMemory ? "native memory outside a registered root (NativeMemory.register)"
                        : "a " + base.getClass().getSimpleName()) + " has no replica outside the host; "
                        + "only primitive arrays, registered native roots and views over them can be placed");
            Object d = argv[i];
            if (d instanceof TaskNode<?>) continue;         // the task's result, known when it runs: presented (or refused) then
            if (!space.canPresent(d, info.params[i]))
                throw bad(id, label, i, where + ": " + space.name() + " cannot hand a " + d.getClass().getSimpleName()
                        + " to a parameter of type " + info.params[i].getSimpleName() + " (see what " + space.name() + " presents)");
        }
        long workingSet = 0;
        IdentityHashMap<Object, Boolean> roots = new IdentityHashMap<>();
        for (AccessRec r : recs) {
            Object root = r.view.base();
            long whole = Views.storageBytes(root);
            if (whole > space.capacity() && r.view.spanCount() == 0)
                throw bad(id, label, r.argIndex, where + ": an empty view of an array larger than " + space.name()
                        + " (a window holds bytes the task touches; this view touches none): pass it to a task on the host");
            if (roots.put(root, Boolean.TRUE) != null) continue;
            // a root that fits gets a replica of all of it; a larger one, a window of what this task touches
            if (whole <= space.capacity()) workingSet += whole;
            else {
                long[] e = extentOf(recs, root);
                workingSet += e[1] - Coherence.windowStart(e[0]);
            }
        }
        if (workingSet > space.capacity())
            throw bad(id, label, -1, where + ": its data need " + workingSet + " bytes there (a replica of each array that fits, a window of "
                    + "what the task touches of a larger one), more than the " + space.capacity() + " bytes " + space.name() + " can hold");
        int sid = engine.coherence.id(space);
        for (AccessRec r : recs) r.space = sid;
        return sid;
    }

    /**
     * The bytes of {@code root} a window must hold for accesses {@code recs}: from the lowest first byte a rebuilt view
     * needs ({@link Coherence#windowLow}) to the end of the highest span; the accesses to it must not be empty.
     */
    static long[] extentOf(AccessRec[] recs, Object root) {
        long lo = Long.MAX_VALUE, hi = 0;
        for (AccessRec r : recs) {
            org.weft.data.View v = r.view;
            int n = v.spanCount();
            if (v.base() != root || n == 0) continue;
            lo = Math.min(lo, Coherence.windowLow(v));
            hi = Math.max(hi, v.spanStart(n - 1) + v.spanLength(n - 1));
        }
        return new long[]{lo, hi};
    }

    /** The processor of space {@code space}, or null for the host's workers. */
    private org.weft.memory.Processor processorOf(int space) {
        return space == 0 ? null : engine.coherence.space(space).processor();
    }

    /**
     * Marks the OUT arguments that may be renamed: the task receives a buffer in their place, so no other access of the
     * task may touch those bytes, and the datum must have a shape a fresh buffer can take ({@link CommitNode#renameable}).
     */
    private static void markRenameable(AccessRec[] recs, Object[] argv) {
        for (AccessRec r : recs) {
            if (r.mode != Mode.OUT || r.weak || r.argIndex < 0 || !CommitNode.renameable(argv[r.argIndex])) continue;
            boolean alone = true;
            for (AccessRec o : recs) if (o != r && o.view.base() == r.view.base() && Views.aliases(o.view, r.view)) alone = false;
            r.mayRename = alone;
        }
    }

    /**
     * Checks that an atomic task's writes can be undone ({@link UndoLog}): each writing access is to an array or a view
     * over array or segment memory, in a mode that gives the task its bytes alone, in a space whose replicas the
     * runtime can read.
     */
    private void checkAtomic(long id, String label, AccessRec[] recs, Object[] argv, MemorySpace space) {
        if (space != null && !space.hostAddressable() && !space.savesRuns())
            throw bad(id, label, -1, "atomic on " + space.name() + ": its replicas are not host memory and it cannot save them, so what a failed attempt wrote cannot be undone");
        for (AccessRec r : recs) {
            if (!r.mode.writes() && !r.weak) continue;
            if (r.weak || r.mode == Mode.CONCURRENT || r.mode == Mode.REDUCE)
                throw bad(id, label, r.argIndex, "atomic with a " + (r.weak ? "weak " : "") + r.mode + " access: other tasks write those bytes "
                        + "at the same time (or a partial holds them), so a failed attempt cannot be undone alone");
            Object d = r.argIndex >= 0 ? argv[r.argIndex] : r.datum;
            if (!UndoLog.restorable(d))
                throw bad(id, label, r.argIndex, "atomic: a " + (d == null ? "null" : d.getClass().getSimpleName())
                        + " cannot be restored if the task fails; atomic tasks write arrays, views over them, or memory segments");
        }
    }

    /**
     * The accesses a spawn needs besides its arguments' own: for the data its function captured and its accesses do
     * not name ({@link Captures}), with the captured value's mode (an error under {@code STRICT}, naming it); and for
     * the data that a task argument's result may alias ({@link TaskNode#resultAliases}), with the mode of the
     * parameter that receives the result ({@code INOUT} where nothing gives one). Null if there are none.
     */
    private List<AccessRec> reached(long id, String label, FnInfo info, ParamModes spec, Captures.Found captured, Object[] argv,
                                    int taskMask, int arity) {
        List<AccessRec> out = null;
        if (captured != null) {
            out = new ArrayList<>(captured.size());
            for (int k = 0; k < captured.size(); k++) {
                Object d = captured.data.get(k);
                Mode m = spec.captured(Captures.param(captured, k), policy);
                if (m == null)
                    throw bad(id, label, -1, "captured " + Captures.describe(captured, k, spec.names()) + " (a " + d.getClass().getTypeName()
                            + ") has no access mode under the STRICT spec policy: name it in the access list (in(x), out(x), inOut(x), ...; "
                            + "val(x) if the task does not use it as data)");
                if (m == Mode.VALUE) continue;
                out.add(new AccessRec(viewOf(id, label, -1, d), m, false, null, -1, d));
            }
        }
        for (int i = 0; i < arity; i++) {
            if ((taskMask & (1 << i)) == 0) continue;
            Object[] aliases = ((TaskNode<?>) argv[i]).resultAliases();
            if (aliases == null) continue;
            Mode m = spec.mode(i, policy);
            if (m == Mode.VALUE) continue;                      // a primitive or value parameter: the result is copied
            if (m == null) m = Mode.INOUT;
            if (out == null) out = new ArrayList<>(aliases.length);
            for (Object a : aliases) out.add(new AccessRec(Views.whole(a), m, false, null, i, a));
        }
        return out;
    }

    /**
     * The data a new task's result may alias: the bases of the arguments and captured data whose parameters the
     * inference says the function may return ({@link ParamModes#returned}), and for a task argument, what its own
     * result may alias. Null if none.
     */
    private Object[] resultAliases(FnInfo info, Object fn, Object[] args, ParamModes spec, Captures.Found captured, Object[] argv,
                                   int taskMask, int arity) {
        List<Object> out = null;
        long returned = -1;
        int skip = -1;
        for (int i = 0; i < arity; i++) {
            Object a = args[i];
            boolean task = (taskMask & (1 << i)) != 0;
            if (a instanceof Access acc) {
                if (acc.mode() == Mode.VALUE || acc.mode() == Mode.REDUCE) continue;
                a = acc.datum();
            } else if (task) {
                if (((TaskNode<?>) a).resultAliases() == null) continue;
            } else if (a == null || Immutables.isValue(a)) {
                continue;
            }
            if (returned == -1) {
                if (spec == null) spec = info.modes(fn, args);
                returned = spec.returned(policy);
                skip = spec.capturedCount();
            }
            int p = skip + i;
            if (p >= 63 || (returned & (1L << p)) == 0) continue;
            if (out == null) out = new ArrayList<>(2);
            if (task) out.addAll(Arrays.asList(((TaskNode<?>) a).resultAliases()));
            else out.add(aliasBase(a));
        }
        if (captured != null) {
            for (int k = 0; k < captured.size(); k++) {
                if (returned == -1) {
                    returned = spec.returned(policy);
                    skip = spec.capturedCount();
                }
                int p = Captures.param(captured, k);
                if (p >= 63 || (returned & (1L << p)) == 0) continue;
                if (out == null) out = new ArrayList<>(2);
                out.add(aliasBase(captured.data.get(k)));
            }
        }
        return out == null ? null : out.toArray();
    }

    /**
     * Records the links the new task may make ({@link org.weft.resolve.Links}): for each parameter {@code p} that the inference says
     * may be stored into parameters {@code stored[p]}, from each of their data to each of its data.
     */
    private void link(long[] stored, int skip, Object fn, FnInfo info, Object[] argv, int taskMask) {
        for (int p = 0; p < stored.length; p++) {
            if (stored[p] == 0) continue;
            List<Object> from = paramData(p, skip, fn, info, argv, taskMask);
            if (from.isEmpty()) continue;
            for (long q = stored[p]; q != 0; q &= q - 1) {
                for (Object container : paramData(Long.numberOfTrailingZeros(q), skip, fn, info, argv, taskMask)) {
                    for (Object d : from) engine.links.link(container, d);
                }
            }
        }
    }

    /** The data bases that implementation parameter {@code p} of the new task receives (a task argument: what its result may alias). */
    private static List<Object> paramData(int p, int skip, Object fn, FnInfo info, Object[] argv, int taskMask) {
        List<Object> out = new ArrayList<>(1);
        Object a;
        if (p >= skip) {
            int i = p - skip;
            if (argv == null || i >= argv.length) return out;
            a = argv[i];
            if (i < 32 && (taskMask & (1 << i)) != 0) {
                Object[] aliases = ((TaskNode<?>) a).resultAliases();
                if (aliases != null) for (Object o : aliases) out.add(aliasBase(o));
                return out;
            }
        } else {
            a = Captures.value(fn, info, p);
        }
        if (a != null && Captures.isData(a)) out.add(aliasBase(a));
        return out;
    }

    /**
     * {@code recs[0..n)} and an access on each datum linked from their data ({@link org.weft.resolve.Links}), transitively: {@code INOUT}
     * if a writing access leads to it, else {@code IN}. A datum the task also names directly gets both accesses, as
     * when a task is given the same array twice.
     */
    private AccessRec[] withLinked(AccessRec[] recs, int n) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        List<AccessRec> more = null;
        List<Object> reached = new ArrayList<>();
        // the writing accesses first, so that a datum reached both ways is reached as written
        for (int pass = 0; pass < 2; pass++) {
            Mode m = pass == 0 ? Mode.INOUT : Mode.IN;
            for (int i = 0; i < n; i++) {
                AccessRec r = recs[i];
                if (r.datum == null || (r.mode == Mode.IN) != (pass == 1)) continue;
                reached.clear();
                engine.links.reach(aliasBase(r.datum), seen, reached);
                for (Object d : reached) {
                    AccessRec linked = new AccessRec(Views.whole(d), m, false, null, -1, d);
                    if (parent != null && uncoveredByte(linked) >= 0) continue;     // linked after the parent's spawn: see Links
                    if (more == null) more = new ArrayList<>();
                    more.add(linked);
                }
            }
        }
        if (more == null) return n == recs.length ? recs : Arrays.copyOf(recs, n);
        AccessRec[] out = Arrays.copyOf(recs, n + more.size());
        for (int i = 0; i < more.size(); i++) out[n + i] = more.get(i);
        return out;
    }

    /** What a result that may lie inside datum {@code d} may reach: the whole of its base (a view's array, a segment's memory). */
    private static Object aliasBase(Object d) {
        if (d instanceof View v) return v.base();
        if (d instanceof MemorySegment s) return Views.of(s).base();
        return d;
    }

    /**
     * A spec's OUT says the function overwrites that parameter before reading it; it says nothing of what
     * the function reads through another argument. If another access of the same task overlaps it (two
     * arguments naming the same memory), the previous contents may be read through the other one, so the
     * access becomes INOUT. A wrapper's {@code out(x)} is the caller's statement and is left alone.
     */
    private static void readOutAliases(AccessRec[] recs, int specOut) {
        for (int k = 0; k < recs.length; k++) {
            if ((specOut & (1 << k)) == 0) continue;
            AccessRec r = recs[k];
            for (int j = 0; j < recs.length; j++) {
                if (j != k && recs[j].view.base() == r.view.base() && Views.aliases(recs[j].view, r.view)) {
                    recs[k] = new AccessRec(r.view, Mode.INOUT, false, null, r.argIndex, r.datum);
                    break;
                }
            }
        }
    }

    private AccessRec accessRec(long id, String label, int i, Access acc) {
        Object d = acc.datum();
        if (acc.mode().writes() && !(d instanceof View) && !d.getClass().isArray() && Immutables.isValue(d))
            throw bad(id, label, i, acc.mode() + " on an immutable " + d.getClass().getSimpleName() + " value: a task cannot write it");
        if (acc.mode() == Mode.REDUCE && d instanceof View)
            throw bad(id, label, i, "reduce over a view: reduce the array (or object) itself; partials are made from it by the Reduction");
        if (acc.mode() == Mode.REDUCE && engine.coherence.active() && engine.coherence.directory(d) != null)
            throw bad(id, label, i, "reduce(...) on an array whose current bytes memory spaces track (a shared array, or one placed "
                    + "outside the host in a running region): a reduction's partials are combined on the host, which may not hold them");
        return new AccessRec(viewOf(id, label, i, d), acc.mode(), acc.weak(), acc.reduction(), i, d);
    }

    private View viewOf(long id, String label, int i, Object d) {
        // instanceof tests rather than a pattern switch: see RuntimeClasses
        if (d instanceof ArraySlice || d instanceof Matrix || d instanceof Triangle || d instanceof Diagonal || d instanceof SegmentSlice)
            return rooted(id, label, i, (View) d);
        if (d instanceof MemorySegment s) return Views.of(s);
        if (d instanceof View v) {
            String bad = Views.violation(v);
            if (bad != null) throw bad(id, label, i, "invalid view " + v + ": " + bad);
            return rooted(id, label, i, v);
        }
        if (d instanceof NativeRoot r) return Views.custom(r, new long[]{0}, new long[]{r.byteSize()});
        return Views.whole(d);
    }

    /** {@code v} over the registered native root its bytes lie in, if it was made before the root was registered. */
    private View rooted(long id, String label, int i, View v) {
        if (v.base() != NativeMemory.BASE) return v;
        try {
            return Views.rooted(v);
        } catch (IllegalArgumentException e) {
            throw bad(id, label, i, e.getMessage());
        }
    }

    private void checkType(long id, String label, int i, Class<?> want, Object value, Mode mode) {
        if (value == null) {
            if (mode != Mode.VALUE) throw bad(id, label, i, "null datum for a " + mode + " access");
            return;
        }
        if (!want.isInstance(value))
            throw bad(id, label, i, "a " + value.getClass().getTypeName() + " does not match the function's parameter type "
                    + want.getTypeName());
    }

    private IllegalArgumentException bad(long id, String label, int i, String what) {
        return new IllegalArgumentException("task #" + id + " '" + label + "'" + (i >= 0 ? " argument " + (i + 1) : "") + ": " + what);
    }

    private void checkCovered(long id, String label, AccessRec r) {
        long cur = uncoveredByte(r);
        if (cur >= 0)
            throw bad(id, label, r.argIndex, r.mode + " " + r.view + " is not covered by the accesses of the enclosing task #"
                    + parent.seq + " '" + parent.label() + "' " + Arrays.toString(parent.accesses())
                    + " (byte " + cur + " of " + r.view.base().getClass().getSimpleName() + (r.mode.writes() ? " needs a writing access" : "") + ")");
    }

    /** The first byte of {@code r} that the enclosing task's accesses do not cover (with a writing access if r writes), or -1. */
    private long uncoveredByte(AccessRec r) {
        View v = r.view;
        List<View> cover = new ArrayList<>();
        for (AccessRec p : parent.accesses())
            if (p.mode != Mode.REDUCE && p.view.base() == v.base() && (!r.mode.writes() || p.mode.writes())) cover.add(p.view);
        for (int s = 0, n = v.spanCount(); s < n; s++) {
            long cur = v.spanStart(s), end = cur + v.spanLength(s);
            while (cur < end) {
                long next = cur;
                for (View c : cover) {
                    for (int k = 0, m = c.spanCount(); k < m; k++) {
                        long cs = c.spanStart(k), ce = cs + c.spanLength(k);
                        if (cs <= cur && ce > cur) next = Math.max(next, ce);
                    }
                }
                if (next == cur) return cur;
                cur = next;
            }
        }
        return -1;
    }
}
