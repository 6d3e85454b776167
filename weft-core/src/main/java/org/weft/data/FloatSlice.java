package org.weft.data;

/** A range or strided slice of a {@code float[]}; see {@link ArraySlice}. */
public final class FloatSlice extends ArraySlice {
    private final float[] array;

    FloatSlice(float[] array, int offset, int length, int stride) {
        super(array, array.length, 2, offset, length, stride);
        this.array = array;
    }

    /** The backing array. */
    public float[] array() {
        return array;
    }

    /** Element {@code i} of the slice. */
    public float get(int i) {
        return array[index(checked(i))];
    }

    /** Sets element {@code i} of the slice. */
    public void set(int i, float v) {
        array[index(checked(i))] = v;
    }

    /** Elements {@code [from, to)} of this slice, as a slice of the same array. */
    public FloatSlice sub(int from, int to) {
        checked(from);
        if (to < from || to > length()) throw new IndexOutOfBoundsException("sub(" + from + ", " + to + ") of " + this);
        return new FloatSlice(array, index(from), to - from, stride());
    }

    /** A copy of the covered elements, in slice order. */
    public float[] toArray() {
        float[] out = new float[length()];
        for (int i = 0; i < out.length; i++) out[i] = array[index(i)];
        return out;
    }

    private int checked(int i) {
        if (i < 0 || i >= length()) throw new IndexOutOfBoundsException("element " + i + " of " + this);
        return i;
    }
}
