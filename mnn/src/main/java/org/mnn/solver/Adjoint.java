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
        RowStencil stencil = RowStencil.of(batch, sol.options(), rows);
        SystemFactor factor = sol.factor();
        int lanes = factor.lanes();
        int n = rows.unknowns();
        int perItem = batch.points() * batch.blockSize();
        double[] dC = new double[batch.coefficients().length];
        double[] dB = new double[batch.rhs().length];
        double[] dV = new double[batch.initialValues().length];
        double[] dH = new double[batch.steps().length];
        boolean sharedSteps = !batch.stepsPerItem();
        boolean slack = sol.options().slack();
        int groups = (batch.batch() + lanes - 1) / lanes;
        BatchParallel.forEachRange(groups, (long) n * lanes, (from, to) -> {
            double[] w = new double[n * lanes];
            int[] items = new int[lanes];
            Target target = new Target(dC, dB, dV, sharedSteps ? new double[dH.length] : dH);
            Walker walker = new Walker(batch, rows, stencil, sol.values(), w, lanes, target);
            for (int group = from; group < to; group++) {
                for (int q = 0; q < lanes; q++) {
                    items[q] = Math.min(group * lanes + q, batch.batch() - 1);
                    int uo = items[q] * perItem;
                    for (int i = 0; i < perItem; i++) {
                        w[i * lanes + q] = dLdu[uo + i];
                    }
                    if (slack) {
                        w[perItem * lanes + q] = dLdeps == null ? 0.0 : dLdeps[items[q]];
                    }
                }
                factor.solve(items, w);
                for (int q = 0; q < lanes && (q == 0 || items[q] != items[q - 1]); q++) {
                    walker.item(items[q], q, sol.eps(items[q]), slack ? w[perItem * lanes + q] : 0.0);
                }
            }
            if (sharedSteps) {
                synchronized (dH) {
                    for (int i = 0; i < dH.length; i++) {
                        dH[i] += target.dH[i];
                    }
                }
            }
        });
        return new Gradients(dC, dB, dV, dH);
    }

    /** Where one thread accumulates gradients (its own step array when steps are shared). */
    private record Target(double[] dC, double[] dB, double[] dV, double[] dH) {
    }

    /**
     * Walks one item's rows once with z (solution) and w = M^{-1} g (interleaved, lane q),
     * scattering dL/dbeta = W A w and dL/dA = -W (r w^T + (A w) z^T) into the parameters: through
     * the {@link RowStencil} at interior steps, through the general generator elsewhere.
     */
    private static final class Walker {
        private final OdeBatch batch;
        private final NeuRlpRows rows;
        private final RowStencil stencil;
        private final RowBuffer buf;
        private final double[] z;
        private final double[] w;
        private final int lanes;
        private final Target t;
        private final double[] v;
        private final int perItem;
        private int lane;

        Walker(OdeBatch batch, NeuRlpRows rows, RowStencil stencil, double[] z, double[] w, int lanes, Target t) {
            this.batch = batch;
            this.rows = rows;
            this.stencil = stencil;
            this.buf = rows.newBuffer(true);
            this.z = z;
            this.w = w;
            this.lanes = lanes;
            this.t = t;
            this.v = stencil == null ? null : new double[stencil.entries()];
            this.perItem = batch.points() * batch.blockSize();
        }

        void item(int item, int q, double zEps, double wEps) {
            lane = q;
            for (int s = 0; s < batch.points(); s++) {
                if (stencil != null && s >= stencil.first && s <= stencil.last) {
                    interiorStep(item, s, zEps, wEps);
                } else {
                    generalStep(item, s, zEps, wEps);
                }
            }
        }

        private double w(int column) {
            return w[column * lanes + lane];
        }

        private void generalStep(int item, int s, double zEps, double wEps) {
            int zo = item * perItem;
            rows.rowsEndingAt(item, s, buf);
            for (int r = 0; r < buf.count; r++) {
                int base = r * buf.stride;
                double res = buf.dot(r, z, zo, zEps) - buf.rhs[r];
                double aw = buf.slack[r] ? wEps : 0.0;
                for (int p = 0; p < buf.nnz[r]; p++) {
                    aw += buf.val[base + p] * w(buf.col[base + p]);
                }
                double wt = buf.weight[r];
                RowFamily f = buf.family[r];
                if (f == RowFamily.EQUATION) {
                    t.dB[buf.source[r]] += wt * aw;
                } else if (f == RowFamily.INITIAL) {
                    t.dV[buf.source[r]] += wt * aw;
                }
                for (int p = 0; p < buf.nnz[r]; p++) {
                    int c = buf.col[base + p];
                    double gA = -wt * (res * w(c) + aw * z[zo + c]);
                    if (f == RowFamily.EQUATION) {
                        t.dC[buf.coef[base + p]] += gA;
                    } else if (f.smoothness()) {
                        for (int j = 0; j < 2; j++) {
                            int hi = buf.hIndex[2 * r + j];
                            if (hi >= 0) {
                                t.dH[hi] += gA * buf.dval[(2 * r + j) * buf.stride + p];
                            }
                        }
                    }
                }
            }
        }

        private void interiorStep(int item, int s, double zEps, double wEps) {
            RowStencil st = stencil;
            st.values(batch, item, s, v, 1, 0);
            int block = batch.blockSize();
            int zo = item * perItem + s * block;
            int wo = s * block;
            int hOff = batch.stepOffset(item) + s - 1;
            double h = batch.steps()[hOff];
            double bigH = s >= 2 ? batch.steps()[hOff - 1] + h : Double.NaN;
            int cBase = batch.coefficientIndex(item, s, 0, 0, 0);
            for (int r = 0; r < st.rows; r++) {
                int k0 = st.start[r];
                int k1 = st.start[r + 1];
                double az = st.slack[r] ? zEps : 0.0;
                double aw = st.slack[r] ? wEps : 0.0;
                for (int k = k0; k < k1; k++) {
                    az += v[k] * z[zo + st.colOffset[k]];
                    aw += v[k] * w(wo + st.colOffset[k]);
                }
                double wt = st.weight[r];
                if (st.kind[r] == RowStencil.COEFFICIENT) {
                    int bi = batch.rhsIndex(item, s, st.equation[r]);
                    double res = az - batch.rhs()[bi];
                    t.dB[bi] += wt * aw;
                    int ci = cBase + st.equation[r] * block;
                    for (int k = k0; k < k1; k++) {
                        int c = st.colOffset[k];
                        t.dC[ci + c] -= wt * (res * w(wo + c) + aw * z[zo + c]);
                    }
                    continue;
                }
                // smoothness rows: entries scale * x^p with x = h (Taylor) or H (central);
                // their right-hand side is 0, so the residual is A z itself
                double x = st.kind[r] == RowStencil.TAYLOR ? h : bigH;
                double acc = 0;
                for (int k = k0; k < k1; k++) {
                    int p = st.power[k];
                    if (p != 0) {
                        int c = st.colOffset[k];
                        acc += (az * w(wo + c) + aw * z[zo + c]) * st.scale[k] * p * RowBuffer.ipow(x, p - 1);
                    }
                }
                t.dH[hOff] -= wt * acc;
                if (st.kind[r] == RowStencil.CENTRAL) {
                    t.dH[hOff - 1] -= wt * acc;
                }
            }
        }
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
