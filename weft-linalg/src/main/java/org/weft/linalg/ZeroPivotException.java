package org.weft.linalg;

import org.weft.WeftException;

/**
 * LU factorization without pivoting met a zero (or not finite) pivot in column {@link #column()} (from 1),
 * found while factoring diagonal tile {@code (tile, tile)}. What the matrix holds afterwards is stated by
 * {@link LU#factor}.
 */
public final class ZeroPivotException extends WeftException {
    private final int tile, column;

    public ZeroPivotException(int tile, int column, String message) {
        super(message, null);
        this.tile = tile;
        this.column = column;
    }

    public int tile() { return tile; }

    public int column() { return column; }
}
