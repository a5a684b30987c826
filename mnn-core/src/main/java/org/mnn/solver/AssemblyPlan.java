package org.mnn.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mnn.ode.OdeBatch;

/**
 * The contributions of one {@link RowStencil}'s rows to the banded normal equations,
 * precompiled: every product of two entries of a row, classified once by where it lands (a row of
 * L, the diagonal, a border row, the Schur block) with offsets relative to the step, so one plan
 * serves every step its stencil covers. The banded sweep assembles every step through a plan.
 *
 * <p>Every contribution is {@code coef * table[index]}, where the per-step table holds, per lane,
 * the powers of h and H and the products of the step's coefficients that equation rows need:
 * smoothness and constant rows have entries scale * x^p (x = h for Taylor rows, H for central
 * rows, p = 0 for constants), so a product of two of their entries is a monomial in x, and an
 * equation row's product is c_a * c_b. The plan merges all terms that land in the same slot with
 * the same table entry, and orders terms by slot so each slot is written once per step. With
 * coefficients constant in time the products are computed once per group, not per step.
 */
final class AssemblyPlan {
    private static final int L_TARGET = 0;
    private static final int DIAG_TARGET = 1;
    private static final int BORDER_TARGET = 2;
    private static final int SCHUR_TARGET = 3;
    private static final int LANES = BandedNeuRlpSolver.LANES;
    private static final LaneKernels KERNELS = LaneKernels.get();

    private final int stepStride;
    private final int block;
    private final int shift;
    private final int borderSize;
    private final int order;
    /** Power table layout: h^p at p (0..2R), H^p at hPowers + p - minBigPower. */
    private final int hPowers;
    private final int minBigPower;
    private final int tableSize;
    /** Terms per target: target[base + off] += coef * table[a]. */
    private final Terms[] terms = new Terms[4];
    /** The coefficient products the table holds from {@link #productBase}: c[productA] * c[productB]. */
    private final int[] productA;
    private final int[] productB;
    private final int productBase;
    /** Right-hand sides: x[s*block + off] += w * c[a] * rhs[s, b] and += w * v[a] (initial). */
    private final Terms coefficientRhs;
    private final Terms initialRhs;

    /** Parallel arrays of one list of terms; terms of one slot are adjacent (for the monomial
     * lists), and {@code slotOff} / {@code slotEnd} list the slots and where their terms end. */
    private static final class Terms {
        final int[] off;
        final int[] a;
        final int[] b;
        final double[] w;
        final int[] slotOff;
        final int[] slotEnd;

        Terms(int[] off, int[] a, int[] b, double[] w) {
            this.off = off;
            this.a = a;
            this.b = b;
            this.w = w;
            int slots = 0;
            for (int k = 0; k < off.length; k++) {
                if (k == 0 || off[k] != off[k - 1]) {
                    slots++;
                }
            }
            slotOff = new int[slots];
            slotEnd = new int[slots];
            int i = -1;
            for (int k = 0; k < off.length; k++) {
                if (k == 0 || off[k] != off[k - 1]) {
                    slotOff[++i] = off[k];
                }
                slotEnd[i] = k + 1;
            }
        }

        int size() {
            return off.length;
        }
    }

    /** Collects terms, merging those with the same slot and table entry, ordered by slot so that
     * {@link #addTerms} writes each slot once. */
    private static final class MonomialBuilder {
        private final Map<Long, double[]> merged = new LinkedHashMap<>();

        void add(int off, int index, double coef) {
            long key = ((long) off << 20) ^ index;
            merged.computeIfAbsent(key, k -> new double[] {off, index, 0})[2] += coef;
        }

        Terms build() {
            double[][] all = merged.values().toArray(new double[0][]);
            Arrays.sort(all, (x, y) -> Double.compare(x[0], y[0]));
            int[] off = new int[all.length];
            int[] idx = new int[all.length];
            double[] coef = new double[all.length];
            for (int i = 0; i < all.length; i++) {
                off[i] = (int) all[i][0];
                idx[i] = (int) all[i][1];
                coef[i] = all[i][2];
            }
            return new Terms(off, idx, new int[all.length], coef);
        }
    }

    /** Collects (off, a, b, w) terms in order. */
    private static final class TermBuilder {
        private final List<int[]> terms = new ArrayList<>();
        private final List<Double> weights = new ArrayList<>();

        void add(int off, int a, int b, double w) {
            terms.add(new int[] {off, a, b});
            weights.add(w);
        }

        Terms build() {
            int n = terms.size();
            int[] off = new int[n];
            int[] a = new int[n];
            int[] b = new int[n];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                off[i] = terms.get(i)[0];
                a[i] = terms.get(i)[1];
                b[i] = terms.get(i)[2];
                w[i] = weights.get(i);
            }
            return new Terms(off, a, b, w);
        }
    }

    AssemblyPlan(RowStencil st, BandLayout layout, int order) {
        this.stepStride = layout.stepStride;
        this.block = layout.block;
        this.shift = layout.shift;
        this.borderSize = layout.borderSize;
        this.order = order;
        this.hPowers = 2 * order + 1;
        this.minBigPower = Math.min(2 * order - 4, order - 2);
        this.productBase = hPowers + (2 * order - 2 - minBigPower + 1);
        int s = st.first;
        int base = s * block;
        MonomialBuilder[] mono = {new MonomialBuilder(), new MonomialBuilder(), new MonomialBuilder(), new MonomialBuilder()};
        Map<Long, Integer> productIds = new LinkedHashMap<>();
        TermBuilder cRhs = new TermBuilder();
        TermBuilder vRhs = new TermBuilder();
        for (int r = 0; r < st.rows; r++) {
            double w = st.weight[r];
            boolean coefficientRow = st.kind[r] == RowStencil.COEFFICIENT;
            int cOff = coefficientRow ? st.equation[r] * block : 0;
            for (int a = st.start[r]; a < st.start[r + 1]; a++) {
                int ca = base + st.colOffset[a];
                for (int b = st.start[r]; b <= a; b++) {
                    int cb = base + st.colOffset[b];
                    int[] slot = slot(layout, Math.max(ca, cb), Math.min(ca, cb), s);
                    if (coefficientRow) {
                        long key = ((long) (cOff + st.colOffset[a]) << 32) | (cOff + st.colOffset[b]);
                        int id = productIds.computeIfAbsent(key, k -> productIds.size());
                        mono[slot[0]].add(slot[1], productBase + id, w);
                    } else {
                        int index = powerIndex(st.kind[r], st.power[a] + st.power[b]);
                        mono[slot[0]].add(slot[1], index, w * st.scale[a] * st.scale[b]);
                    }
                }
                if (st.slack[r]) {
                    int[] slot = slot(layout, layout.slackColumn, ca, s);
                    mono[slot[0]].add(slot[1], powerIndex(st.kind[r], st.power[a]), w * st.scale[a]);
                }
                if (coefficientRow) {
                    cRhs.add(ca - base, cOff + st.colOffset[a], st.equation[r], w);
                } else if (st.initial[r] >= 0) {
                    vRhs.add(ca - base, st.initial[r], 0, w * st.scale[a]);
                }
            }
            if (st.slack[r]) {
                int[] slot = slot(layout, layout.slackColumn, layout.slackColumn, s);
                mono[slot[0]].add(slot[1], powerIndex(RowStencil.CONSTANT, 0), w);
            }
        }
        for (int t = 0; t < 4; t++) {
            terms[t] = mono[t].build();
        }
        // a Schur term's b: the border unknown whose diagonal it is, or -1
        int m = layout.borderSize;
        for (int k = 0; k < terms[SCHUR_TARGET].size(); k++) {
            int off = terms[SCHUR_TARGET].off[k];
            terms[SCHUR_TARGET].b[k] = off / m == off % m ? off / m : -1;
        }
        productA = new int[productIds.size()];
        productB = new int[productIds.size()];
        for (Map.Entry<Long, Integer> e : productIds.entrySet()) {
            productA[e.getValue()] = (int) (e.getKey() >>> 32);
            productB[e.getValue()] = (int) (e.getKey() & 0xffffffffL);
        }
        tableSize = productBase + productA.length;
        coefficientRhs = cRhs.build();
        initialRhs = vRhs.build();
    }

    /** Where M[i][j] (i &gt;= j, global indices) lands for step s: {target, offset}. */
    private static int[] slot(BandLayout layout, int i, int j, int s) {
        int bi = layout.borderIndex(i);
        int bj = layout.borderIndex(j);
        int m = layout.borderSize;
        int stepBase = s * layout.block;
        if (bi < 0 && bj < 0) {
            return i == j ? new int[] {DIAG_TARGET, i - stepBase}
                    : new int[] {L_TARGET, layout.rowBase(i) + j - s * layout.stepStride};
        }
        if (bi >= 0 && bj >= 0) {
            return new int[] {SCHUR_TARGET, Math.max(bi, bj) * m + Math.min(bi, bj)};
        }
        int e = bi >= 0 ? bi : bj;
        int band = bi >= 0 ? j : i;
        return new int[] {BORDER_TARGET, e * layout.bandSize + band - stepBase};
    }

    private int powerIndex(int kind, int p) {
        return kind == RowStencil.CENTRAL ? hPowers + p - minBigPower : p;
    }

    /** Scratch sizes for {@link #assemble}: the interleaved table of powers and products. */
    int tableSize() {
        return tableSize * LANES;
    }

    /** The contribution of one step to every slot it writes, interleaved by lane. */
    int sumsSize() {
        return (terms[L_TARGET].slotOff.length + terms[DIAG_TARGET].slotOff.length
                + terms[BORDER_TARGET].slotOff.length + terms[SCHUR_TARGET].size()) * LANES;
    }

    /**
     * Adds the rows ending at step s of every lane's item to the group's storage
     * ({@code [slot][lane]}; the Schur block {@code [lane][m*m]}); {@code borderDiag}
     * ({@code [lane][m]}) collects the border's diagonal before elimination. The matrix part of a
     * step depends only on the plan, the step sizes h_{s-1}, h_{s-2} and the coefficients, so
     * when they repeat (uniform steps, coefficients constant in time: the usual case away from
     * the boundaries) the sums kept in {@code scratch} are added again instead of recomputed.
     */
    void assemble(OdeBatch batch, int[] items, int s, GroupFactor f, double[] diag, double[] x,
                  AssemblyScratch scratch, double[] borderDiag) {
        double[] c = batch.coefficients();
        double[] table = scratch.table;
        boolean samePlan = scratch.plan == this;
        boolean productsReady = samePlan && !batch.coefficientsPerStep();
        boolean stepsRepeat = scratch.steps.load(batch, items, s);
        // the table's powers of h and H are this step's (per-step coefficients, uniform steps)
        boolean powersReady = samePlan && stepsRepeat;
        boolean repeat = productsReady && stepsRepeat;
        if (!repeat) {
            for (int q = 0; q < LANES; q++) {
                if (!powersReady) {
                    fill(table, q, 0, scratch.steps.h[q], 0, hPowers - 1);
                    if (s >= 2) {
                        fill(table, q, hPowers, scratch.steps.bigH[q], minBigPower, 2 * order - 2);
                    }
                }
                if (!productsReady) {
                    int cb = batch.coefficientIndex(items[q], s, 0, 0, 0);
                    for (int k = 0; k < productA.length; k++) {
                        table[(productBase + k) * LANES + q] = c[cb + productA[k]] * c[cb + productB[k]];
                    }
                }
            }
            scratch.plan = this;
        }
        double[] sums = scratch.sums;
        int at = addTerms(terms[L_TARGET], f.l, s * stepStride, table, sums, 0, repeat);
        at = addTerms(terms[DIAG_TARGET], diag, s * block - shift, table, sums, at, repeat);
        at = addTerms(terms[BORDER_TARGET], f.border, s * block - shift, table, sums, at, repeat);
        addSchurTerms(terms[SCHUR_TARGET], f.schur, borderDiag, table, sums, at, repeat);
        if (coefficientRhs.size() > 0) {
            double[] rhs = batch.rhs();
            int cb0 = batch.coefficientIndex(items[0], s, 0, 0, 0);
            int cb1 = batch.coefficientIndex(items[1], s, 0, 0, 0);
            int cb2 = batch.coefficientIndex(items[2], s, 0, 0, 0);
            int cb3 = batch.coefficientIndex(items[3], s, 0, 0, 0);
            int rb0 = batch.rhsIndex(items[0], s, 0);
            int rb1 = batch.rhsIndex(items[1], s, 0);
            int rb2 = batch.rhsIndex(items[2], s, 0);
            int rb3 = batch.rhsIndex(items[3], s, 0);
            for (int k = 0; k < coefficientRhs.size(); k++) {
                int o = (s * block + coefficientRhs.off[k]) * LANES;
                int a = coefficientRhs.a[k];
                int e = coefficientRhs.b[k];
                double wk = coefficientRhs.w[k];
                x[o] += wk * c[cb0 + a] * rhs[rb0 + e];
                x[o + 1] += wk * c[cb1 + a] * rhs[rb1 + e];
                x[o + 2] += wk * c[cb2 + a] * rhs[rb2 + e];
                x[o + 3] += wk * c[cb3 + a] * rhs[rb3 + e];
            }
        }
        if (initialRhs.size() > 0) {
            double[] v = batch.initialValues();
            for (int k = 0; k < initialRhs.size(); k++) {
                int o = (s * block + initialRhs.off[k]) * LANES;
                for (int q = 0; q < LANES; q++) {
                    x[o + q] += initialRhs.w[k] * v[batch.initialIndex(items[q], s, 0, 0) + initialRhs.a[k]];
                }
            }
        }
    }

    /** table[(at + p - from) * lanes + q] = x^p for p in [from, to]. */
    private static void fill(double[] table, int q, int at, double x, int from, int to) {
        double v = RowBuffer.ipow(x, from);
        for (int p = from; p <= to; p++) {
            table[(at + p - from) * LANES + q] = v;
            v *= x;
        }
    }

    /**
     * Adds each slot's sum of terms to the target, keeping the sums in {@code sums} from
     * {@code at} on, or with {@code repeat} adding the kept sums again. Terms are sorted by slot:
     * each slot's terms are summed in registers and the slot written once (back to back
     * read-modify-writes of one slot would serialise on store forwarding). Returns the next
     * free position in {@code sums}.
     */
    private static int addTerms(Terms t, double[] target, int base, double[] table, double[] sums, int at,
                                boolean repeat) {
        return repeat ? KERNELS.addSums(target, base, t.slotOff, sums, at)
                : KERNELS.addTermSums(target, base, t.slotOff, t.slotEnd, t.a, t.w, table, sums, at);
    }

    private void addSchurTerms(Terms t, double[] schur, double[] borderDiag, double[] table, double[] sums, int at,
                               boolean repeat) {
        int m = borderSize;
        for (int k = 0; k < t.size(); k++) {
            int off = t.off[k];
            int p = t.a[k] * LANES;
            int diagonal = t.b[k];
            for (int q = 0; q < LANES; q++) {
                double v = repeat ? sums[at + q] : t.w[k] * table[p + q];
                sums[at + q] = v;
                schur[q * m * m + off] += v;
                if (diagonal >= 0) {
                    borderDiag[q * m + diagonal] += v;
                }
            }
            at += LANES;
        }
    }
}
