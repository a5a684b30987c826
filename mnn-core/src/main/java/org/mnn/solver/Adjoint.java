package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * The backward pass of method.md ("Gradients"), for any factorisation: w = M^{-1} g, then per row
 * r = A z - beta, dL/dbeta = W A w and dL/dA = -W (r w^T + (A w) z^T) on A's sparsity pattern;
 * entries of equation rows are the coefficients, entries of smoothness rows are chained to the
 * step sizes. Also computes the residual norms, which walk the same rows.
 */
final class Adjoint {
    /** Items walked together; the walker's inner code is unrolled for 4. */
    private static final int LANES = BandedNeuRlpSolver.LANES;

    private Adjoint() {
    }

    /** Fills {@code out} (zeroed here) with the gradients. */
    static void gradients(Solution sol, double[] dLdu, double[] dLdeps, Gradients out) {
        OdeBatch batch = sol.batch();
        NeuRlpRows rows = new NeuRlpRows(batch, sol.options());
        SystemFactor factor = sol.factor();
        RowStencil[] stencils = factor.stencils() != null ? factor.stencils()
                : RowStencil.perStep(batch, sol.options(), rows);
        int n = rows.unknowns();
        int perItem = batch.points() * batch.blockSize();
        double[] dC = out.coefficients();
        double[] dB = out.rhs();
        double[] dV = out.initialValues();
        double[] dH = out.steps();
        java.util.Arrays.fill(dC, 0.0);
        java.util.Arrays.fill(dB, 0.0);
        java.util.Arrays.fill(dV, 0.0);
        java.util.Arrays.fill(dH, 0.0);
        boolean sharedSteps = !batch.stepsPerItem();
        boolean slack = sol.options().slack();
        int groups = (batch.batch() + LANES - 1) / LANES;
        // a batched factor (tensor solver) solves w = M^{-1} g for every item at once, up front
        double[] all = factor.batched() ? allSolved(factor, batch, dLdu, dLdeps, n, perItem, slack) : null;
        // shared steps: each chunk's dL/dh goes to its own array, summed in chunk order below, so
        // the result does not depend on which thread took which chunk
        double[][] stepParts = sharedSteps ? new double[groups][] : null;
        BatchParallel.forEachRange(groups, (long) n * LANES, () -> {
            double[] w = new double[n * LANES];
            double[] single = factor.lanes() == 1 ? new double[n] : null;
            Target target = new Target(dC, dB, dV, sharedSteps ? new double[dH.length] : dH);
            Walker walker = new Walker(batch, stencils, sol.values(), sol.epsArray(), w, target);
            return (from, to) -> {
                for (int group = from; group < to; group++) {
                    int[] items = BandedNeuRlpSolver.lanesOf(group, batch.batch());
                    if (all != null) {
                        for (int q = 0; q < LANES; q++) {
                            int o = items[q] * n;
                            for (int i = 0; i < n; i++) {
                                w[i * LANES + q] = all[o + i];
                            }
                        }
                    } else {
                        for (int q = 0; q < LANES; q++) {
                            int uo = items[q] * perItem;
                            for (int i = 0; i < perItem; i++) {
                                w[i * LANES + q] = dLdu[uo + i];
                            }
                            if (slack) {
                                w[perItem * LANES + q] = dLdeps == null ? 0.0 : dLdeps[items[q]];
                            }
                        }
                        solve(factor, items, w, single);
                    }
                    walker.group(items);
                }
                if (sharedSteps) {
                    stepParts[from] = target.dH.clone();
                    java.util.Arrays.fill(target.dH, 0.0);
                }
            };
        });
        if (sharedSteps) {
            for (double[] part : stepParts) {
                if (part != null) {
                    for (int i = 0; i < dH.length; i++) {
                        dH[i] += part[i];
                    }
                }
            }
        }
    }

    /** w = M^{-1} g for every item, {@code [B][n]}, through a batched factor. */
    private static double[] allSolved(SystemFactor factor, OdeBatch batch, double[] dLdu, double[] dLdeps, int n,
                                      int perItem, boolean slack) {
        double[] all = new double[batch.batch() * n];
        for (int item = 0; item < batch.batch(); item++) {
            System.arraycopy(dLdu, item * perItem, all, item * n, perItem);
            if (slack && dLdeps != null) {
                all[item * n + perItem] = dLdeps[item];
            }
        }
        factor.solveAll(all);
        return all;
    }

    /** w = M^{-1} w for a group, through a factor that solves 4 lanes or 1 at a time. */
    private static void solve(SystemFactor factor, int[] items, double[] w, double[] single) {
        if (factor.lanes() == LANES) {
            factor.solve(items, w);
            return;
        }
        for (int q = 0; q < LANES; q++) {
            for (int i = 0; i < single.length; i++) {
                single[i] = w[i * LANES + q];
            }
            factor.solve(new int[] {items[q]}, single);
            for (int i = 0; i < single.length; i++) {
                w[i * LANES + q] = single[i];
            }
        }
    }

    /** Where one thread accumulates gradients (its own step array when steps are shared). */
    private record Target(double[] dC, double[] dB, double[] dV, double[] dH) {
    }

    /**
     * Walks the rows of a solved group once, with z (solution) and w = M^{-1} g (interleaved),
     * scattering dL/dbeta = W A w and dL/dA = -W (r w^T + (A w) z^T) into the parameters,
     * through each step's {@link RowStencil}.
     */
    private static final class Walker {
        private final OdeBatch batch;
        private final RowStencil[] stencils;
        private final double[] z;
        /** The group's solution, interleaved {@code [unknown][lane]} like w (the kernels' layout). */
        private final double[] zi;
        private final double[] w;
        private final LaneKernels kernels = LaneKernels.get();
        private final double[] products = new double[LaneKernels.PRODUCTS];
        private final double[] stepSums = new double[LaneKernels.SUMS];
        /** The group's slack values, per lane. */
        private final double[] laneEps = new double[LANES];
        private final Target t;
        /** The rows' numbers at the current step. */
        private final EntryValues values;
        private final int perItem;
        private final double[] epsOf;

        Walker(OdeBatch batch, RowStencil[] stencils, double[] z, double[] eps, double[] w, Target t) {
            this.batch = batch;
            this.stencils = stencils;
            this.z = z;
            this.w = w;
            this.t = t;
            this.values = new EntryValues(stencils);
            this.perItem = batch.points() * batch.blockSize();
            this.zi = new double[perItem * LANES];
            this.epsOf = eps;
        }

        /** Scatters the gradients of one solved group (w holds M^{-1} g, interleaved). */
        void group(int[] items) {
            int real = 1;
            while (real < LANES && items[real] != items[real - 1]) {
                real++;
            }
            values.reset();
            for (int q = 0; q < LANES; q++) {
                int o = items[q] * perItem;
                for (int i = 0; i < perItem; i++) {
                    zi[i * LANES + q] = z[o + i];
                }
                laneEps[q] = epsOf[items[q]];
            }
            for (int s = 0; s < batch.points(); s++) {
                values.load(batch, stencils[s], items, s);
                step(items, real, s);
            }
        }

        /**
         * The 4 lanes of a group at step s, unrolled so the per-lane sums stay in registers.
         * Repeated (padding) lanes are computed but scaled by 0 when scattered.
         */
        private void step(int[] items, int real, int s) {
            RowStencil st = stencils[s];
            int block = batch.blockSize();
            int wo = s * block;
            double[] rhs = batch.rhs();
            double[] steps = batch.steps();
            double[] dC = t.dC;
            double[] dH = t.dH;
            double m1 = real > 1 ? 1.0 : 0.0;
            double m2 = real > 2 ? 1.0 : 0.0;
            double m3 = real > 3 ? 1.0 : 0.0;
            int slackW = perItem * LANES;
            // smoothness rows (step gradients): with d(entry)/dx = p * entry / x, a row's step
            // gradient is -(w_r/x) (A z . P w + A w . P z), summed per kind
            double[] sums = stepSums;
            kernels.smoothnessSums(st, values.vals, values.pvals, wo, zi, w, laneEps, slackW, sums);
            // the other rows: coefficients and right-hand sides, initial values
            for (int r = 0; r < st.rows; r++) {
                int kind = st.kind[r];
                if (kind == RowStencil.TAYLOR || kind == RowStencil.CENTRAL) {
                    continue;
                }
                int k0 = st.start[r];
                int k1 = st.start[r + 1];
                double[] pr = products;
                kernels.rowProducts(values.vals, st.colOffset, k0, k1, wo, zi, w, pr);
                double az0 = pr[LaneKernels.AZ];
                double az1 = pr[LaneKernels.AZ + 1];
                double az2 = pr[LaneKernels.AZ + 2];
                double az3 = pr[LaneKernels.AZ + 3];
                double aw0 = pr[LaneKernels.AW];
                double aw1 = pr[LaneKernels.AW + 1];
                double aw2 = pr[LaneKernels.AW + 2];
                double aw3 = pr[LaneKernels.AW + 3];
                if (st.slack[r]) {
                    az0 += laneEps[0];
                    az1 += laneEps[1];
                    az2 += laneEps[2];
                    az3 += laneEps[3];
                    aw0 += w[slackW];
                    aw1 += w[slackW + 1];
                    aw2 += w[slackW + 2];
                    aw3 += w[slackW + 3];
                }
                double wt = st.weight[r];
                if (kind == RowStencil.COEFFICIENT) {
                    int e = st.equation[r];
                    int b0 = batch.rhsIndex(items[0], s, e);
                    int b1 = batch.rhsIndex(items[1], s, e);
                    int b2 = batch.rhsIndex(items[2], s, e);
                    int b3 = batch.rhsIndex(items[3], s, e);
                    // dL/db = W A w; dL/dc = -W (r w^T + (A w) z^T), scaled by the lane masks
                    double r0 = wt * (az0 - rhs[b0]);
                    double r1 = m1 * wt * (az1 - rhs[b1]);
                    double r2 = m2 * wt * (az2 - rhs[b2]);
                    double r3 = m3 * wt * (az3 - rhs[b3]);
                    double g0 = wt * aw0;
                    double g1 = m1 * wt * aw1;
                    double g2 = m2 * wt * aw2;
                    double g3 = m3 * wt * aw3;
                    t.dB[b0] += g0;
                    t.dB[b1] += g1;
                    t.dB[b2] += g2;
                    t.dB[b3] += g3;
                    int ci0 = batch.coefficientIndex(items[0], s, e, 0, 0);
                    int ci1 = batch.coefficientIndex(items[1], s, e, 0, 0);
                    int ci2 = batch.coefficientIndex(items[2], s, e, 0, 0);
                    int ci3 = batch.coefficientIndex(items[3], s, e, 0, 0);
                    for (int k = k0; k < k1; k++) {
                        int c = st.colOffset[k];
                        int wc = (wo + c) * LANES;
                        dC[ci0 + c] -= r0 * w[wc] + g0 * zi[wc];
                        dC[ci1 + c] -= r1 * w[wc + 1] + g1 * zi[wc + 1];
                        dC[ci2 + c] -= r2 * w[wc + 2] + g2 * zi[wc + 2];
                        dC[ci3 + c] -= r3 * w[wc + 3] + g3 * zi[wc + 3];
                    }
                    continue;
                }
                // initial rows: dL/dv = W A w; periodic rows have no parameters
                if (st.initial[r] >= 0) {
                    t.dV[batch.initialIndex(items[0], s, 0, 0) + st.initial[r]] += wt * aw0;
                    t.dV[batch.initialIndex(items[1], s, 0, 0) + st.initial[r]] += m1 * wt * aw1;
                    t.dV[batch.initialIndex(items[2], s, 0, 0) + st.initial[r]] += m2 * wt * aw2;
                    t.dV[batch.initialIndex(items[3], s, 0, 0) + st.initial[r]] += m3 * wt * aw3;
                }
            }
            // all Taylor rows of step s share h_{s-1}, all central rows H = h_{s-2} + h_{s-1}:
            // one division and one scatter per lane and kind
            if (s >= 1) {
                int tc = LaneKernels.TAYLOR_SUM;
                int cc = LaneKernels.CENTRAL_SUM;
                scatterStep(dH, steps, items[0], s, sums[tc], sums[cc]);
                scatterStep(dH, steps, items[1], s, m1 * sums[tc + 1], m1 * sums[cc + 1]);
                scatterStep(dH, steps, items[2], s, m2 * sums[tc + 2], m2 * sums[cc + 2]);
                scatterStep(dH, steps, items[3], s, m3 * sums[tc + 3], m3 * sums[cc + 3]);
            }
        }

        /** dL/dh -= taylor / h_{s-1} + central / H, H = h_{s-2} + h_{s-1} (central feeds both steps). */
        private void scatterStep(double[] dH, double[] steps, int item, int s, double taylor, double central) {
            int hOff = batch.stepOffset(item) + s - 1;
            dH[hOff] -= taylor / steps[hOff];
            if (central != 0.0) {
                double d = central / (steps[hOff - 1] + steps[hOff]);
                dH[hOff] -= d;
                dH[hOff - 1] -= d;
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
        BatchParallel.forEachRange(batch.batch(), perItem, () -> {
            RowBuffer buf = rows.newBuffer();
            return (from, to) -> {
                for (int item = from; item < to; item++) {
                    for (int s = 0; s < batch.points(); s++) {
                        rows.rowsEndingAt(item, s, buf);
                        for (int r = 0; r < buf.count; r++) {
                            double res = buf.dot(r, sol.values(), item * perItem, sol.eps(item)) - buf.rhs[r];
                            out[item * families + buf.family[r].ordinal()] += res * res;
                        }
                    }
                }
            };
        });
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.sqrt(out[i]);
        }
        return out;
    }
}
