/*
 * NeuRLP's block-tridiagonal normal equations, factored and solved on a GPU: the K band blocks of
 * m unknowns of org.mnn.solver.BlockNormalEquations, plus the Schur complement of the dense border
 * (mb unknowns), by one of two algorithms (CudaNeuRlpSolver chooses):
 *   - sequential (block Thomas): one thread per batch item runs the block Cholesky recursion over
 *     its K blocks: B threads, depth K;
 *   - cyclic reduction: each level eliminates every other remaining block in parallel, one thread
 *     per (block, item): B * K / 2 threads at the first level, depth log2(K) levels, about twice
 *     the arithmetic.
 *
 * Compiled at run time by NVRTC for the GPU at hand (CudaDriverDevice), and by the C compiler for
 * the CPU (HostDevice, where the same text runs the threads in a loop): the tests check the
 * arithmetic of this very file without a GPU. So it is written in the common subset of C99 and
 * CUDA C++: no headers under NVRTC, no C++ features, `double` throughout (NeuRLP needs float64).
 *
 * Layout: every array is item-interleaved, element e of item b at p[e * nb + b], so that the
 * threads of a warp (consecutive items) read consecutive addresses. Per item:
 *   D [K][m][m]   in: the diagonal blocks D_k; out: Cholesky factors (lower triangle)
 *   U [K][m][m]   in: the upper blocks U_k = M[block k-1][block k]; sequential: out E_k^T =
 *                 L_{k-1}^{-1} U_k; cyclic reduction: the couplings of the remaining blocks
 *   GL, GR [K][m][m]  cyclic reduction: L_j^{-1} M[j][left] and L_j^{-1} M[j][right] of each
 *                 eliminated block j (its neighbours at the level it was eliminated)
 *   DG [K][m]     cyclic reduction: M's diagonal (pivots are judged against it)
 *   PINFO [K][4]  cyclic reduction, per block: failed local unknown (-1 none), its pivot, the
 *                 block's smallest pivot / diagonal ratio, the stride of the level it was factored at
 *   F [K][m][mb]  the border columns;  Z [K][m][mb]: in F, out A^{-1} F (A the band's matrix)
 *   G [mb][mb]    in: the corner; out: the Cholesky factor of G - F^T Z
 *   info [4]      smallest pivot / diagonal ratio; failed unknown (-1 none); its pivot; what
 *                 failed (0 nothing, 1 band unknown, 2 border unknown)
 *   X [K][m][c], Y [mb]  right-hand sides, overwritten with the solution
 * A pivot at or below tol times its diagonal entry of M means a singular system (the banded
 * solver's test), written so that NaN fails too.
 */
#if defined(__CUDACC__) || defined(__CUDACC_RTC__)
#define MNN_KERNEL extern "C" __global__ void
#define MNN_FN __device__ static
/* one thread per index t < n; threads past the end do nothing */
#define MNN_EACH(n) idx t = (idx) blockIdx.x * blockDim.x + threadIdx.x; if (t < (n))
#else
#include <math.h>
#define MNN_KERNEL void
#define MNN_FN static
#define MNN_EACH(n) for (idx t = 0; t < (n); t++)
#endif

typedef long long idx;

/* element e of item b */
#define AT(p, e) (p)[(idx) (e) * nb + b]
/* element (k, i, j) of an item's [K][r][c] array */
#define BLK(p, k, i, j, r, c) AT(p, ((idx) (k) * (r) + (i)) * (c) + (j))
/* element (i, j) of block k of an m x m block array */
#define SQ(p, k, i, j) BLK(p, k, i, j, m, m)

/* ---- sequential (block Thomas), one thread per item ------------------------------------------- */

/*
 * X = A^{-1} X for the c columns of an item's X [K][m][c], with T T^T = A the band's factorisation:
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
                        v -= SQ(E, k, r, i) * BLK(X, k - 1, r, col, m, c);
                    }
                }
                for (int q = 0; q < i; q++) {
                    v -= SQ(L, k, i, q) * BLK(X, k, q, col, m, c);
                }
                BLK(X, k, i, col, m, c) = v / SQ(L, k, i, i);
            }
        }
    }
    for (int k = K - 1; k >= 0; k--) {
        for (int col = 0; col < c; col++) {
            for (int i = m - 1; i >= 0; i--) {
                double v = BLK(X, k, i, col, m, c);
                if (k < K - 1) {
                    for (int r = 0; r < m; r++) {
                        v -= SQ(E, k + 1, i, r) * BLK(X, k + 1, r, col, m, c);
                    }
                }
                for (int q = i + 1; q < m; q++) {
                    v -= SQ(L, k, q, i) * BLK(X, k, q, col, m, c);
                }
                BLK(X, k, i, col, m, c) = v / SQ(L, k, i, i);
            }
        }
    }
}

/* Records a failed pivot in an item's info. */
MNN_FN void fail(idx b, idx nb, double *info, int what, idx unknown, double pivot)
{
    AT(info, 1) = (double) unknown;
    AT(info, 2) = pivot;
    AT(info, 3) = what;
}

MNN_FN void factor_item(idx b, idx nb, int K, int m, double tol, double *L, double *E, double *info)
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
                    double v = SQ(E, k, i, col);
                    for (int q = 0; q < i; q++) {
                        v -= SQ(L, k - 1, i, q) * SQ(E, k, q, col);
                    }
                    SQ(E, k, i, col) = v / SQ(L, k - 1, i, i);
                }
            }
        }
        /* Cholesky of S_k = D_k - (E_k^T)^T E_k^T, the Schur update fused in, so that column j
           still holds D_k's entries when it is read, and D_jj is at hand for the pivot test */
        for (int j = 0; j < m; j++) {
            for (int i = j; i < m; i++) {
                double d = SQ(L, k, i, j);
                double v = d;
                if (k > 0) {
                    for (int r = 0; r < m; r++) {
                        v -= SQ(E, k, r, i) * SQ(E, k, r, j);
                    }
                }
                for (int q = 0; q < j; q++) {
                    v -= SQ(L, k, i, q) * SQ(L, k, j, q);
                }
                if (i == j) {
                    if (!(v > tol * d)) {
                        AT(info, 0) = ratio;
                        fail(b, nb, info, 1, (idx) k * m + j, v);
                        return;
                    }
                    if (v / d < ratio) {
                        ratio = v / d;
                    }
                    SQ(L, k, j, j) = sqrt(v);
                } else {
                    SQ(L, k, i, j) = v / SQ(L, k, j, j);
                }
            }
        }
    }
    AT(info, 0) = ratio;
}

/* Factors every item's band, sequentially over its blocks. */
MNN_KERNEL mnn_factor(idx nb, int K, int m, double tol, double *L, double *E, double *info)
{
    MNN_EACH(nb) factor_item(t, nb, K, m, tol, L, E, info);
}

/* X = A^{-1} X with the sequential factors, for the c columns of X [K][m][c]. */
MNN_KERNEL mnn_solve(idx nb, int K, int m, int c, const double *L, const double *E, double *X)
{
    MNN_EACH(nb) band_solve(t, nb, K, m, c, L, E, X);
}

/* ---- the border, one thread per item (after either band algorithm) ---------------------------- */

/* The Cholesky factor of the border's Schur complement G - F^T Z, in place on G; skips items whose band failed.
   (A function of its own, like every thread body that returns early: on the CPU the threads are a loop.) */
MNN_FN void border_factor_item(idx b, idx nb, int K, int m, int mb, double tol, const double *F, const double *Z,
                               double *G, double *info)
{
    if (AT(info, 3) != 0) {
        return;
    }
    /* fused as in factor_item, so that G's diagonal is at hand for the pivot test */
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

MNN_KERNEL mnn_border_factor(idx nb, int K, int m, int mb, double tol, const double *F, const double *Z, double *G,
                             double *info)
{
    MNN_EACH(nb) border_factor_item(t, nb, K, m, mb, tol, F, Z, G, info);
}

/* Given t = A^{-1} r in X [K][m][1]: y = (G - F^T Z)^{-1} (Y - F^T t) into Y, then x = t - Z y in X. */
MNN_KERNEL mnn_border_solve(idx nb, int K, int m, int mb, const double *F, const double *Z, const double *G,
                            double *X, double *Y)
{
    MNN_EACH(nb) {
        idx b = t;
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
}

/* ---- cyclic reduction, one thread per (block, item) ------------------------------------------ */
/*
 * Level with stride s eliminates the blocks j = s, 3s, 5s, ... (< K) in terms of their remaining
 * neighbours j - s and j + s; the blocks 0, 2s, 4s, ... remain, with Schur-updated diagonals and
 * new couplings U'_{j+s} = M'[j-s][j+s]. After the last level (s >= K) block 0 alone remains and
 * is factored as a level of its own (first 0, no neighbours). Threads: t = i * nb + b, so that
 * consecutive threads are consecutive items of one block.
 */

/* Cholesky of D_j, GL_j = L_j^{-1} U_j^T (left neighbour), GR_j = L_j^{-1} U_{j+s} (right). */
MNN_FN void eliminate(idx b, idx nb, int j, int K, int m, int s, double tol, double *D, const double *U, double *GL,
                      double *GR, const double *DG, double *PINFO)
{
    double ratio = 1.0;
    BLK(PINFO, j, 0, 0, 1, 4) = -1;
    BLK(PINFO, j, 0, 1, 1, 4) = 0;
    BLK(PINFO, j, 0, 3, 1, 4) = s;
    for (int c = 0; c < m; c++) {
        for (int i = c; i < m; i++) {
            double v = SQ(D, j, i, c);
            for (int q = 0; q < c; q++) {
                v -= SQ(D, j, i, q) * SQ(D, j, c, q);
            }
            if (i == c) {
                double d = BLK(DG, j, c, 0, m, 1);
                if (!(v > tol * d)) {
                    BLK(PINFO, j, 0, 0, 1, 4) = c;
                    BLK(PINFO, j, 0, 1, 1, 4) = v;
                    BLK(PINFO, j, 0, 2, 1, 4) = ratio;
                    /* no contribution to the neighbours, rather than whatever the memory held
                       (uninitialised on a GPU), so that later levels fail only on their own */
                    for (int e = 0; e < m * m; e++) {
                        AT(GL, (idx) j * m * m + e) = 0.0;
                        AT(GR, (idx) j * m * m + e) = 0.0;
                    }
                    return;
                }
                if (v / d < ratio) {
                    ratio = v / d;
                }
                SQ(D, j, c, c) = sqrt(v);
            } else {
                SQ(D, j, i, c) = v / SQ(D, j, c, c);
            }
        }
    }
    BLK(PINFO, j, 0, 2, 1, 4) = ratio;
    int left = j - s >= 0;
    int right = j + s < K;
    for (int col = 0; col < m; col++) {
        for (int i = 0; i < m; i++) {
            double l = left ? SQ(U, j, col, i) : 0.0;   /* U_j^T: M[j][j-s] */
            double r = right ? SQ(U, j + s, i, col) : 0.0;
            for (int q = 0; q < i; q++) {
                l -= SQ(D, j, i, q) * SQ(GL, j, q, col);
                r -= SQ(D, j, i, q) * SQ(GR, j, q, col);
            }
            SQ(GL, j, i, col) = l / SQ(D, j, i, i);
            SQ(GR, j, i, col) = r / SQ(D, j, i, i);
        }
    }
}

MNN_KERNEL mnn_cr_eliminate(idx nb, int count, int K, int m, int first, int stride, int s, double tol, double *D,
                            const double *U, double *GL, double *GR, const double *DG, double *PINFO)
{
    MNN_EACH(nb * count) eliminate(t % nb, nb, first + stride * (int) (t / nb), K, m, s, tol, D, U, GL, GR, DG, PINFO);
}

/* The remaining blocks k = 0, 2s, 4s, ...: D_k -= GL_{k+s}^T GL_{k+s} + GR_{k-s}^T GR_{k-s};
   U_k = -GL_{k-s}^T GR_{k-s} (the coupling to k - 2s). */
MNN_KERNEL mnn_cr_update(idx nb, int count, int K, int m, int s, double *D, double *U, const double *GL,
                         const double *GR)
{
    MNN_EACH(nb * count) {
        idx b = t % nb;
        int k = 2 * s * (int) (t / nb);
        int up = k + s < K;
        int down = k - s >= 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double v = SQ(D, k, i, j);
                double u = 0.0;
                for (int r = 0; r < m; r++) {
                    if (up) {
                        v -= SQ(GL, k + s, r, i) * SQ(GL, k + s, r, j);
                    }
                    if (down) {
                        v -= SQ(GR, k - s, r, i) * SQ(GR, k - s, r, j);
                        u -= SQ(GL, k - s, r, i) * SQ(GR, k - s, r, j);
                    }
                }
                SQ(D, k, i, j) = v;
                if (down) {
                    SQ(U, k, i, j) = u;
                }
            }
        }
    }
}

/* One item's info from its blocks' PINFO: the smallest ratio; of the failed blocks, the one
   factored at the earliest level (the first failure; later ones may follow from it), then the lowest. */
MNN_KERNEL mnn_cr_info(idx nb, int K, int m, const double *PINFO, double *info)
{
    MNN_EACH(nb) {
        idx b = t;
        double ratio = 1.0;
        int first = -1;
        for (int k = 0; k < K; k++) {
            double r = BLK(PINFO, k, 0, 2, 1, 4);
            if (r < ratio) {
                ratio = r;
            }
            if (BLK(PINFO, k, 0, 0, 1, 4) >= 0
                    && (first < 0 || BLK(PINFO, k, 0, 3, 1, 4) < BLK(PINFO, first, 0, 3, 1, 4))) {
                first = k;
            }
        }
        AT(info, 0) = ratio;
        AT(info, 1) = -1;
        AT(info, 2) = 0;
        AT(info, 3) = 0;
        if (first >= 0) {
            fail(b, nb, info, 1, (idx) first * m + (idx) BLK(PINFO, first, 0, 0, 1, 4), BLK(PINFO, first, 0, 1, 1, 4));
        }
    }
}

/* Forward, eliminated blocks j: y_j = L_j^{-1} x_j, for c columns of X [K][m][c]. */
MNN_KERNEL mnn_cr_forward(idx nb, int count, int m, int c, int first, int stride, const double *D, double *X)
{
    MNN_EACH(nb * count) {
        idx b = t % nb;
        int j = first + stride * (int) (t / nb);
        for (int col = 0; col < c; col++) {
            for (int i = 0; i < m; i++) {
                double v = BLK(X, j, i, col, m, c);
                for (int q = 0; q < i; q++) {
                    v -= SQ(D, j, i, q) * BLK(X, j, q, col, m, c);
                }
                BLK(X, j, i, col, m, c) = v / SQ(D, j, i, i);
            }
        }
    }
}

/* Forward, remaining blocks k = 0, 2s, ...: x_k -= GL_{k+s}^T y_{k+s} + GR_{k-s}^T y_{k-s}. */
MNN_KERNEL mnn_cr_forward_update(idx nb, int count, int K, int m, int c, int s, const double *GL, const double *GR,
                                 double *X)
{
    MNN_EACH(nb * count) {
        idx b = t % nb;
        int k = 2 * s * (int) (t / nb);
        for (int col = 0; col < c; col++) {
            for (int i = 0; i < m; i++) {
                double v = BLK(X, k, i, col, m, c);
                for (int r = 0; r < m; r++) {
                    if (k + s < K) {
                        v -= SQ(GL, k + s, r, i) * BLK(X, k + s, r, col, m, c);
                    }
                    if (k - s >= 0) {
                        v -= SQ(GR, k - s, r, i) * BLK(X, k - s, r, col, m, c);
                    }
                }
                BLK(X, k, i, col, m, c) = v;
            }
        }
    }
}

/* Back, eliminated blocks j: x_j = L_j^{-T} (y_j - GL_j x_{j-s} - GR_j x_{j+s}). */
MNN_KERNEL mnn_cr_back(idx nb, int count, int K, int m, int c, int first, int stride, int s, const double *D,
                       const double *GL, const double *GR, double *X)
{
    MNN_EACH(nb * count) {
        idx b = t % nb;
        int j = first + stride * (int) (t / nb);
        for (int col = 0; col < c; col++) {
            for (int i = 0; i < m; i++) {
                double v = BLK(X, j, i, col, m, c);
                for (int r = 0; r < m; r++) {
                    if (j - s >= 0) {
                        v -= SQ(GL, j, i, r) * BLK(X, j - s, r, col, m, c);
                    }
                    if (j + s < K) {
                        v -= SQ(GR, j, i, r) * BLK(X, j + s, r, col, m, c);
                    }
                }
                BLK(X, j, i, col, m, c) = v;
            }
            for (int i = m - 1; i >= 0; i--) {
                double v = BLK(X, j, i, col, m, c);
                for (int q = i + 1; q < m; q++) {
                    v -= SQ(D, j, q, i) * BLK(X, j, q, col, m, c);
                }
                BLK(X, j, i, col, m, c) = v / SQ(D, j, i, i);
            }
        }
    }
}
