package org.mnn.solver.nd4j;

import java.util.Objects;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BlockNormalEquations;
import org.mnn.solver.IllPosedProblemException;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.Solution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NeuRLP with the factorisation and every solve done as ND4J tensor operations over the whole
 * batch, float64: the same least-squares problem and the same answer as
 * {@link org.mnn.solver.BandedNeuRlpSolver} (within rounding), on whatever ND4J backend is on
 * the class path (CPU, or CUDA with the {@code cuda} Maven profile).
 *
 * <p>How. The normal equations are assembled on the CPU by the shared row generator into
 * block-tridiagonal form ({@link BlockNormalEquations}: K blocks of m = p*D*(R+1) unknowns, p = 2
 * with central rows, plus a dense border of the slack and, for periodic problems, step 0), and
 * uploaded as {@code [K, B, m, m]} tensors. The factorisation is a block Cholesky (block Thomas):
 * sequential over the K blocks, batched over the B items, each block with batched
 * {@code triangularSolve}, {@code matmul} and {@code cholesky} (the ops the field notes found
 * correct on {@code [B, n, n]}):
 * <pre>
 *   S_0 = D_0;  E_k^T = L_{k-1}^{-1} U_k;  S_k = D_k - E_k E_k^T;  L_k = chol(S_k)
 * </pre>
 * The border is removed by a Schur complement: Z = T^{-1} F (T the band part, F the border
 * columns, solved with the band factor), S_b = G - F^T Z, factored once; a solve is one band
 * solve, one border solve and one update. Iterative refinement with row residuals follows the
 * banded solver's rule (always for R &gt;= 3 in the automatic setting, else on small pivots) so
 * that both solvers reach the same least-squares solution. The factors stay on the device for the
 * backward pass: {@link Solution#backward} solves all items at once with them.
 *
 * <p>Cost: about 10 tensor operations per block and solve, so K*10 dispatches per pass. On the
 * CPU backend each dispatch costs 10-45 us (field notes), so this solver is slower than the
 * plain-Java banded solver there; it exists for GPUs, where B*m^3 work per dispatch is cheap.
 * Unsupported: nothing of NeuRLP's options (slack, alpha, central rows, weights, periodic rows,
 * refinement all work); the block recursion is sequential in N (no cyclic reduction yet).
 */
public final class Nd4jNeuRlpSolver implements OdeSolver {
    private final NeuRlpOptions options;

    public Nd4jNeuRlpSolver(NeuRlpOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public NeuRlpOptions options() {
        return options;
    }

    /** Doubles kept per batch item for the backward pass (in ND4J's memory: host or device):
     * L_k and E_k^T, the border columns F and Z = T^{-1} F, the Schur factor. */
    public static long factorDoublesPerItem(OdeBatch batch, NeuRlpOptions options) {
        BlockNormalEquations sys = BlockNormalEquations.of(batch, options);
        long k = sys.blocks();
        long m = sys.blockSize();
        long mb = sys.borderSize();
        return 2 * k * m * m + 2 * k * m * mb + mb * mb;
    }

    @Override
    public Solution solve(OdeBatch batch) {
        return BlockNormalEquations.of(batch, options).solve(Factor::new);
    }

    /** The block Cholesky factor of every item, as tensors. */
    private static final class Factor implements BlockNormalEquations.BlockFactor {
        private final BlockNormalEquations sys;
        private final int kb;
        private final int b;
        private final int m;
        private final int mb;
        /** L_k, {@code [B, m, m]} views of one {@code [K, B, m, m]} tensor. */
        private final INDArray[] l;
        /** E_k^T = L_{k-1}^{-1} U_k (null for k = 0). */
        private final INDArray[] et;
        /** Border columns F {@code [K, B, m, mb]}, Z = T^{-1} F, Cholesky factor of the Schur complement {@code [B, mb, mb]}. */
        private final INDArray f;
        private final INDArray z;
        private final INDArray lb;
        private final double minRatio;

        Factor(BlockNormalEquations sys, double[] diag, double[] upper, double[] border, double[] corner) {
            this.sys = sys;
            this.kb = sys.blocks();
            this.b = sys.items();
            this.m = sys.blockSize();
            this.mb = sys.borderSize();
            INDArray dt = tensor(diag, kb, b, m, m);
            INDArray ut = tensor(upper, kb, b, m, m);
            INDArray[] lk = new INDArray[kb];
            et = new INDArray[kb];
            for (int k = 0; k < kb; k++) {
                INDArray s = dt.slice(k);
                if (k > 0) {
                    et[k] = Nd4j.linalg().triangularSolve(lk[k - 1], ut.slice(k), true, false);
                    s = s.sub(Nd4j.matmul(et[k], et[k], true, false, false));
                }
                lk[k] = cholesky(s, k, diag);
            }
            INDArray all = Nd4j.stack(0, lk);
            l = new INDArray[kb];
            for (int k = 0; k < kb; k++) {
                l[k] = all.slice(k);
            }
            // pivots of the band: diag(L)^2 against M's diagonal (the banded solver's test)
            double[] piv = download(diagPart(all), kb * b * m);
            double ratio = 1.0;
            for (int k = 0; k < kb; k++) {
                for (int item = 0; item < b; item++) {
                    for (int i = 0; i < m; i++) {
                        int at = (k * b + item) * m + i;
                        double p = piv[at] * piv[at];
                        double original = diag[at * m + i];
                        if (!(p > BlockNormalEquations.pivotTolerance() * original)) {
                            throw sys.illPosedBand(item, k, i, p, original);
                        }
                        ratio = Math.min(ratio, p / original);
                    }
                }
            }
            if (mb > 0) {
                f = tensor(border, kb, b, m, mb);
                z = bandSolve(f, mb);
                INDArray ftz = Nd4j.matmul(f.reshape(kb * b, m, mb), z.reshape(kb * b, m, mb), true, false, false)
                        .reshape(kb, b, mb, mb).sum(0);
                INDArray g = tensor(corner, b, mb, mb);
                INDArray sb = g.sub(ftz);
                lb = borderCholesky(sb, corner);
                double[] pb = download(diagPart(lb), b * mb);
                for (int item = 0; item < b; item++) {
                    for (int e = 0; e < mb; e++) {
                        double p = pb[item * mb + e] * pb[item * mb + e];
                        double original = corner[(item * mb + e) * mb + e];
                        if (!(p > BlockNormalEquations.pivotTolerance() * Math.abs(original))) {
                            throw sys.illPosedBorder(item, e, p, original);
                        }
                    }
                }
            } else {
                f = null;
                z = null;
                lb = null;
            }
            minRatio = ratio;
        }

        @Override
        public double minPivotRatio() {
            return minRatio;
        }

        /** X = T^{-1} R for R {@code [K, B, m, c]}: forward then back substitution over the blocks. */
        private INDArray bandSolve(INDArray r, int c) {
            INDArray[] y = new INDArray[kb];
            for (int k = 0; k < kb; k++) {
                INDArray rk = r.slice(k);
                if (k > 0) {
                    rk = rk.sub(Nd4j.matmul(et[k], y[k - 1], true, false, false));
                }
                y[k] = Nd4j.linalg().triangularSolve(l[k], rk, true, false);
            }
            INDArray[] x = new INDArray[kb];
            for (int k = kb - 1; k >= 0; k--) {
                INDArray yk = y[k];
                if (k < kb - 1) {
                    yk = yk.sub(Nd4j.matmul(et[k + 1], x[k + 1]));
                }
                x[k] = Nd4j.linalg().triangularSolve(l[k], yk, true, true);
            }
            return Nd4j.stack(0, x);
        }

        @Override
        public void solveBlocks(double[] band, double[] border) {
            INDArray t = bandSolve(tensor(band, kb, b, m, 1), 1);
            if (mb > 0) {
                INDArray ftt = Nd4j.matmul(f.reshape(kb * b, m, mb), t.reshape(kb * b, m, 1), true, false, false)
                        .reshape(kb, b, mb, 1).sum(0);
                INDArray rb = tensor(border, b, mb, 1).sub(ftt);
                INDArray yb = Nd4j.linalg().triangularSolve(lb,
                        Nd4j.linalg().triangularSolve(lb, rb, true, false), true, true);
                t = t.sub(z.mul(yb.reshape(1, b, 1, mb)).sum(true, 3));
                System.arraycopy(download(yb, b * mb), 0, border, 0, b * mb);
            }
            System.arraycopy(download(t, kb * b * m), 0, band, 0, kb * b * m);
        }

        /** chol(S) of block k; a failed factorisation is located in Java to name the item and unknown. */
        private INDArray cholesky(INDArray s, int k, double[] diag) {
            try {
                return scaledCholesky(s, b, m);
            } catch (RuntimeException e) {
                double[] sv = download(s, b * m * m);
                for (int item = 0; item < b; item++) {
                    int at = failedPivot(sv, item * m * m, m);
                    if (at >= 0) {
                        int d = ((k * b + item) * m + at) * m + at;
                        throw sys.illPosedBand(item, k, at, pivotOf(sv, item * m * m, m, at), diag[d]);
                    }
                }
                throw new IllPosedProblemException(0, "ND4J cholesky failed on block " + k + ": " + e.getMessage());
            }
        }

        private INDArray borderCholesky(INDArray s, double[] corner) {
            try {
                return scaledCholesky(s, b, mb);
            } catch (RuntimeException e) {
                double[] sv = download(s, b * mb * mb);
                for (int item = 0; item < b; item++) {
                    int at = failedPivot(sv, item * mb * mb, mb);
                    if (at >= 0) {
                        throw sys.illPosedBorder(item, at, pivotOf(sv, item * mb * mb, mb, at),
                                corner[(item * mb + at) * mb + at]);
                    }
                }
                throw new IllPosedProblemException(0, "ND4J cholesky failed on the border: " + e.getMessage());
            }
        }
    }

    /** The first unknown whose Cholesky pivot of the symmetric n x n matrix at a[o..] is not positive, or -1. */
    static int failedPivot(double[] a, int o, int n) {
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double d = a[o + j * n + j];
            for (int k = 0; k < j; k++) {
                d -= l[j * n + k] * l[j * n + k];
            }
            if (!(d > 0)) {
                return j;
            }
            double ljj = Math.sqrt(d);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double v = a[o + i * n + j];
                for (int k = 0; k < j; k++) {
                    v -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = v / ljj;
            }
        }
        return -1;
    }

    /** The Cholesky pivot (before the square root) of unknown {@code at}. */
    private static double pivotOf(double[] a, int o, int n, int at) {
        double[] l = new double[n * n];
        for (int j = 0; j <= at; j++) {
            double d = a[o + j * n + j];
            for (int k = 0; k < j; k++) {
                d -= l[j * n + k] * l[j * n + k];
            }
            if (j == at) {
                return d;
            }
            double ljj = Math.sqrt(d);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double v = a[o + i * n + j];
                for (int k = 0; k < j; k++) {
                    v -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = v / ljj;
            }
        }
        return Double.NaN;
    }

    /**
     * Cholesky factors of a batch of symmetric positive definite {@code [B, n, n]} matrices
     * through ND4J's {@code cholesky}, which (libnd4j 1.0.0-M2.1) first checks its input: exact
     * symmetry, a positive determinant, and an inverse, which refuses any matrix whose
     * determinant is below 1e-6 in absolute value. NeuRLP blocks routinely have determinants
     * of 1e-10 and less (entries scale with h^R), so the matrix is scaled first:
     * S' = Sigma S Sigma with sigma_i = sqrt(c / S_ii), c = 10^ceil(20/n), so that S' has
     * diagonal c and det(S') = c^n * (product of pivot ratios) &gt;= 1e-6 down to ratios of 1e-26;
     * S' is symmetrised exactly ((S' + S'^T) / 2: the two products differ in the last bit), and
     * L = Sigma^{-1} chol(S').
     */
    private static INDArray scaledCholesky(INDArray s, int b, int n) {
        double c = Math.pow(10, Math.ceil(20.0 / n));
        INDArray sigma = org.nd4j.linalg.ops.transforms.Transforms.sqrt(diagPart(s).rdivi(c), false);
        INDArray scaled = s.mul(sigma.reshape(b, n, 1)).muli(sigma.reshape(b, 1, n));
        scaled = scaled.add(scaled.permute(0, 2, 1)).muli(0.5);
        return Nd4j.linalg().cholesky(scaled).divi(sigma.reshape(b, n, 1));
    }

    private static INDArray diagPart(INDArray a) {
        return Nd4j.exec(DynamicCustomOp.builder("matrix_diag_part").addInputs(a).build())[0];
    }

    /** On the CPU backend host buffers are the data: copy through NIO (field notes: fastest). */
    private static final boolean HOST_BUFFERS = Nd4j.getEnvironment().isCPU();

    /** A float64 tensor holding a copy of {@code data}. */
    static INDArray tensor(double[] data, long... shape) {
        if (!HOST_BUFFERS) {
            return Nd4j.create(data, shape, 'c');
        }
        INDArray t = Nd4j.create(DataType.DOUBLE, shape);
        t.data().asNioDouble().put(data);
        return t;
    }

    /** The first {@code count} values of {@code a} in row-major order. */
    static double[] download(INDArray a, int count) {
        if (!HOST_BUFFERS) {
            double[] all = Nd4j.toFlattened('c', a).toDoubleVector();
            return all.length == count ? all : java.util.Arrays.copyOf(all, count);
        }
        INDArray c = a.isView() || a.ordering() != 'c' || a.offset() != 0 ? a.dup('c') : a;
        double[] out = new double[count];
        c.data().asNioDouble().get(out);
        return out;
    }
}
