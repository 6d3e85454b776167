package org.weft.data;

/** The main diagonal of a {@link Matrix}: {@code min(rows, cols)} elements, one span each. */
public final class Diagonal implements View {
    private final Matrix m;
    private final int length;

    Diagonal(Matrix m) {
        this.m = m;
        this.length = Math.min(m.rows(), m.cols());
    }

    public Matrix matrix() { return m; }
    public int length() { return length; }
    public double get(int k) { return m.get(k, k); }
    public void set(int k, double v) { m.set(k, k, v); }

    @Override public Object base() { return m.base(); }
    @Override public int spanCount() { return length; }
    @Override public long spanStart(int i) { return m.byteOf(m.offset() + i + (long) i * m.ld()); }
    @Override public long spanLength(int i) { return Double.BYTES; }
    @Override public String toString() { return "diagonal of " + m; }
}
