/** Tiled dense linear algebra on Weft tasks: Cholesky, LU, QR, GEMM, triangular solves, over native BLAS. */
module org.weft.linalg {
    requires transitive org.weft.core;

    exports org.weft.linalg;
    exports org.weft.linalg.kernel;
}
