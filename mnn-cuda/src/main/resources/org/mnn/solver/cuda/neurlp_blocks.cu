/*
 * NeuRLP's block-tridiagonal normal equations, factored and solved on a GPU: one thread per batch
 * item runs the block Cholesky (block Thomas) recursion of org.mnn.solver.BlockNormalEquations
 * over its K blocks of m unknowns, then the Schur complement of the dense border (mb unknowns).
 *
 * Compiled at run time by NVRTC for the GPU at hand (CudaDriverDevice), and by the C compiler for
 * the CPU (HostDevice, where the same text runs the items in a loop): the tests check the
 * arithmetic of this very file without a GPU. So it is written in the common subset of C99 and
 * CUDA C++: no headers under NVRTC, no C++ features, `double` throughout (NeuRLP needs float64).
 *
 * Layout: every array is item-interleaved, element e of item b at p[e * nb + b], so that the
 * threads of a warp (consecutive items) read consecutive addresses. Per item:
 *   L [K][m][m]  in: the diagonal blocks D_k;   out: their Cholesky factors L_k (lower triangle)
 *   E [K][m][m]  in: the upper blocks U_k;      out: E_k^T = L_{k-1}^{-1} U_k (block 0 unused)
 *   F [K][m][mb] in: the border columns (kept)
 *   Z [K][m][mb] out: T^{-1} F, T the band's factor
 *   G [mb][mb]   in: the corner;                out: the Cholesky factor of G - F^T Z
 *   info [4]     out: smallest pivot / diagonal ratio; failed unknown (-1 none); its pivot;
 *                     what failed (0 nothing, 1 band unknown, 2 border unknown)
 * A solve takes X [K][m] and Y [mb] (band and border right-hand sides) and overwrites them with
 * the solution.
 */
#if defined(__CUDACC__) || defined(__CUDACC_RTC__)
#define MNN_KERNEL extern "C" __global__ void
#define MNN_FN __device__ static
/* one thread per item; threads past the batch do nothing */
#define MNN_EACH_ITEM(nb) idx b = (idx) blockIdx.x * blockDim.x + threadIdx.x; if (b < (nb))
#else
#include <math.h>
#define MNN_KERNEL void
#define MNN_FN static
#define MNN_EACH_ITEM(nb) for (idx b = 0; b < (nb); b++)
#endif

typedef long long idx;

/* element e of item b */
#define AT(p, e) (p)[(idx) (e) * nb + b]
/* element (k, i, j) of an item's [K][r][c] array */
#define BLK(p, k, i, j, r, c) AT(p, ((idx) (k) * (r) + (i)) * (c) + (j))

/*
 * X = T^{-1} X for the c columns of an item's X [K][m][c], with T T^T the band's factorisation:
 * forward y_k = L_k^{-1} (x_k - (E_k^T)^T y_{k-1}), then back x_k = L_k^{-T} (y_k - E_{k+1}^T x_{k+1}).
 */
MNN_FN void band_solve(idx b, idx nb, int K, int m, int c, const double *L, const double *E, double *X)
{
    for (int k = 0; k < K; k++) {
        for (int col = 0; col < c; col++) {
            for (int i = 0; i < m; i++) {
                double v = BLK(X, k, i, col, m, c);
                if (k > 0) {
                    for (int r = 0; r < m; r++) {
                        v -= BLK(E, k, r, i, m, m) * BLK(X, k - 1, r, col, m, c);
                    }
                }
                for (int q = 0; q < i; q++) {
                    v -= BLK(L, k, i, q, m, m) * BLK(X, k, q, col, m, c);
                }
                BLK(X, k, i, col, m, c) = v / BLK(L, k, i, i, m, m);
            }
        }
    }
    for (int k = K - 1; k >= 0; k--) {
        for (int col = 0; col < c; col++) {
            for (int i = m - 1; i >= 0; i--) {
                double v = BLK(X, k, i, col, m, c);
                if (k < K - 1) {
                    for (int r = 0; r < m; r++) {
                        v -= BLK(E, k + 1, i, r, m, m) * BLK(X, k + 1, r, col, m, c);
                    }
                }
                for (int q = i + 1; q < m; q++) {
                    v -= BLK(L, k, q, i, m, m) * BLK(X, k, q, col, m, c);
                }
                BLK(X, k, i, col, m, c) = v / BLK(L, k, i, i, m, m);
            }
        }
    }
}

/* Records a failed pivot and ends the item's factorisation. */
MNN_FN void fail(idx b, idx nb, double *info, int what, int unknown, double pivot)
{
    AT(info, 1) = unknown;
    AT(info, 2) = pivot;
    AT(info, 3) = what;
}

MNN_FN void factor_item(idx b, idx nb, int K, int m, int mb, double tol, double *L, double *E, const double *F,
                        double *Z, double *G, double *info)
{
    double ratio = 1.0;
    AT(info, 1) = -1;
    AT(info, 2) = 0;
    AT(info, 3) = 0;
    for (int k = 0; k < K; k++) {
        if (k > 0) {
            /* E_k^T = L_{k-1}^{-1} U_k, column by column, in place */
            for (int col = 0; col < m; col++) {
                for (int i = 0; i < m; i++) {
                    double v = BLK(E, k, i, col, m, m);
                    for (int q = 0; q < i; q++) {
                        v -= BLK(L, k - 1, i, q, m, m) * BLK(E, k, q, col, m, m);
                    }
                    BLK(E, k, i, col, m, m) = v / BLK(L, k - 1, i, i, m, m);
                }
            }
        }
        /* Cholesky of S_k = D_k - (E_k^T)^T E_k^T, the Schur update fused in, so that column j
           still holds D_k's entries when it is read, and D_jj is at hand for the pivot test */
        for (int j = 0; j < m; j++) {
            for (int i = j; i < m; i++) {
                double d = BLK(L, k, i, j, m, m);
                double v = d;
                if (k > 0) {
                    for (int r = 0; r < m; r++) {
                        v -= BLK(E, k, r, i, m, m) * BLK(E, k, r, j, m, m);
                    }
                }
                for (int q = 0; q < j; q++) {
                    v -= BLK(L, k, i, q, m, m) * BLK(L, k, j, q, m, m);
                }
                if (i == j) {
                    /* the banded solver's test: a pivot at or below tol of M's diagonal is singular
                       (written so that NaN fails too) */
                    if (!(v > tol * d)) {
                        AT(info, 0) = ratio;
                        fail(b, nb, info, 1, k * m + j, v);
                        return;
                    }
                    if (v / d < ratio) {
                        ratio = v / d;
                    }
                    BLK(L, k, j, j, m, m) = sqrt(v);
                } else {
                    BLK(L, k, i, j, m, m) = v / BLK(L, k, j, j, m, m);
                }
            }
        }
    }
    AT(info, 0) = ratio;
    if (mb == 0) {
        return;
    }
    for (idx e = 0; e < (idx) K * m * mb; e++) {
        AT(Z, e) = AT(F, e);
    }
    band_solve(b, nb, K, m, mb, L, E, Z);
    /* Cholesky of the border's Schur complement G - F^T Z, fused as above */
    for (int j = 0; j < mb; j++) {
        for (int i = j; i < mb; i++) {
            double d = BLK(G, 0, i, j, mb, mb);
            double v = d;
            for (int k = 0; k < K; k++) {
                for (int r = 0; r < m; r++) {
                    v -= BLK(F, k, r, i, m, mb) * BLK(Z, k, r, j, m, mb);
                }
            }
            for (int q = 0; q < j; q++) {
                v -= BLK(G, 0, i, q, mb, mb) * BLK(G, 0, j, q, mb, mb);
            }
            if (i == j) {
                if (!(v > tol * fabs(d))) {
                    fail(b, nb, info, 2, j, v);
                    return;
                }
                BLK(G, 0, j, j, mb, mb) = sqrt(v);
            } else {
                BLK(G, 0, i, j, mb, mb) = v / BLK(G, 0, j, j, mb, mb);
            }
        }
    }
}

MNN_FN void solve_item(idx b, idx nb, int K, int m, int mb, const double *L, const double *E, const double *F,
                       const double *Z, const double *G, double *X, double *Y)
{
    band_solve(b, nb, K, m, 1, L, E, X);
    if (mb == 0) {
        return;
    }
    /* border: G' y = Y - F^T t with G' = Lb Lb^T, then x = t - Z y */
    for (int e = 0; e < mb; e++) {
        double v = AT(Y, e);
        for (int k = 0; k < K; k++) {
            for (int r = 0; r < m; r++) {
                v -= BLK(F, k, r, e, m, mb) * BLK(X, k, r, 0, m, 1);
            }
        }
        AT(Y, e) = v;
    }
    for (int i = 0; i < mb; i++) {
        double v = AT(Y, i);
        for (int q = 0; q < i; q++) {
            v -= BLK(G, 0, i, q, mb, mb) * AT(Y, q);
        }
        AT(Y, i) = v / BLK(G, 0, i, i, mb, mb);
    }
    for (int i = mb - 1; i >= 0; i--) {
        double v = AT(Y, i);
        for (int q = i + 1; q < mb; q++) {
            v -= BLK(G, 0, q, i, mb, mb) * AT(Y, q);
        }
        AT(Y, i) = v / BLK(G, 0, i, i, mb, mb);
    }
    for (int k = 0; k < K; k++) {
        for (int r = 0; r < m; r++) {
            double v = BLK(X, k, r, 0, m, 1);
            for (int e = 0; e < mb; e++) {
                v -= BLK(Z, k, r, e, m, mb) * AT(Y, e);
            }
            BLK(X, k, r, 0, m, 1) = v;
        }
    }
}

/* Factors every item's normal equations (arrays and info as above). */
MNN_KERNEL mnn_factor(idx nb, int K, int m, int mb, double tol, double *L, double *E, const double *F, double *Z,
                      double *G, double *info)
{
    MNN_EACH_ITEM(nb) factor_item(b, nb, K, m, mb, tol, L, E, F, Z, G, info);
}

/* Solves every item's system with the factors of mnn_factor, in place on X and Y. */
MNN_KERNEL mnn_solve(idx nb, int K, int m, int mb, const double *L, const double *E, const double *F,
                     const double *Z, const double *G, double *X, double *Y)
{
    MNN_EACH_ITEM(nb) solve_item(b, nb, K, m, mb, L, E, F, Z, G, X, Y);
}
