package org.weft.infer;

import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.ArrayStoreInstruction;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.MonitorInstruction;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.NopInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.ThrowInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The analysis of one method: an abstract interpretation of its bytecode that tracks, for every stack and
 * local slot, which parameters' data the value may point into ({@link Value}), and records what the code does
 * to that data ({@link Summary}).
 *
 * <p><b>How it works.</b> The code is split into instructions (labels, line numbers and the exception table
 * are kept aside). Starting from the entry state, where each parameter's slot holds that parameter, a
 * worklist applies each instruction's effect to the state before it and merges the result into the state
 * before each successor (the next instruction, branch and switch targets, and for every instruction inside
 * a {@code try} range, the handler, which sees the locals as they were before or after the instruction). Merging is a
 * join of finite sets, so the states only grow and the loop ends. Because the states are a fixpoint over
 * all paths, an alias made through any chain of locals, stack shuffles, casts, nested arrays or branches is
 * followed: this is a real dataflow simulation, not a backward scan from each store.
 *
 * <p><b>Effects.</b> Loads from an array or field record a read of the origins of the object they read
 * from, stores a write. Storing a reference into an object makes that reference's data reachable from
 * the object: into an object allocated here (not yet reachable from elsewhere), the object simply takes in
 * the reference's origins; into another parameter's data, it is recorded as a flow between parameters;
 * into anything else (a static field, an object the analysis does not track), the data escapes and is
 * unknown. Calls are applied through the callee's summary ({@link Session#summary}), through a table of
 * known methods ({@link KnownMethods}), or, when the callee cannot be resolved, make every argument unknown.
 *
 * <p><b>Overwritten whole.</b> A must-analysis in the same pass proves {@code OUT}: a parameter is
 * {@code covered} from the point where it is certainly overwritten whole ({@code Arrays.fill(p, v)},
 * {@code MemorySegment.fill}, a callee that covers it), and a read before that point on any path is an early
 * read. Covered sets are intersected at merges.
 */
final class MethodAnalysis {
    private final Session session;
    private final Target target;
    private final Class<?>[] exact;
    private final int depth;
    private final List<Instruction> code = new ArrayList<>();
    private final List<Integer> lineOf = new ArrayList<>();
    private final Map<Label, Integer> labels = new HashMap<>();
    private final Map<Integer, Integer> siteOf = new HashMap<>();
    private final String file;
    private final Summary out;
    private final long references;
    private int current;
    /** The allocation sites (as {@link Value#sites} bits) of objects of classes outside the JDK: see {@link #userClassReceiver}. */
    private long userSites;

    MethodAnalysis(Session session, Target target, Class<?>[] exact, int depth) {
        this.session = session;
        this.target = target;
        this.exact = exact;
        this.depth = depth;
        this.file = ClassFiles.sourceFile(target.model(), target.owner());
        List<ClassDesc> ps = target.parameterTypes();
        this.out = new Summary(ps.size());
        out.classes.add(ClassFiles.stamp(target.owner()));
        long refs = 0;
        for (int p = 0; p < ps.size(); p++) if (!ps.get(p).isPrimitive()) refs |= 1L << p;
        this.references = refs;
    }

    Summary run() {
        List<ClassDesc> ps = target.parameterTypes();
        if (ps.size() > 63) return Summary.unknownAll(ps.size(), Reason.of("more than 63 parameters in " + target.label()));
        CodeAttribute ca = (CodeAttribute) target.method().code().orElseThrow();
        List<ExceptionCatch> catches = new ArrayList<>();
        int line = -1;
        for (CodeElement e : ca) {
            switch (e) {
                case LabelTarget lt -> labels.put(lt.label(), code.size());
                case LineNumber ln -> line = ln.line();
                case ExceptionCatch ec -> catches.add(ec);
                case Instruction i -> {
                    code.add(i);
                    lineOf.add(line);
                }
                default -> { }
            }
        }
        int n = code.size();
        List<List<Integer>> handlers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) handlers.add(List.of());
        for (ExceptionCatch ec : catches) {
            int from = labels.get(ec.tryStart()), to = labels.get(ec.tryEnd()), h = labels.get(ec.handler());
            for (int i = from; i < to; i++) {
                List<Integer> l = new ArrayList<>(handlers.get(i));
                l.add(h);
                handlers.set(i, l);
            }
        }

        Frame entry = new Frame(ca.maxLocals(), ca.maxStack() + 2, ps.size());
        int slot = 0;
        for (int p = 0; p < ps.size(); p++) {
            ClassDesc t = ps.get(p);
            Value v = t.isPrimitive() ? Value.PRIM : Value.param(p, t.descriptorString());
            if (p < exact.length && exact[p] != null && !t.isPrimitive())
                v = new Value(v.origins(), v.direct(), 0, exact[p].descriptorString(), true, null);
            entry.locals[slot] = v;
            slot += slots(t);
        }
        Frame[] in = new Frame[n];
        in[0] = entry;
        ArrayDeque<Integer> work = new ArrayDeque<>();
        boolean[] queued = new boolean[n];
        work.add(0);
        queued[0] = true;
        while (!work.isEmpty()) {
            int i = work.poll();
            queued[i] = false;
            session.spend();
            current = i;
            Frame f = in[i].copy();
            taken = null;
            int[] next = transfer(i, f);
            Frame branch = taken;
            for (int h : handlers.get(i)) {
                // The instruction may throw before or after its effects (a call may alias, publish or cover, then
                // throw): the handler starts from the join of the states before and after it.
                Frame hf = in[i].copy(), after = f.copy();
                hf.sp = 0;
                after.sp = 0;
                hf.merge(after);
                hf.push(Value.external("Ljava/lang/Throwable;"));
                flow(in, work, queued, h, hf);
            }
            for (int k = 0; k < next.length; k++) flow(in, work, queued, next[k], branch != null && k == 1 ? branch : f);
        }
        return out;
    }

    private static void flow(Frame[] in, ArrayDeque<Integer> work, boolean[] queued, int to, Frame f) {
        boolean changed;
        if (in[to] == null) {
            in[to] = f.copy();
            changed = true;
        } else {
            changed = in[to].merge(f);
        }
        if (changed && !queued[to]) {
            queued[to] = true;
            work.add(to);
        }
    }

    private static final int[] NONE = {};
    /** The state on the taken edge of the conditional branch just applied, where it differs from the fall-through's. */
    private Frame taken;

    /** Applies instruction {@code i} to {@code f}; returns the successors that {@code f} flows to. */
    private int[] transfer(int i, Frame f) {
        Instruction ins = code.get(i);
        int next = i + 1;
        switch (ins) {
            case LoadInstruction l -> {
                Value v = f.locals[l.slot()];
                // a length stays a length, unless the slot counts a descending loop down from it
                if (l.typeKind() == TypeKind.INT)
                    v = v.idx() != null && v.idx().kind() == Value.Idx.LEN && !suffixCounter(f, l.slot()) ? v
                            : Value.Idx.of(new Value.Idx(Value.Idx.SLOT, l.slot(), 0));
                f.push(v, l.typeKind().slotSize());
            }
            case StoreInstruction s -> {
                int k = s.typeKind().slotSize();
                Value v = f.pop(k);
                if (s.typeKind() == TypeKind.INT) v = storeInt(f, s.slot(), v);
                f.locals[s.slot()] = v;
                if (k == 2) f.locals[s.slot() + 1] = Value.PRIM;
            }
            case IncrementInstruction x -> {
                Value v = f.locals[x.slot()];
                shiftSlot(f, x.slot(), x.constant());
                f.locals[x.slot()] = v.idx() != null && v.idx().kind() == Value.Idx.CONST ? Value.Idx.constant(v.idx().k() + x.constant()) : Value.PRIM;
            }
            case ConstantInstruction c -> {
                TypeKind k = c.typeKind();
                f.push(k == TypeKind.REFERENCE ? Value.untracked(null)
                        : k == TypeKind.INT && c.constantValue() instanceof Integer n ? Value.Idx.constant(n) : Value.PRIM, k.slotSize());
            }
            case ArrayLoadInstruction a -> {
                f.pop();
                Value arr = f.pop();
                read(f, arr, at(a.opcode().name()), true);
                TypeKind k = a.typeKind();
                f.push(k == TypeKind.REFERENCE ? arr.inside(component(arr.type())) : Value.PRIM, k.slotSize());
            }
            case ArrayStoreInstruction a -> {
                TypeKind k = a.typeKind();
                Value v = f.pop(k.slotSize());
                Value index = f.pop();
                Value arr = f.pop();
                Reason r = at(a.opcode().name());
                write(f, arr, r, true);
                if (k == TypeKind.REFERENCE) storeRef(f, arr, v, r, true, null);
                extendPrefix(f, arr, index);
            }
            case FieldInstruction fi -> field(f, fi);
            case InvokeInstruction inv -> invoke(f, inv);
            case InvokeDynamicInstruction indy -> invokeDynamic(f, indy, i);
            case NewObjectInstruction no -> {
                Value v = Value.allocated(site(i), no.className().asSymbol().descriptorString());
                if (userClass(v.type())) userSites |= v.sites();
                f.push(v);
            }
            case NewPrimitiveArrayInstruction na -> {
                f.pop();
                f.push(Value.allocated(site(i), "[" + na.typeKind().upperBound().descriptorString()));
            }
            case NewReferenceArrayInstruction na -> {
                f.pop();
                f.push(Value.allocated(site(i), "[" + na.componentType().asSymbol().descriptorString()));
            }
            case NewMultiArrayInstruction na -> {
                for (int d = 0; d < na.dimensions(); d++) f.pop();
                f.push(Value.allocated(site(i), na.arrayType().asSymbol().descriptorString()));
            }
            case TypeCheckInstruction tc -> {
                Value v = f.pop();
                f.push(tc.opcode() == Opcode.CHECKCAST ? v.cast(tc.type().asSymbol().descriptorString()) : Value.PRIM);
            }
            case ConvertInstruction cv -> {
                f.pop(cv.fromType().slotSize());
                f.push(Value.PRIM, cv.toType().slotSize());
            }
            case OperatorInstruction op -> {
                if (!intArithmetic(f, op.opcode())) operator(f, op.opcode());
            }
            case StackInstruction st -> stack(f, st.opcode());
            case MonitorInstruction m -> f.pop();
            case BranchInstruction b -> {
                switch (b.opcode()) {
                    case GOTO, GOTO_W -> {
                        return new int[]{labels.get(b.target())};
                    }
                    case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE -> {
                        Value v2 = f.pop(), v1 = f.pop();
                        compare(f, b.opcode(), v1, v2);
                    }
                    case IFEQ, IFNE, IFLT, IFGE, IFGT, IFLE -> compare(f, versusZero(b.opcode()), f.pop(), Value.Idx.constant(0));
                    case IF_ACMPEQ, IF_ACMPNE -> {
                        f.pop();
                        f.pop();
                    }
                    default -> f.pop();
                }
                return new int[]{next, labels.get(b.target())};
            }
            case LookupSwitchInstruction sw -> {
                f.pop();
                return targets(sw.defaultTarget(), sw.cases());
            }
            case TableSwitchInstruction sw -> {
                f.pop();
                return targets(sw.defaultTarget(), sw.cases());
            }
            case ReturnInstruction r -> {
                if (r.typeKind() != TypeKind.VOID) {
                    Value v = f.pop(r.typeKind().slotSize());
                    if (r.typeKind() == TypeKind.REFERENCE) returned(v, at("ARETURN"));
                }
                long open = references & ~f.covered;
                for (int p = 0; p < out.n; p++) if ((open & (1L << p)) != 0) out.uncovered[p] = true;
                return NONE;
            }
            case ThrowInstruction t -> {
                unknown(f, f.pop(), at("ATHROW (thrown: the catcher may do anything with it)"));
                return NONE;
            }
            case NopInstruction x -> { }
            case DiscontinuedInstruction x -> throw new Session.GiveUp("the obsolete instruction " + x.opcode() + " in " + target.label());
            default -> throw new Session.GiveUp("unexpected instruction " + ins.opcode() + " in " + target.label());
        }
        return next < code.size() ? new int[]{next} : NONE;
    }

    // ---- element loops ---------------------------------------------------------------------------

    /**
     * An {@code int} {@code v} stored into slot {@code slot}: values and prefix facts that named the slot's old value
     * are shifted ({@code i = i + c}) or forgotten; a store of 0 starts an empty prefix for each array parameter that
     * has none (or only an empty one), and a store of {@code p.length + k} ({@code k <= 0}, so that the sum cannot
     * overflow) an empty suffix of {@code p}, written downwards from {@code slot - k}. A store of 0 into an inner
     * counter {@code j} while a prefix {@code [0, i + off)} is known also starts a row: {@code [0, i + j + off)} is
     * written, true as {@code j} is 0. Returns what the slot holds now.
     */
    private Value storeInt(Frame f, int slot, Value v) {
        Value.Idx x = v.idx();
        if (x != null && x.kind() == Value.Idx.SLOT && x.a() == slot) {
            shiftSlot(f, slot, x.k());
            return Value.PRIM;
        }
        // i = i + n where local n holds a known constant: a step by that constant
        Value.Idx other = x != null && x.kind() == Value.Idx.SUM && (x.a() == slot || x.b() == slot)
                ? f.locals[x.a() == slot ? x.b() : x.a()].idx() : null;
        if (other != null && other.kind() == Value.Idx.CONST) {
            long step = (long) other.k() + x.k();
            if (step == (int) step) {
                shiftSlot(f, slot, (int) step);
                return Value.PRIM;
            }
        }
        forgetSlot(f, slot);
        if (x != null && x.kind() == Value.Idx.CONST && x.k() == 0) {
            List<ClassDesc> ps = target.parameterTypes();
            for (int p = 0; p < f.prefixSlot.length; p++) {
                if (!ps.get(p).isArray() || (f.covered & (1L << p)) != 0 || f.prefixSlot[p] < 0) continue;
                f.rowBase[p] = f.prefixSlot[p];
                f.rowSlot[p] = slot;
                f.rowOff[p] = f.prefixOff[p];
            }
            for (int p = 0; p < f.prefixSlot.length; p++) {
                if (!ps.get(p).isArray() || (f.covered & (1L << p)) != 0) continue;
                int q = f.prefixSlot[p];
                Value held = q >= 0 ? f.locals[q] : null;
                boolean empty = q < 0 || held.idx() != null && held.idx().kind() == Value.Idx.CONST && held.idx().k() + f.prefixOff[p] <= 0;
                if (empty) {
                    f.prefixSlot[p] = slot;
                    f.prefixOff[p] = 0;
                }
            }
        }
        if (x != null && x.kind() == Value.Idx.LEN && x.k() <= 0 && x.a() < f.suffixSlot.length
                && f.suffixSlot[x.a()] < 0 && (f.covered & (1L << x.a())) == 0) {
            f.suffixSlot[x.a()] = slot;
            f.suffixOff[x.a()] = -x.k();
        }
        return x != null && (x.kind() == Value.Idx.CONST || x.kind() == Value.Idx.LEN) ? v : Value.PRIM;
    }

    private static boolean suffixCounter(Frame f, int slot) {
        for (int q : f.suffixSlot) if (q == slot) return true;
        return false;
    }

    /**
     * Slot {@code slot} grew by {@code c}: what was "slot + k" (or "slot + other + k") is now "slot + (k - c)".
     *
     * <p>The slot's new value wraps where the sum leaves the {@code int} range, and then "slot + k" no longer names the
     * same number: {@code i = a.length; i = i + 2_000_000_000} leaves a negative {@code i} for a long array, and the
     * suffix {@code [i - 2_000_000_000, a.length)} would claim the whole array. A wrap up (by {@code 2^32} less) makes
     * a prefix claim less and a suffix more; a wrap down, the other way. A written prefix or suffix keeps its end or
     * start between 0 and the length, so a wrap down of a prefix's slot would take its offset past {@code MAX_VALUE}
     * (dropped as an overflow), and a wrap up of a suffix's slot leaves its offset below 0 (dropped); a row is dropped
     * on any step down. An offset on the stack that would leave the {@code int} range is forgotten.
     */
    private static void shiftSlot(Frame f, int slot, int c) {
        for (int i = 0; i < f.sp; i++) {
            Value.Idx x = f.stack[i].idx();
            if (x == null || !x.names(slot)) continue;
            long k = (long) x.k() - c;
            f.stack[i] = k == (int) k ? Value.Idx.of(x.plus(-c)) : Value.PRIM;
        }
        for (int p = 0; p < f.prefixSlot.length; p++) {
            if (f.prefixSlot[p] != slot) continue;
            long off = (long) f.prefixOff[p] - c;
            if (off == (int) off) f.prefixOff[p] = (int) off;
            else f.prefixSlot[p] = -1;
        }
        for (int p = 0; p < f.suffixSlot.length; p++) {
            if (f.suffixSlot[p] != slot) continue;
            long off = (long) f.suffixOff[p] - c;
            if (off == (int) off && (c <= 0 || off >= 0)) f.suffixOff[p] = (int) off;
            else f.suffixSlot[p] = -1;
        }
        for (int p = 0; p < f.rowSlot.length; p++) {
            if (f.rowSlot[p] < 0 || f.rowSlot[p] != slot && f.rowBase[p] != slot) continue;
            long off = (long) f.rowOff[p] - c;
            if (off == (int) off && c >= 0) f.rowOff[p] = (int) off;
            else f.rowSlot[p] = -1;
        }
    }


    private static void forgetSlot(Frame f, int slot) {
        for (int i = 0; i < f.sp; i++) {
            Value.Idx x = f.stack[i].idx();
            if (x != null && x.names(slot)) f.stack[i] = Value.PRIM;
        }
        for (int p = 0; p < f.prefixSlot.length; p++) if (f.prefixSlot[p] == slot) f.prefixSlot[p] = -1;
        for (int p = 0; p < f.suffixSlot.length; p++) if (f.suffixSlot[p] == slot) f.suffixSlot[p] = -1;
        for (int p = 0; p < f.rowSlot.length; p++) if (f.rowSlot[p] == slot || f.rowBase[p] == slot) f.rowSlot[p] = -1;
    }

    /**
     * A store into {@code arr[index]}: if it is the element just past a parameter's written prefix, the prefix grows;
     * if it is the element just before its written suffix, the suffix does; if it is the element just past a written
     * row ({@code i + j + off}, in either order), the row does.
     */
    private static void extendPrefix(Frame f, Value arr, Value index) {
        int p = arr.wholeParam();
        Value.Idx x = index.idx();
        if (p < 0 || p >= f.prefixSlot.length || x == null) return;
        if (x.kind() == Value.Idx.SUM && f.rowSlot[p] >= 0 && f.rowOff[p] == x.k()
                && (f.rowBase[p] == x.a() && f.rowSlot[p] == x.b() || f.rowBase[p] == x.b() && f.rowSlot[p] == x.a())) f.rowOff[p]++;
        if (x.kind() != Value.Idx.SLOT) return;
        if (f.prefixSlot[p] == x.a() && f.prefixOff[p] == x.k()) f.prefixOff[p]++;
        if (f.suffixSlot[p] == x.a() && f.suffixOff[p] == x.k() + 1) f.suffixOff[p]--;
    }

    /** {@code iadd}, {@code isub} and {@code arraylength} on known values; false if {@code op} is none of those. */
    private static boolean intArithmetic(Frame f, Opcode op) {
        switch (op) {
            case ARRAYLENGTH -> {
                int p = f.pop().wholeParam();
                f.push(p >= 0 && p < f.prefixSlot.length ? Value.Idx.of(new Value.Idx(Value.Idx.LEN, p, 0)) : Value.PRIM);
                return true;
            }
            case IADD, ISUB -> {
                Value.Idx b = f.pop().idx(), a = f.pop().idx();
                Value.Idx r = null;
                if (a != null && b != null && b.kind() == Value.Idx.CONST)
                    r = a.kind() == Value.Idx.LEN ? a.plusLength(op == Opcode.IADD ? b.k() : -b.k()) : a.plus(op == Opcode.IADD ? b.k() : -b.k());
                else if (op == Opcode.IADD && a != null && b != null && a.kind() == Value.Idx.CONST) r = b.plus(a.k());
                else if (op == Opcode.IADD && a != null && b != null && a.kind() == Value.Idx.SLOT && b.kind() == Value.Idx.SLOT && a.a() != b.a()) {
                    long k = (long) a.k() + b.k();
                    if (k == (int) k) r = new Value.Idx(Value.Idx.SUM, a.a(), (int) k, b.a());
                }
                // a slot plus a constant, added now: the sum may wrap (see reached)
                if (r != null && r.kind() == Value.Idx.SLOT) r = new Value.Idx(Value.Idx.SLOT, r.a(), r.k(), Value.Idx.COMPUTED);
                f.push(r == null ? Value.PRIM : Value.Idx.of(r));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * A conditional branch comparing {@code v1} with {@code v2}: on the edge where a counter is known to have reached a
     * parameter's length ({@code slot + k >= p.length}), a parameter whose written prefix reaches at least as far is
     * overwritten whole. Sets {@link #taken} when the taken edge learns something the fall-through does not.
     */
    private void compare(Frame f, Opcode op, Value v1, Value v2) {
        // which edge learns "v1 >= v2" (ge) or "v2 >= v1" (le); EQ learns both; a strict edge learns one more
        boolean takenGe = false, takenLe = false, fallGe = false, fallLe = false, takenStrict = false, fallStrict = false;
        switch (op) {
            case IF_ICMPGE -> { takenGe = true; fallLe = true; fallStrict = true; }
            case IF_ICMPGT -> { takenGe = true; fallLe = true; takenStrict = true; }
            case IF_ICMPLT -> { takenLe = true; fallGe = true; takenStrict = true; }
            case IF_ICMPLE -> { takenLe = true; fallGe = true; fallStrict = true; }
            case IF_ICMPEQ -> { takenGe = true; takenLe = true; }
            case IF_ICMPNE -> { fallGe = true; fallLe = true; }
            default -> { }
        }
        Frame t = f.copy();
        boolean learned = reached(t, takenGe ? v1 : null, takenGe ? strictly(v2, takenStrict) : null, added(v2, takenStrict))
                | reached(t, takenLe ? v2 : null, takenLe ? strictly(v1, takenStrict) : null, added(v1, takenStrict));
        reached(f, fallGe ? v1 : null, fallGe ? strictly(v2, fallStrict) : null, added(v2, fallStrict));
        reached(f, fallLe ? v2 : null, fallLe ? strictly(v1, fallStrict) : null, added(v1, fallStrict));
        if (learned) taken = t;
    }

    /**
     * The lower side of "hi > lo" as "hi >= lo + 1" where that is expressible (a constant or a slot); a length stays as
     * it is, which says less ("hi >= lo") but is still true.
     */
    private static Value strictly(Value lo, boolean strict) {
        if (added(lo, strict) == 0) return lo;
        Value.Idx x = lo.idx();
        return Value.Idx.of(x.kind() == Value.Idx.LEN ? x.plusLength(1) : x.plus(1));
    }

    /**
     * 1 where {@link #strictly} adds one to {@code lo}, else 0: not to a length plus 0, nor to a constant offset of
     * {@code MAX_VALUE}, which would wrap (keeping "hi >= lo" instead is weaker, and true). A length plus
     * {@code k < 0} does not wrap, so "i > a.length - 1" is "i >= a.length".
     */
    private static int added(Value lo, boolean strict) {
        Value.Idx x = lo.idx();
        if (!strict || x == null) return 0;
        return x.kind() == Value.Idx.LEN ? (x.k() < 0 ? 1 : 0) : x.k() == Integer.MAX_VALUE ? 0 : 1;
    }

    /** The two-operand comparison that a comparison with 0 ({@code iflt}...) makes against a pushed 0. */
    private static Opcode versusZero(Opcode op) {
        return switch (op) {
            case IFEQ -> Opcode.IF_ICMPEQ;
            case IFNE -> Opcode.IF_ICMPNE;
            case IFLT -> Opcode.IF_ICMPLT;
            case IFGE -> Opcode.IF_ICMPGE;
            case IFGT -> Opcode.IF_ICMPGT;
            default -> Opcode.IF_ICMPLE;
        };
    }

    /**
     * Knowing {@code hi >= lo} ({@code added}: 1 where {@code lo} is the other side plus 1, from a strict comparison): if
     * {@code lo} is a parameter's length and {@code hi} ("slot + k", or a constant) is no further than the end of that
     * parameter's written prefix, the parameter is overwritten whole.
     *
     * <p>The comparison is of wrapped {@code int}s, so a side that an {@code iadd} computed as a slot or a length plus a
     * constant says what it says of the unwrapped sum only where the sum cannot wrap: a slot plus {@code k > 0} wraps
     * for a slot near {@code MAX_VALUE} ({@code i + 2_000_000_000 >= 2_000_000_000} is false at once for {@code i}
     * above 147483647, and a descending loop with that test writes nothing), a slot plus {@code k < 0} for one near
     * {@code MIN_VALUE}, and a length plus {@code k > 0} for a length near {@code MAX_VALUE}. Such facts are not used.
     * A value loaded from a slot that has moved since ({@code i-- > 0} compares the old {@code i}, "i + 1") was not
     * computed, and the slot's own moves keep the written prefix, suffix or row consistent with it ({@link #shiftSlot}
     * drops those a wrap would break). (A strict comparison's added 1 is not added to {@code MAX_VALUE}: see
     * {@link #added}.)
     */
    private boolean reached(Frame f, Value hi, Value lo, int added) {
        if (hi == null || hi.idx() == null || lo.idx() == null) return false;
        Value.Idx h = hi.idx(), l = lo.idx();
        // "c >= s + k": s <= c - k unless s + k wrapped, which a k <= 0 on the slot's side cannot do towards a smaller c
        if (h.kind() == Value.Idx.CONST && l.kind() == Value.Idx.SLOT)
            return (l.b() != Value.Idx.COMPUTED || (long) l.k() - added <= 0) && reachedZero(f, l.a(), (long) h.k() - l.k());
        // a slot that still holds a length it was loaded as a counter from ("n = a.length", also counted down)
        Value.Idx bound = l.kind() == Value.Idx.SLOT ? f.locals[l.a()].idx() : null;
        // "j + k >= c": j >= c - k unless j + k wrapped, which a k >= 0 on the counter's side cannot do towards a larger c
        if (h.kind() == Value.Idx.SLOT && h.b() == Value.Idx.COMPUTED && h.k() < 0) return false;
        if (h.kind() == Value.Idx.SLOT && l.kind() == Value.Idx.CONST) return rowEnded(f, h.a(), (long) l.k() - h.k());
        if (h.kind() == Value.Idx.SLOT && bound != null && bound.kind() == Value.Idx.CONST) {
            long sum = (long) bound.k() + l.k();
            return sum - added == (int) (sum - added) && rowEnded(f, h.a(), sum - h.k());
        }
        if (bound != null && bound.kind() == Value.Idx.LEN) {
            // "n + k" with n holding the length plus bound.k(): the length plus more than 0 may wrap
            long sum = (long) bound.k() + l.k();
            if (sum - added > 0) return false;
            l = new Value.Idx(Value.Idx.LEN, bound.a(), (int) sum);
        }
        if (l.kind() != Value.Idx.LEN || l.k() < 0 || h.kind() == Value.Idx.LEN) return false;
        int p = l.a(), s = f.prefixSlot[p];
        if (s < 0 || (f.covered & (1L << p)) != 0) return false;
        // the prefix's end (slot s + offset) is at least hi, so at least the length
        boolean atLeast;
        if (h.kind() == Value.Idx.SLOT) {
            atLeast = s == h.a() && f.prefixOff[p] >= h.k();
        } else if (h.kind() == Value.Idx.CONST) {
            Value.Idx held = f.locals[s].idx();
            atLeast = held != null && held.kind() == Value.Idx.CONST && (long) held.k() + f.prefixOff[p] >= h.k();
        } else {
            // a sum of two slots ("i + j >= a.length") says nothing of where the prefix ends
            atLeast = false;
        }
        if (!atLeast) return false;
        if (out.cover[p] == null) out.cover[p] = at("element loop that writes every element up to the length");
        f.covered |= 1L << p;
        return true;
    }

    /**
     * Knowing that inner counter {@code slot} holds at least {@code min} (a constant: {@code j < 4}, or a local holding
     * one): a written row {@code [0, i + j + off)} contains {@code [0, i + min + off)}, which becomes the parameter's
     * prefix on the outer counter {@code i} (where it reaches further than the prefix already known).
     *
     * <p>Why this proves nested loops over the rows of a flat matrix ({@code for (i = 0; i < a.length; i += 4)
     * for (j = 0; j < 4; j++) a[i + j] = ...}): the inner loop starts the row from the prefix {@code [0, i)} with
     * {@code j = 0}, each store at {@code a[i + j]} extends it by exactly the element past its end, so when the inner
     * loop leaves with {@code j >= 4}, {@code [0, i + 4)} is written; stepping {@code i} by 4 (a constant, so the
     * counter only grows; a store that did not throw had its index below the length, so the sums do not overflow)
     * leaves {@code [0, i)}, the fact the outer loop head started from, and its exit {@code i >= a.length} then covers
     * the array as for a single loop. A row shorter than the step, a row started anywhere but at the prefix's end, a
     * stride that is not a known constant (a negative one wraps the counter round without writing), or a read of the
     * array in between all leave the facts disagreeing at a merge or the read early, so the parameter stays
     * {@code INOUT}. Products ({@code a[i * n + j]}) are not tracked: proving them would also need {@code m, n >= 0}
     * besides {@code a.length == m * n}, which a wrapped product can satisfy with nothing written.
     */
    private boolean rowEnded(Frame f, int slot, long min) {
        boolean learned = false;
        for (int p = 0; p < f.rowSlot.length; p++) {
            if (f.rowSlot[p] != slot || (f.covered & (1L << p)) != 0) continue;
            long end = min + f.rowOff[p];
            if (end != (int) end || f.prefixSlot[p] == f.rowBase[p] && f.prefixOff[p] >= end) continue;
            f.prefixSlot[p] = f.rowBase[p];
            f.prefixOff[p] = (int) end;
            learned = true;
        }
        return learned;
    }

    /**
     * Knowing that slot {@code slot} holds at most {@code max}: a parameter whose written suffix starts there
     * ({@code slot + off}) at index 0 or below is overwritten whole (a descending loop that reached 0).
     */
    private boolean reachedZero(Frame f, int slot, long max) {
        boolean learned = false;
        for (int p = 0; p < f.suffixSlot.length; p++) {
            if (f.suffixSlot[p] != slot || (f.covered & (1L << p)) != 0 || max + f.suffixOff[p] > 0) continue;
            if (out.cover[p] == null) out.cover[p] = at("descending element loop that writes every element down to index 0");
            f.covered |= 1L << p;
            learned = true;
        }
        return learned;
    }

    private int[] targets(Label dflt, List<SwitchCase> cases) {
        int[] t = new int[cases.size() + 1];
        t[0] = labels.get(dflt);
        for (int k = 0; k < cases.size(); k++) t[k + 1] = labels.get(cases.get(k).target());
        return t;
    }

    private int site(int instruction) {
        return siteOf.computeIfAbsent(instruction, x -> siteOf.size());
    }

    private static void operator(Frame f, Opcode op) {
        if (op == Opcode.ARRAYLENGTH) {
            f.pop();
            f.push(Value.PRIM);
            return;
        }
        char kind = op.name().charAt(0);
        int k = kind == 'L' || kind == 'D' ? 2 : 1;
        switch (op) {
            case INEG, LNEG, FNEG, DNEG -> { }
            case ISHL, ISHR, IUSHR, LSHL, LSHR, LUSHR -> f.pop();
            case LCMP, FCMPL, FCMPG, DCMPL, DCMPG -> {
                f.pop(k);
                f.pop(k);
                f.push(Value.PRIM);
                return;
            }
            default -> f.pop(k);
        }
        f.pop(k);
        f.push(Value.PRIM, k);
    }

    private static void stack(Frame f, Opcode op) {
        switch (op) {
            case POP -> f.pop();
            case POP2 -> {
                f.pop();
                f.pop();
            }
            case DUP -> {
                Value v = f.pop();
                f.push(v);
                f.push(v);
            }
            case DUP_X1 -> {
                Value v1 = f.pop(), v2 = f.pop();
                f.push(v1);
                f.push(v2);
                f.push(v1);
            }
            case DUP_X2 -> {
                Value v1 = f.pop(), v2 = f.pop(), v3 = f.pop();
                f.push(v1);
                f.push(v3);
                f.push(v2);
                f.push(v1);
            }
            case DUP2 -> {
                Value v1 = f.pop(), v2 = f.pop();
                f.push(v2);
                f.push(v1);
                f.push(v2);
                f.push(v1);
            }
            case DUP2_X1 -> {
                Value v1 = f.pop(), v2 = f.pop(), v3 = f.pop();
                f.push(v2);
                f.push(v1);
                f.push(v3);
                f.push(v2);
                f.push(v1);
            }
            case DUP2_X2 -> {
                Value v1 = f.pop(), v2 = f.pop(), v3 = f.pop(), v4 = f.pop();
                f.push(v2);
                f.push(v1);
                f.push(v4);
                f.push(v3);
                f.push(v2);
                f.push(v1);
            }
            case SWAP -> {
                Value v1 = f.pop(), v2 = f.pop();
                f.push(v1);
                f.push(v2);
            }
            default -> throw new Session.GiveUp("unexpected stack instruction " + op);
        }
    }

    private void field(Frame f, FieldInstruction fi) {
        String type = fi.type().stringValue();
        int k = TypeKind.fromDescriptor(type).slotSize();
        boolean ref = type.startsWith("L") || type.startsWith("[");
        String what = fi.opcode().name() + " " + simpleName(fi.owner().asInternalName()) + "." + fi.name().stringValue();
        switch (fi.opcode()) {
            case GETFIELD -> {
                Value obj = f.pop();
                read(f, obj, at(what), true);
                f.push(ref ? obj.inside(type) : Value.PRIM, k);
            }
            case PUTFIELD -> {
                Value v = f.pop(k);
                Value obj = f.pop();
                Reason r = at(what);
                write(f, obj, r, true);
                if (ref) storeRef(f, obj, v, r, true, null);
            }
            case GETSTATIC -> f.push(ref ? Value.external(type) : Value.PRIM, k);
            case PUTSTATIC -> {
                Value v = f.pop(k);
                if (ref) unknown(f, v, at(what + " (stored in a static field)"));
            }
            default -> throw new Session.GiveUp("unexpected field instruction " + fi.opcode());
        }
    }

    // ---- calls -------------------------------------------------------------------------------------

    private void invoke(Frame f, InvokeInstruction inv) {
        MethodTypeDesc mt = inv.typeSymbol();
        boolean isStatic = inv.opcode() == Opcode.INVOKESTATIC;
        Value[] args = popArguments(f, mt, !isStatic);
        Value r = call(f, inv.opcode(), inv.owner().asInternalName(), inv.name().stringValue(), mt, args);
        pushResult(f, mt.returnType(), r);
    }

    private static Value[] popArguments(Frame f, MethodTypeDesc mt, boolean receiver) {
        int off = receiver ? 1 : 0;
        Value[] args = new Value[mt.parameterCount() + off];
        for (int k = mt.parameterCount() - 1; k >= 0; k--) args[k + off] = f.pop(slots(mt.parameterType(k)));
        if (receiver) args[0] = f.pop();
        return args;
    }

    private static void pushResult(Frame f, ClassDesc ret, Value r) {
        if (ret.equals(ConstantDescs.CD_void)) return;
        if (ret.isPrimitive()) f.push(Value.PRIM, slots(ret));
        else f.push(r == null || r == Value.PRIM ? Value.external(ret.descriptorString()) : r);
    }

    /**
     * The effect of calling {@code owner.name} with {@code args} (receiver first for an instance call), as
     * {@code opcode} would: through the table of known methods, a lambda's implementation, the resolved
     * callee's summary, or, failing those, every tracked argument becomes unknown. Returns the result.
     */
    Value call(Frame f, Opcode opcode, String owner, String name, MethodTypeDesc mt, Value[] args) {
        boolean any = false;
        for (Value v : args) any |= v.local() || v.lambda() != null;
        if (!any) return untrackedResult(mt.returnType());
        String label = label(owner, name, mt);
        Value.Lambda lambda = opcode != Opcode.INVOKESTATIC ? args[0].lambda() : null;
        if (lambda != null) {
            // A lambda object runs its own code for its functional method, whatever interface the call names; any
            // other method of it (a default method of the interface) may call back into that code with a receiver
            // the analysis no longer knows, so its arguments are unknown.
            Value[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            if (lambda.samName().equals(name) && lambda.samDescriptor().equals(mt.descriptorString())) return invokeLambda(f, lambda, rest, mt.returnType());
            unknownArguments(f, args, at("passed to " + label + ", a method of a lambda object other than its functional method"));
            return untrackedResult(mt.returnType());
        }
        if (!userClassReceiver(opcode, name, args, userSites)) {
            Value known = KnownMethods.apply(this, f, owner, name, mt, args);
            if (known != KnownMethods.NOT_KNOWN) return known;
        }
        Session.Resolution res = session.resolve(target.owner(), opcode, owner, name, mt, opcode == Opcode.INVOKESTATIC ? null : args[0], out.classes);
        if (res.target() == null) {
            unknownArguments(f, args, at("passed to " + label + ", which the analysis cannot see into: " + res.why()));
            return untrackedResult(mt.returnType());
        }
        Summary s;
        try {
            s = session.summary(res.target(), exactArguments(res, args), depth + 1);
        } catch (Session.GiveUp g) {
            out.degraded |= g.budget;
            unknownArguments(f, args, at("passed to " + label + ", whose analysis gave up: " + g.getMessage()));
            return untrackedResult(mt.returnType());
        }
        out.degraded |= s.degraded;
        Value r = applySummary(f, s, args, mt.returnType(), res.target().label() + " at " + where());
        if (r == null || r == Value.PRIM || r.origins() == 0 || !(userClass(res.target().owner().descriptorString()) || mayBeUser(args))) return r;
        // user code, or code handed a user object, may have put the data it returns into an object of a user class:
        // the result counts as allocated here by a user class, so the JDK table is not trusted with it
        long bit = Value.allocated(site(current), null).sites();
        userSites |= bit;
        return new Value(r.origins(), r.direct(), r.sites() | bit, r.type(), r.exact(), r.lambda());
    }

    private boolean mayBeUser(Value[] args) {
        for (Value v : args) if ((v.sites() & userSites) != 0 || v.type() != null && userClass(v.type())) return true;
        return false;
    }

    /**
     * The exact classes of the arguments of a resolved call, as the callee's analysis is to assume them: the
     * receiver's as the resolution found it, each other argument's where known ({@link #exactClass}) and more than
     * the callee's declared type says (not that same final class).
     */
    private Class<?>[] exactArguments(Session.Resolution res, Value[] args) {
        List<ClassDesc> ps = res.target().parameterTypes();
        Class<?>[] e = new Class<?>[ps.size()];
        for (int p = 0; p < e.length && p < args.length; p++) {
            Class<?> c = p == 0 && res.target().hasReceiver() && res.exactThis() != null ? res.exactThis() : exactClass(args[p]);
            boolean said = c != null && java.lang.reflect.Modifier.isFinal(c.getModifiers()) && c.descriptorString().equals(ps.get(p).descriptorString());
            if (c != null && !said) e[p] = c;
        }
        return e;
    }

    /**
     * The class {@code v} certainly has at run time (when not null), or null: the class it was allocated with, or its
     * static type where that is a final class. Arrays are left out: their methods are {@code Object}'s, resolved
     * without it.
     */
    private Class<?> exactClass(Value v) {
        if (v.type() == null || !v.type().startsWith("L")) return null;
        Class<?> c = ClassFiles.load(ClassDesc.ofDescriptor(v.type()), target.owner());
        if (c == null) return null;
        return v.exact() || !c.isInterface() && java.lang.reflect.Modifier.isFinal(c.getModifiers()) ? c : null;
    }

    /**
     * True if a virtual or interface call's receiver may be an object of a class outside the JDK, whose code, not the
     * JDK contract that {@link KnownMethods} states, says what the call does (a user {@code List} whose
     * {@code contains} counts its calls or writes an array it holds): its type is such a class (exactly or not: a
     * subclass may override); or it may be an object of such a class allocated here, which a merge with a JDK object
     * leaves without a type, or a result holding a parameter's data from user code that may have made one
     * ({@code userSites}). {@code Object.getClass}, being final, is the JDK's whatever the receiver.
     */
    private static boolean userClassReceiver(Opcode opcode, String name, Value[] args, long userSites) {
        if (opcode != Opcode.INVOKEVIRTUAL && opcode != Opcode.INVOKEINTERFACE) return false;   // constructors, super calls: exact anyway
        if (name.equals("getClass") || args.length == 0) return false;   // Object.getClass is final
        Value r = args[0];
        if ((r.sites() & userSites) != 0) return true;
        return r.type() != null && userClass(r.type());
    }

    private static boolean userClass(String descriptor) {
        return !(descriptor.startsWith("Ljava/") || descriptor.startsWith("Ljdk/") || descriptor.startsWith("Lsun/") || descriptor.startsWith("["));
    }

    /**
     * Applies callee summary {@code s} to {@code args}. The callee's stores come first, repeated until the
     * arguments stop changing (a store can make an argument reach more, which a later store then carries on), and
     * the arguments are read again after them, so that what the callee put into a local object is seen through it.
     * The callee's other effects on a parameter then also count for every argument stored, directly or through
     * others, into that parameter's data: a write through {@code a} after {@code a[0] = c} may write {@code c}.
     */
    private Value applySummary(Frame f, Summary s, Value[] given, ClassDesc ret, String step) {
        out.classes.addAll(s.classes);
        int m = Math.min(given.length, s.n);
        Value[] args = given.clone();
        for (boolean changed = true; changed; ) {
            Value[] before = args.clone();
            long published = f.published;
            for (int j = 0; j < m; j++) {
                if (s.flows[j] == 0) continue;
                for (int k = 0; k < m; k++)
                    if ((s.flows[j] & (1L << k)) != 0) storeRef(f, args[k], args[j], s.flowReason[j].through(step), false, args);
            }
            changed = published != f.published || !java.util.Arrays.equals(before, args);
        }
        long[] into = new long[m];
        for (int j = 0; j < m; j++) into[j] = (1L << j) | s.flows[j];
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int j = 0; j < m; j++) {
                long r = into[j];
                for (int k = 0; k < m; k++) if ((into[j] & (1L << k)) != 0) r |= s.flows[k];
                if (r != into[j]) {
                    into[j] = r;
                    changed = true;
                }
            }
        }
        long targets = 0;
        for (int j = 0; j < m; j++) targets |= s.flows[j];
        for (int j = 0; j < m; j++) {
            if (s.outside[j] == null) continue;
            Reason r = s.outside[j].through(step);
            long local = args[j].sites() & ~Value.EXTERNAL;
            if (local != 0) {
                Value ext = Value.external(null);
                f.absorb(local, ext);
                for (int i = 0; i < args.length; i++) args[i] = args[i].absorb(local, ext);
            }
            if (args[j].origins() != 0) outside(f, args[j].origins(), r);
        }
        Value[] vs = new Value[m];
        for (int j = 0; j < m; j++) {
            // The callee's effects on parameter j apply to the argument as it was passed, unless the argument shares a
            // local object with another argument that the callee stored into: then also to what that object now holds.
            long shared = 0;
            for (int k = 0; k < m; k++) if (k != j && (targets & (1L << k)) != 0) shared |= given[k].sites();
            vs[j] = (given[j].sites() & shared & ~Value.EXTERNAL) != 0 ? args[j] : given[j];
        }
        // Every read before any write or cover: the callee's summary does not say in which order it touched two of its
        // parameters, and one array passed as both (a destination it overwrites, a source it reads) is read before it
        // is overwritten whole.
        for (int j = 0; j < m; j++) {
            Value v = vs[j];
            if (!v.tracked()) continue;
            if (s.unknown[j] != null) unknown(f, v, s.unknown[j].through(step));
            if (s.readEarly[j] != null) read(f, v, s.readEarly[j].through(step), s.readDeep[j] == null);
            else if (s.read[j] != null) readAfterCover(v, s.read[j].through(step), s.readDeep[j] == null);
            for (int k = 0; k < m; k++) {
                if (k == j || (into[j] & (1L << k)) == 0) continue;
                String how = " (stored by the callee into argument " + (k + 1) + ")";
                if (s.unknown[k] != null) unknown(f, v, Reason.of(s.unknown[k].event() + how).through(step));
                if (s.readDeep[k] != null) read(f, v, Reason.of(s.readDeep[k].event() + how).through(step));
            }
        }
        for (int j = 0; j < m; j++) {
            Value v = vs[j];
            if (!v.tracked()) continue;
            if (s.write[j] != null) {
                if (s.covers(j)) cover(f, v, s.cover[j].through(step));
                if (s.writeDeep[j] != null) write(f, v, s.writeDeep[j].through(step));
                else write(f, v, s.write[j].through(step), true);
            }
            for (int k = 0; k < m; k++) {
                if (k == j || (into[j] & (1L << k)) == 0) continue;
                String how = " (stored by the callee into argument " + (k + 1) + ")";
                if (s.writeDeep[k] != null) write(f, v, Reason.of(s.writeDeep[k].event() + how).through(step));
            }
        }
        if (ret.isPrimitive()) return Value.PRIM;
        long o = 0, st = Value.EXTERNAL;
        for (int j = 0; j < m; j++) {
            if ((s.returns & (1L << j)) != 0) {
                o |= args[j].origins();
                st |= args[j].sites();
            }
        }
        return new Value(o, 0, st, ret.descriptorString(), false, null);
    }

    /** Calls lambda {@code l} with {@code callArgs} after its captured values; returns the result as {@code ret}. */
    Value invokeLambda(Frame f, Value.Lambda l, Value[] callArgs, ClassDesc ret) {
        DirectMethodHandleDesc impl = l.impl();
        List<Value> all = new ArrayList<>(l.captured());
        all.addAll(List.of(callArgs));
        MethodTypeDesc mt = MethodTypeDesc.ofDescriptor(impl.lookupDescriptor());
        String owner = impl.owner().descriptorString();
        owner = owner.substring(1, owner.length() - 1);
        Opcode op = switch (impl.kind()) {
            case STATIC, INTERFACE_STATIC -> Opcode.INVOKESTATIC;
            case VIRTUAL -> Opcode.INVOKEVIRTUAL;
            case INTERFACE_VIRTUAL -> Opcode.INVOKEINTERFACE;
            case SPECIAL, INTERFACE_SPECIAL, CONSTRUCTOR -> Opcode.INVOKESPECIAL;
            default -> null;
        };
        if (impl.kind() == DirectMethodHandleDesc.Kind.CONSTRUCTOR) all.addFirst(Value.untracked(impl.owner().descriptorString()));
        int expected = mt.parameterCount() + (op == Opcode.INVOKESTATIC ? 0 : 1);
        Value[] args = all.toArray(Value[]::new);
        if (op == null || args.length != expected) {
            unknownArguments(f, args, at("passed to a lambda whose arguments the analysis cannot match"));
            return untrackedResult(ret);
        }
        Value r = call(f, op, owner, impl.methodName(), mt, args);
        if (impl.kind() == DirectMethodHandleDesc.Kind.CONSTRUCTOR) return ret.isPrimitive() ? Value.PRIM : args[0];
        if (ret.isPrimitive()) return Value.PRIM;
        return r == null || r == Value.PRIM ? Value.external(ret.descriptorString()) : r;
    }

    /** Calls an object of a functional interface with {@code callArgs}: its lambda if known, else unknown code. */
    Value callFunction(Frame f, Value fn, Value[] callArgs, ClassDesc ret, String what) {
        if (fn.lambda() != null) return invokeLambda(f, fn.lambda(), callArgs, ret);
        Reason r = at("passed to " + what + ", which calls a function object the analysis cannot see into");
        unknown(f, fn, r);
        unknownArguments(f, callArgs, r);
        return untrackedResult(ret);
    }

    private void invokeDynamic(Frame f, InvokeDynamicInstruction indy, int i) {
        MethodTypeDesc mt = indy.typeSymbol();
        Value[] args = popArguments(f, mt, false);
        DirectMethodHandleDesc bsm = indy.bootstrapMethod();
        String factory = bsm.owner().descriptorString();
        ClassDesc ret = mt.returnType();
        switch (factory) {
            case "Ljava/lang/invoke/LambdaMetafactory;" -> {
                if (indy.bootstrapArgs().size() >= 2 && indy.bootstrapArgs().get(0) instanceof MethodTypeDesc sam
                        && indy.bootstrapArgs().get(1) instanceof DirectMethodHandleDesc impl) {
                    String siteId = target.label() + "#" + i;
                    f.push(Value.lambda(new Value.Lambda(siteId, indy.name().stringValue(), sam.descriptorString(), impl, List.of(args)),
                            ret.descriptorString()));
                    return;
                }
                unknownArguments(f, args, at("captured by a lambda the analysis cannot read"));
            }
            case "Ljava/lang/invoke/StringConcatFactory;" -> {
                for (int k = 0; k < args.length; k++) {
                    ClassDesc t = mt.parameterType(k);
                    if (!args[k].tracked() || t.isPrimitive() || t.isArray()) continue;
                    if (KnownMethods.isValueType(t.descriptorString())) {
                        read(f, args[k], at("string concatenation"));
                    } else {
                        String cls = t.descriptorString();
                        String recv = args[k].type() != null && args[k].type().startsWith("L") ? args[k].type() : cls;
                        call(f, Opcode.INVOKEVIRTUAL, recv.substring(1, recv.length() - 1), "toString",
                                MethodTypeDesc.of(ConstantDescs.CD_String), new Value[]{args[k]});
                    }
                }
            }
            case "Ljava/lang/runtime/SwitchBootstraps;" -> { }
            default -> unknownArguments(f, args, at("passed to invokedynamic " + indy.name().stringValue() + " (bootstrap "
                    + simpleName(bsm.owner().descriptorString()) + "." + bsm.methodName() + "), which the analysis cannot see into"));
        }
        pushResult(f, ret, null);
    }

    // ---- facts -------------------------------------------------------------------------------------

    /** A reason at the current instruction: "{@code what} at Kernels.java:42". */
    Reason at(String what) {
        return Reason.of(what + " at " + where());
    }

    private String where() {
        int line = lineOf.get(current);
        return line >= 0 ? file + ":" + line : target.label();
    }

    void read(Frame f, Value v, Reason r) {
        read(f, v, r, false);
    }

    /**
     * A read of {@code v}'s data; {@code shallow}: of the object {@code v} itself (its own fields or elements), so
     * for a parameter {@code v} certainly is, not of the objects its data references.
     */
    void read(Frame f, Value v, Reason r, boolean shallow) {
        note(out.read, out.readDeep, v, r, shallow);
        long early = v.origins() & references & ~f.covered;
        for (int p = 0; early != 0; p++, early >>>= 1)
            if ((early & 1) != 0 && out.readEarly[p] == null) out.readEarly[p] = r;
    }

    private void readAfterCover(Value v, Reason r, boolean shallow) {
        note(out.read, out.readDeep, v, r, shallow);
    }

    void write(Frame f, Value v, Reason r) {
        write(f, v, r, false);
    }

    /** A write into {@code v}'s data; {@code shallow}: as for {@link #read(Frame, Value, Reason, boolean)}. */
    void write(Frame f, Value v, Reason r, boolean shallow) {
        note(out.write, out.writeDeep, v, r, shallow);
    }

    /**
     * Records {@code r} as the first reason in {@code any} for every parameter {@code v} may point into, and in
     * {@code deepOnly} for those reached beyond the parameter object itself ({@code shallow} excludes the
     * parameter {@code v} certainly is).
     */
    private void note(Reason[] any, Reason[] deepOnly, Value v, Reason r, boolean shallow) {
        long o = v.origins() & references;
        long deep = shallow ? o & ~v.direct() : o;
        for (int p = 0; o != 0; p++, o >>>= 1, deep >>>= 1) {
            if ((o & 1) == 0) continue;
            if (any[p] == null) any[p] = r;
            if ((deep & 1) != 0 && deepOnly[p] == null) deepOnly[p] = r;
        }
    }

    /**
     * A call that changes the object {@code v} itself, not the data it was made from (an iterator advanced, a stream
     * consumed): a write of each parameter {@code v} may be that object, which one whose declared type is an array or a
     * collection ({@code containers}, such as the list an iterator came from) cannot be.
     */
    void changesItself(Frame f, Value v, Reason r, Set<String> containers) {
        List<ClassDesc> ps = target.parameterTypes();
        long o = v.origins() & references;
        for (int p = 0; o != 0; p++, o >>>= 1) {
            if ((o & 1) == 0 || p >= ps.size()) continue;
            ClassDesc t = ps.get(p);
            if (t.isArray() || containers.contains(t.descriptorString())) continue;
            write(f, Value.param(p, t.descriptorString()), r, true);
        }
    }

    /** A write of the whole of {@code v}: if {@code v} is certainly one parameter, that parameter is now covered. */
    void cover(Frame f, Value v, Reason r) {
        write(f, v, r, true);
        int p = v.wholeParam();
        if (p >= 0 && (references & (1L << p)) != 0) {
            if (out.cover[p] == null) out.cover[p] = r;
            f.covered |= 1L << p;
        }
    }

    void unknown(Frame f, Value v, Reason r) {
        long o = v.origins() & references;
        for (int p = 0; o != 0; p++, o >>>= 1) if ((o & 1) != 0 && out.unknown[p] == null) out.unknown[p] = r;
        f.published |= v.sites();
    }

    void unknownArguments(Frame f, Value[] args, Reason r) {
        for (Value v : args) unknown(f, v, r);
    }

    /**
     * A reference to {@code v}'s data is stored into {@code into}'s data: absorbed by objects allocated here
     * and not yet published, a flow into parameters, or an escape into something untracked.
     */
    void storeRef(Frame f, Value into, Value v, Reason r) {
        storeRef(f, into, v, r, false, null);
    }

    /**
     * As {@link #storeRef(Frame, Value, Value, Reason)}. {@code itself}: the store is into {@code into}'s own
     * field or element (a {@code putfield} or {@code aastore} on it), not somewhere deeper in its data, so an
     * outside object merely reachable from a local object is not stored into. {@code also}: values popped off
     * the frame (a call's arguments) that take in the reference as the frame's values do.
     */
    private void storeRef(Frame f, Value into, Value v, Reason r, boolean itself, Value[] also) {
        if (!v.tracked()) return;
        boolean own = itself && into.exact() && into.sites() != 0;
        boolean direct = itself && into.origins() != 0 && into.direct() == into.origins() && into.sites() == 0;
        if ((into.sites() & ~Value.EXTERNAL & f.published) != 0 || !into.tracked()
                || (!own && (into.sites() & Value.EXTERNAL) != 0) || (!direct && (into.origins() & f.outside) != 0)) {
            unknown(f, v, Reason.of(r.event() + " (stored into an object the analysis does not follow)"));
            return;
        }
        long local = into.sites() & ~Value.EXTERNAL;
        if (local != 0) {
            f.absorb(local, v);
            if (also != null) for (int i = 0; i < also.length; i++) also[i] = also[i].absorb(local, v);
        }
        if (into.origins() != 0) {
            if ((v.sites() & (f.published | Value.EXTERNAL)) != 0) outside(f, into.origins(), r);
            f.published |= v.sites();
            long from = v.origins() & references;
            for (int p = 0; from != 0; p++, from >>>= 1) {
                if ((from & 1) == 0) continue;
                out.flows[p] |= into.origins() & references;
                if (out.flowReason[p] == null) out.flowReason[p] = r;
            }
        }
    }

    /** The data of parameters {@code origins} may now hold references to objects from outside: a store into it, but not into the parameter itself, escapes. */
    private void outside(Frame f, long origins, Reason r) {
        f.outside |= origins;
        long o = origins & references;
        for (int p = 0; o != 0; p++, o >>>= 1) if ((o & 1) != 0 && out.outside[p] == null) out.outside[p] = r;
    }

    private void returned(Value v, Reason r) {
        long o = v.origins() & references;
        out.returns |= o;
        for (int p = 0; o != 0; p++, o >>>= 1) if ((o & 1) != 0 && out.returned[p] == null) out.returned[p] = r;
    }

    // ---- helpers -----------------------------------------------------------------------------------

    static Value untrackedResult(ClassDesc ret) {
        if (ret.equals(ConstantDescs.CD_void)) return null;
        return ret.isPrimitive() ? Value.PRIM : Value.external(ret.descriptorString());
    }

    static int slots(ClassDesc t) {
        return t.equals(ConstantDescs.CD_long) || t.equals(ConstantDescs.CD_double) ? 2 : 1;
    }

    private static String component(String arrayType) {
        return arrayType != null && arrayType.startsWith("[") ? arrayType.substring(1) : null;
    }

    /** "Kernels.axpyInto(double[], double[])". */
    static String label(String owner, String name, MethodTypeDesc mt) {
        StringBuilder sb = new StringBuilder(simpleName(owner)).append('.').append(name).append('(');
        for (int k = 0; k < mt.parameterCount(); k++) {
            if (k > 0) sb.append(", ");
            sb.append(mt.parameterType(k).displayName());
        }
        return sb.append(')').toString();
    }

    /** The simple name of an internal class name or descriptor: "Kernels" for {@code org/weft/Kernels} or {@code Lorg/weft/Kernels;}. */
    static String simpleName(String internal) {
        String s = internal.startsWith("L") && internal.endsWith(";") ? internal.substring(1, internal.length() - 1) : internal;
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
