package org.weft.data;

/** A range or strided slice of a {@code int[]}; see {@link ArraySlice}. */
public final class IntSlice extends ArraySlice {
    private final int[] array;

    IntSlice(int[] array, int offset, int length, int stride) {
        super(array, array.length, 2, offset, length, stride);
        this.array = array;
    }

    /** The backing array. */
    public int[] array() {
        return array;
    }

    /** Element {@code i} of the slice. */
    public int get(int i) {
        return array[index(checked(i))];
    }

    /** Sets element {@code i} of the slice. */
    public void set(int i, int v) {
        array[index(checked(i))] = v;
    }

    /** Elements {@code [from, to)} of this slice, as a slice of the same array. */
    public IntSlice sub(int from, int to) {
        checked(from);
        if (to < from || to > length()) throw new IndexOutOfBoundsException("sub(" + from + ", " + to + ") of " + this);
        return new IntSlice(array, index(from), to - from, stride());
    }

    /** A copy of the covered elements, in slice order. */
    public int[] toArray() {
        int[] out = new int[length()];
        for (int i = 0; i < out.length; i++) out[i] = array[index(i)];
        return out;
    }

    private int checked(int i) {
        if (i < 0 || i >= length()) throw new IndexOutOfBoundsException("element " + i + " of " + this);
        return i;
    }
}
