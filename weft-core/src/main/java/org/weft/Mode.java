package org.weft;

/**
 * How a task touches a datum. Two accesses to overlapping memory are ordered in spawn order unless both
 * only read, or both belong to the same {@link #COMMUTATIVE}, {@link #CONCURRENT} or {@link #REDUCE} group.
 */
public enum Mode {
    /** Reads. Ordered after earlier writers; runs alongside other readers. */
    IN,
    /** Writes without reading; the previous contents may be discarded. */
    OUT,
    /** Reads and writes. */
    INOUT,
    /** Read-modify-write in any order: consecutive commutative tasks exclude each other but need no order. */
    COMMUTATIVE,
    /** Consecutive concurrent tasks are not ordered among themselves (the task synchronizes itself). */
    CONCURRENT,
    /** Consecutive reduce tasks with the same operation write private partials, combined afterwards. */
    REDUCE,
    /** A value: passed as is, never tracked. */
    VALUE;

    /** True for every mode that may change the datum. */
    public boolean writes() {
        return this != IN && this != VALUE;
    }
}
