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
            Walker walker = new Walker(batch, rows, stencil, sol.values(), sol.epsArray(), w, lanes, slack, target);
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
                walker.group(items);
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
        private final double[] powers;
        private final int perItem;
        private final boolean slack;
        private final double[] epsOf;
        private final double[] az;
        private final double[] aw;
        private int lane;

        Walker(OdeBatch batch, NeuRlpRows rows, RowStencil stencil, double[] z, double[] eps, double[] w, int lanes,
               boolean slack, Target t) {
            this.batch = batch;
            this.rows = rows;
            this.stencil = stencil;
            this.buf = rows.newBuffer(true);
            this.z = z;
            this.w = w;
            this.lanes = lanes;
            this.t = t;
            this.v = stencil == null ? null : new double[stencil.entries() * lanes];
            this.powers = stencil == null ? null : new double[stencil.powerScratch()];
            this.perItem = batch.points() * batch.blockSize();
            this.slack = slack;
            this.epsOf = eps;
            this.az = new double[lanes];
            this.aw = new double[lanes];
        }

        /** Scatters the gradients of one solved group (w holds M^{-1} g, interleaved). */
        void group(int[] items) {
            int real = 1;
            while (real < lanes && items[real] != items[real - 1]) {
                real++;
            }
            for (int s = 0; s < batch.points(); s++) {
                if (stencil != null && s >= stencil.first && s <= stencil.last) {
                    interiorStep(items, real, s);
                } else {
                    for (lane = 0; lane < real; lane++) {
                        generalStep(items[lane], s, epsOf[items[lane]], slackW());
                    }
                }
            }
        }

        private double slackW() {
            return slack ? w[perItem * lanes + lane] : 0.0;
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

        /** All real lanes of a group at interior step s, lanes innermost. */
        private void interiorStep(int[] items, int real, int s) {
            RowStencil st = stencil;
            st.interleavedValues(batch, items, lanes, s, v, powers);
            int block = batch.blockSize();
            int wo = s * block;
            double[] rhs = batch.rhs();
            for (int r = 0; r < st.rows; r++) {
                int k0 = st.start[r];
                int k1 = st.start[r + 1];
                for (int q = 0; q < real; q++) {
                    az[q] = st.slack[r] ? epsOf[items[q]] : 0.0;
                    aw[q] = st.slack[r] ? w[perItem * lanes + q] : 0.0;
                }
                for (int k = k0; k < k1; k++) {
                    int wc = (wo + st.colOffset[k]) * lanes;
                    int zc = wo + st.colOffset[k];
                    for (int q = 0; q < real; q++) {
                        double vk = v[k * lanes + q];
                        az[q] += vk * z[items[q] * perItem + zc];
                        aw[q] += vk * w[wc + q];
                    }
                }
                double wt = st.weight[r];
                if (st.kind[r] == RowStencil.COEFFICIENT) {
                    int e = st.equation[r];
                    for (int q = 0; q < real; q++) {
                        int bi = batch.rhsIndex(items[q], s, e);
                        double res = az[q] - rhs[bi];
                        double awq = aw[q];
                        t.dB[bi] += wt * awq;
                        int ci = batch.coefficientIndex(items[q], s, e, 0, 0);
                        int zo = items[q] * perItem + wo;
                        for (int k = k0; k < k1; k++) {
                            int c = st.colOffset[k];
                            t.dC[ci + c] -= wt * (res * w[(wo + c) * lanes + q] + awq * z[zo + c]);
                        }
                    }
                    continue;
                }
                // smoothness rows: right-hand side 0, so the residual is A z itself; entries are
                // scale * x^p (x = h or H), so d(entry)/dx = p * entry / x
                boolean central = st.kind[r] == RowStencil.CENTRAL;
                for (int q = 0; q < real; q++) {
                    double azq = az[q];
                    double awq = aw[q];
                    int zo = items[q] * perItem + wo;
                    double acc = 0;
                    for (int k = k0; k < k1; k++) {
                        int c = st.colOffset[k];
                        acc += (azq * w[(wo + c) * lanes + q] + awq * z[zo + c]) * v[k * lanes + q] * st.power[k];
                    }
                    int hOff = batch.stepOffset(items[q]) + s - 1;
                    double x = central ? batch.steps()[hOff - 1] + batch.steps()[hOff] : batch.steps()[hOff];
                    double g = wt * acc / x;
                    t.dH[hOff] -= g;
                    if (central) {
                        t.dH[hOff - 1] -= g;
                    }
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
