package org.weft.data;

/** A range or strided slice of a {@code byte[]}; see {@link ArraySlice}. */
public final class ByteSlice extends ArraySlice {
    private final byte[] array;

    ByteSlice(byte[] array, int offset, int length, int stride) {
        super(array, array.length, 0, offset, length, stride);
        this.array = array;
    }

    /** The backing array. */
    public byte[] array() {
        return array;
    }

    /** Element {@code i} of the slice. */
    public byte get(int i) {
        return array[index(checked(i))];
    }

    /** Sets element {@code i} of the slice. */
    public void set(int i, byte v) {
        array[index(checked(i))] = v;
    }

    /** Elements {@code [from, to)} of this slice, as a slice of the same array. */
    public ByteSlice sub(int from, int to) {
        checked(from);
        if (to < from || to > length()) throw new IndexOutOfBoundsException("sub(" + from + ", " + to + ") of " + this);
        return new ByteSlice(array, index(from), to - from, stride());
    }

    /** A copy of the covered elements, in slice order. */
    public byte[] toArray() {
        byte[] out = new byte[length()];
        for (int i = 0; i < out.length; i++) out[i] = array[index(i)];
        return out;
    }

    private int checked(int i) {
        if (i < 0 || i >= length()) throw new IndexOutOfBoundsException("element " + i + " of " + this);
        return i;
    }
}
