package org.weft.data;

/** A range or strided slice of a {@code double[]}; see {@link ArraySlice}. */
public final class DoubleSlice extends ArraySlice {
    private final double[] array;

    DoubleSlice(double[] array, int offset, int length, int stride) {
        super(array, array.length, 3, offset, length, stride);
        this.array = array;
    }

    /** The backing array. */
    public double[] array() {
        return array;
    }

    /** Element {@code i} of the slice. */
    public double get(int i) {
        return array[index(checked(i))];
    }

    /** Sets element {@code i} of the slice. */
    public void set(int i, double v) {
        array[index(checked(i))] = v;
    }

    /** Elements {@code [from, to)} of this slice, as a slice of the same array. */
    public DoubleSlice sub(int from, int to) {
        checked(from);
        if (to < from || to > length()) throw new IndexOutOfBoundsException("sub(" + from + ", " + to + ") of " + this);
        return new DoubleSlice(array, index(from), to - from, stride());
    }

    /** A copy of the covered elements, in slice order. */
    public double[] toArray() {
        double[] out = new double[length()];
        for (int i = 0; i < out.length; i++) out[i] = array[index(i)];
        return out;
    }

    private int checked(int i) {
        if (i < 0 || i >= length()) throw new IndexOutOfBoundsException("element " + i + " of " + this);
        return i;
    }
}
