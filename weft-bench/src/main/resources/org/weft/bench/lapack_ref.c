/*
 * LAPACKE references for Weft's tiled QR and LU, in the anchors' conventions (built against the anchors'
 * common.h by `weft bench linalg`):
 *
 *   lapack_ref dgeqrf|dgetrf N REPS THREADS
 *
 * dgeqrf: QR of a uniform random N x N matrix, flops 4N^3/3.
 * dgetrf: LU with partial pivoting of a diagonally dominant N x N matrix (which needs no row exchanges,
 *         so it does the same arithmetic as Weft's LU without pivoting plus the pivot search), flops 2N^3/3.
 * Column-major, OpenBLAS with THREADS threads; times the factorization only, a fresh copy per rep.
 */
#include "common.h"
#include <lapacke.h>

void openblas_set_num_threads(int);

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: %s dgeqrf|dgetrf N REPS THREADS\n", argv[0]);
        return 1;
    }
    const char *mode = argv[1];
    int n = atoi(argv[2]), reps = atoi(argv[3]), threads = atoi(argv[4]);
    int qr = strcmp(mode, "dgeqrf") == 0;
    if (!qr && strcmp(mode, "dgetrf") != 0) {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 1;
    }
    size_t bytes = sizeof(double) * (size_t)n * n;
    double *a0 = (double *)xalloc(bytes), *w = (double *)xalloc(bytes);
    double *tau = (double *)xalloc(sizeof(double) * (size_t)n);
    lapack_int *ipiv = (lapack_int *)xalloc(sizeof(lapack_int) * (size_t)n);
    uint64_t s = 4242;
    for (size_t i = 0; i < (size_t)n * n; i++)
        a0[i] = 2.0 * rnd_unit(&s) - 1.0;
    if (!qr)
        for (int i = 0; i < n; i++)
            a0[i + (size_t)i * n] += n;
    double flops = qr ? 4.0 * n * (double)n * n / 3.0 : 2.0 * n * (double)n * n / 3.0;
    openblas_set_num_threads(threads);
    for (int r = 0; r < reps; r++) {
        memcpy(w, a0, bytes);
        struct noise_probe np;
        noise_read(&np);
        double t0 = now_s();
        int info = qr ? LAPACKE_dgeqrf(LAPACK_COL_MAJOR, n, n, w, n, tau)
                      : LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, w, n, ipiv);
        double dt = now_s() - t0;
        double fg = noise_foreign(&np);
        if (info != 0) {
            printf("RESULT %s lapacke-%s rt=none n=%d threads=%d rep=%d status=FAIL info=%d\n", qr ? "qr" : "lu", mode, n, threads, r, info);
            return 3;
        }
        printf("RESULT %s lapacke-%s rt=none n=%d nb=0 threads=%d rep=%d time_s=%.4f gflops=%.2f foreign=%.2f\n",
               qr ? "qr" : "lu", mode, n, threads, r, dt, flops / dt * 1e-9, fg);
        fflush(stdout);
    }
    free(a0);
    free(w);
    free(tau);
    free(ipiv);
    return 0;
}
