package org.weft.linalg;

import org.weft.WeftException;

/**
 * A Cholesky factorization met a matrix that is not positive definite: the leading minor of order
 * {@link #order()} is not, which the factorization of diagonal tile {@code (tile, tile)} found. What the
 * matrix holds afterwards is stated by {@link Cholesky#factor}.
 */
public final class NotPositiveDefiniteException extends WeftException {
    private final int tile, order;

    public NotPositiveDefiniteException(int tile, int order, String message) {
        super(message, null);
        this.tile = tile;
        this.order = order;
    }

    /** The diagonal tile whose factorization failed. */
    public int tile() { return tile; }

    /** The order of the leading minor that is not positive definite (from 1, as LAPACK's INFO). */
    public int order() { return order; }
}
