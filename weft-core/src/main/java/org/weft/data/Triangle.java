package org.weft.data;

/**
 * The lower ({@code i >= j}) or upper ({@code i <= j}) triangle of a {@link Matrix}, with or without the
 * diagonal: one span per non-empty column (none for an empty triangle, such as the strict lower triangle of a
 * single row, which aliases nothing). The strict lower and strict upper triangles of one matrix do not
 * alias; each aliases the {@link Diagonal} only when it includes the diagonal.
 */
public final class Triangle implements View {
    private final Matrix m;
    private final boolean lower, diagonal;
    private final int firstCol, spans;

    Triangle(Matrix m, boolean lower, boolean diagonal) {
        this.m = m;
        this.lower = lower;
        this.diagonal = diagonal;
        int shift = diagonal ? 0 : 1;
        if (lower) {                     // column j holds rows [j + shift, rows)
            firstCol = 0;
            spans = Math.max(0, Math.min(m.cols(), m.rows() - shift));
        } else {                         // column j holds rows [0, min(j + 1 - shift, rows))
            firstCol = shift;
            spans = m.rows() == 0 ? 0 : Math.max(0, m.cols() - shift);
        }
    }

    /** The matrix this triangle is part of. */
    public Matrix matrix() { return m; }
    public boolean isLower() { return lower; }
    public boolean includesDiagonal() { return diagonal; }

    /** True if {@code (i, j)} of the matrix belongs to this triangle. */
    public boolean contains(int i, int j) {
        if (i < 0 || j < 0 || i >= m.rows() || j >= m.cols()) return false;
        return lower ? (diagonal ? i >= j : i > j) : (diagonal ? i <= j : i < j);
    }

    public double get(int i, int j) {
        return m.get(inside(i, j), j);
    }

    public void set(int i, int j, double v) {
        m.set(inside(i, j), j, v);
    }

    private int inside(int i, int j) {
        if (!contains(i, j)) throw new IndexOutOfBoundsException("(" + i + ", " + j + ") is outside the " + this);
        return i;
    }

    private int firstRow(int j) { return lower ? j + (diagonal ? 0 : 1) : 0; }
    private int endRow(int j) { return lower ? m.rows() : Math.min(m.rows(), j + (diagonal ? 1 : 0)); }

    @Override public Object base() { return m.base(); }
    @Override public int spanCount() { return spans; }

    @Override
    public long spanStart(int i) {
        int j = firstCol + i;
        return m.byteOf(m.offset() + firstRow(j) + (long) j * m.ld());
    }

    @Override
    public long spanLength(int i) {
        int j = firstCol + i;
        return (long) (endRow(j) - firstRow(j)) * Double.BYTES;
    }

    @Override
    public String toString() {
        return (diagonal ? "" : "strict ") + (lower ? "lower" : "upper") + " triangle";
    }
}
