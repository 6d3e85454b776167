package org.weft.infer;

import java.util.Arrays;

/**
 * The abstract state before one instruction: local slots, operand stack (a long or double takes two slots,
 * the second {@link Value#PRIM}, as the JVM counts them, so the {@code dup} family works on slots), the
 * parameters certainly overwritten whole so far ({@code covered}, a must-fact: intersected at merges), and the
 * allocation sites whose objects may be reachable from elsewhere ({@code published}, a may-fact: united), and the
 * parameters whose data may hold references to objects from outside ({@code outside}, a may-fact: united).
 *
 * <p>For element loops, {@code prefixSlot[p]} and {@code prefixOff[p]} say that elements {@code [0, v + off)} of
 * array parameter {@code p} are certainly written, where {@code v} is the current value of local slot
 * {@code prefixSlot[p]} (-1: nothing known); for descending loops, {@code suffixSlot[p]} and {@code suffixOff[p]} say
 * the same of elements {@code [v + off, p.length)}. For nested loops over the rows of a flat matrix, {@code rowBase[p]},
 * {@code rowSlot[p]} and {@code rowOff[p]} say that elements {@code [0, b + j + off)} are certainly written, where
 * {@code b} and {@code j} are the current values of those two slots (the outer counter, at the row's start, and the
 * inner one; -1: nothing known). Must-facts: kept at a merge only where both states agree.
 */
final class Frame {
    final Value[] locals;
    final Value[] stack;
    int sp;
    long covered;
    long published;
    long outside;
    final int[] prefixSlot, prefixOff, suffixSlot, suffixOff, rowBase, rowSlot, rowOff;

    Frame(int maxLocals, int maxStack, int params) {
        locals = new Value[maxLocals];
        stack = new Value[maxStack];
        Arrays.fill(locals, Value.PRIM);
        prefixSlot = new int[params];
        prefixOff = new int[params];
        Arrays.fill(prefixSlot, -1);
        suffixSlot = new int[params];
        suffixOff = new int[params];
        Arrays.fill(suffixSlot, -1);
        rowBase = new int[params];
        rowSlot = new int[params];
        rowOff = new int[params];
        Arrays.fill(rowSlot, -1);
    }

    private Frame(Frame o) {
        locals = o.locals.clone();
        stack = o.stack.clone();
        sp = o.sp;
        covered = o.covered;
        published = o.published;
        outside = o.outside;
        prefixSlot = o.prefixSlot.clone();
        prefixOff = o.prefixOff.clone();
        suffixSlot = o.suffixSlot.clone();
        suffixOff = o.suffixOff.clone();
        rowBase = o.rowBase.clone();
        rowSlot = o.rowSlot.clone();
        rowOff = o.rowOff.clone();
    }

    Frame copy() {
        return new Frame(this);
    }

    void push(Value v) {
        stack[sp++] = v;
    }

    Value pop() {
        return stack[--sp];
    }

    /** Pushes a value of {@code slots} slots (2 for long and double). */
    void push(Value v, int slots) {
        push(v);
        if (slots == 2) push(Value.PRIM);
    }

    /** Pops a value of {@code slots} slots. */
    Value pop(int slots) {
        if (slots == 2) pop();
        return pop();
    }

    /** Joins {@code o} into this state; true if this state changed. */
    boolean merge(Frame o) {
        boolean changed = false;
        for (int i = 0; i < locals.length; i++) {
            Value j = locals[i].join(o.locals[i]);
            if (!j.equals(locals[i])) {
                locals[i] = j;
                changed = true;
            }
        }
        for (int i = 0; i < sp; i++) {
            Value j = stack[i].join(o.stack[i]);
            if (!j.equals(stack[i])) {
                stack[i] = j;
                changed = true;
            }
        }
        for (int q = 0; q < prefixSlot.length; q++) {
            if (prefixSlot[q] >= 0 && (prefixSlot[q] != o.prefixSlot[q] || prefixOff[q] != o.prefixOff[q])) {
                prefixSlot[q] = -1;
                changed = true;
            }
        }
        for (int q = 0; q < suffixSlot.length; q++) {
            if (suffixSlot[q] >= 0 && (suffixSlot[q] != o.suffixSlot[q] || suffixOff[q] != o.suffixOff[q])) {
                suffixSlot[q] = -1;
                changed = true;
            }
        }
        for (int q = 0; q < rowSlot.length; q++) {
            if (rowSlot[q] >= 0 && (rowSlot[q] != o.rowSlot[q] || rowBase[q] != o.rowBase[q] || rowOff[q] != o.rowOff[q])) {
                rowSlot[q] = -1;
                changed = true;
            }
        }
        long c = covered & o.covered, p = published | o.published, x = outside | o.outside;
        changed |= c != covered || p != published || x != outside;
        covered = c;
        published = p;
        outside = x;
        return changed;
    }

    /** Every value that may reach an object of {@code into} now also reaches {@code v}'s data. */
    void absorb(long into, Value v) {
        for (int i = 0; i < locals.length; i++) locals[i] = locals[i].absorb(into, v);
        for (int i = 0; i < sp; i++) stack[i] = stack[i].absorb(into, v);
    }
}
