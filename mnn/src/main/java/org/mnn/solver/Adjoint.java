package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * The backward pass of method.md ("Gradients"), for any factorisation: w = M^{-1} g, then per row
 * r = A z - beta, dL/dbeta = W A w and dL/dA = -W (r w^T + (A w) z^T) on A's sparsity pattern;
 * entries of equation rows are the coefficients, entries of smoothness rows are chained to the
 * step sizes. Also computes the residual norms, which walk the same rows.
 */
final class Adjoint {
    private Adjoint() {
    }

    static Gradients gradients(Solution sol, double[] dLdu, double[] dLdeps) {
        OdeBatch batch = sol.batch();
        NeuRlpRows rows = new NeuRlpRows(batch, sol.options());
        int n = rows.unknowns();
        int perItem = batch.points() * batch.blockSize();
        double[] dC = new double[batch.coefficients().length];
        double[] dB = new double[batch.rhs().length];
        double[] dV = new double[batch.initialValues().length];
        double[] dH = new double[batch.steps().length];
        boolean sharedSteps = !batch.stepsPerItem();
        boolean slack = sol.options().slack();
        BatchParallel.forEachRange(batch.batch(), n, (from, to) -> {
            RowBuffer buf = rows.newBuffer(true);
            double[] w = new double[n];
            double[] stepAcc = sharedSteps ? new double[dH.length] : dH;
            for (int item = from; item < to; item++) {
                System.arraycopy(dLdu, item * perItem, w, 0, perItem);
                if (slack) {
                    w[perItem] = dLdeps == null ? 0.0 : dLdeps[item];
                }
                sol.factor().solve(item, w);
                double zEps = sol.eps(item);
                double wEps = slack ? w[perItem] : 0.0;
                int zo = item * perItem;
                for (int s = 0; s < batch.points(); s++) {
                    rows.rowsEndingAt(item, s, buf);
                    for (int r = 0; r < buf.count; r++) {
                        double res = buf.dot(r, sol.values(), zo, zEps) - buf.rhs[r];
                        double aw = buf.dot(r, w, 0, wEps);
                        double wt = buf.weight[r];
                        RowFamily f = buf.family[r];
                        if (f == RowFamily.EQUATION) {
                            dB[buf.source[r]] += wt * aw;
                        } else if (f == RowFamily.INITIAL) {
                            dV[buf.source[r]] += wt * aw;
                        }
                        int base = r * buf.stride;
                        for (int p = 0; p < buf.nnz[r]; p++) {
                            int c = buf.col[base + p];
                            double gA = -wt * (res * w[c] + aw * sol.values()[zo + c]);
                            if (f == RowFamily.EQUATION) {
                                dC[buf.coef[base + p]] += gA;
                            } else if (f.smoothness()) {
                                for (int j = 0; j < 2; j++) {
                                    int hi = buf.hIndex[2 * r + j];
                                    if (hi >= 0) {
                                        stepAcc[hi] += gA * buf.dval[(2 * r + j) * buf.stride + p];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if (sharedSteps) {
                synchronized (dH) {
                    for (int i = 0; i < dH.length; i++) {
                        dH[i] += stepAcc[i];
                    }
                }
            }
        });
        return new Gradients(dC, dB, dV, dH);
    }

    /** ||A_f z - beta_f|| per item and family, {@code [B][families]}. */
    static double[] residualNorms(Solution sol) {
        OdeBatch batch = sol.batch();
        NeuRlpRows rows = new NeuRlpRows(batch, sol.options());
        int families = RowFamily.values().length;
        int perItem = batch.points() * batch.blockSize();
        double[] out = new double[batch.batch() * families];
        BatchParallel.forEachRange(batch.batch(), perItem, (from, to) -> {
            RowBuffer buf = rows.newBuffer(false);
            for (int item = from; item < to; item++) {
                for (int s = 0; s < batch.points(); s++) {
                    rows.rowsEndingAt(item, s, buf);
                    for (int r = 0; r < buf.count; r++) {
                        double res = buf.dot(r, sol.values(), item * perItem, sol.eps(item)) - buf.rhs[r];
                        out[item * families + buf.family[r].ordinal()] += res * res;
                    }
                }
            }
        });
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.sqrt(out[i]);
        }
        return out;
    }
}
