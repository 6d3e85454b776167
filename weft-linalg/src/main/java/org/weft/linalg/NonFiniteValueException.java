package org.weft.linalg;

import org.weft.WeftException;

/**
 * A factorization met a value that is not finite (NaN or an infinity) where it would factor a diagonal tile:
 * the input held one in the part the factorization reads, or in a tile whose updates reached this one.
 * LAPACK's kernels do not all check for this (OpenBLAS's {@code dpotrf} tests only {@code a(j,j) <= 0}, which a
 * NaN passes), so a NaN would otherwise come back as a "factor" full of NaNs. The tile was not modified.
 */
public final class NonFiniteValueException extends WeftException {
    private final int tile, row, column;

    public NonFiniteValueException(int tile, int row, int column, String message) {
        super(message, null);
        this.tile = tile;
        this.row = row;
        this.column = column;
    }

    /** The diagonal tile where the value was found. */
    public int tile() { return tile; }

    /** Row of the value in the whole matrix, from 0. */
    public int row() { return row; }

    /** Column of the value in the whole matrix, from 0. */
    public int column() { return column; }
}
