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
 * <p>Smoothness and constant rows have entries scale * x^p (x = h for Taylor rows, H for central
 * rows, p = 0 for constants), so a product of two entries is a monomial in x: the plan merges all
 * products that land in the same slot with the same power into one term {@code coef * x^p}, and
 * orders terms by slot so each slot is written once. Equation rows multiply coefficients read
 * straight from the batch.
 */
final class AssemblyPlan {
    private static final int L_TARGET = 0;
    private static final int DIAG_TARGET = 1;
    private static final int BORDER_TARGET = 2;
    private static final int SCHUR_TARGET = 3;
    private static final int LANES = BandedNeuRlpSolver.LANES;

    private final int stepStride;
    private final int block;
    private final int shift;
    private final int borderSize;
    private final int order;
    /** Power table layout: h^p at p (0..2R), H^p at hPowers + p - minBigPower. */
    private final int hPowers;
    private final int minBigPower;
    private final int tableSize;
    /** Monomial terms per target: target[base + off] += coef * x^p (a = table index). */
    private final Terms[] monomials = new Terms[4];
    /** Equation-row products per target: target[base + off] += w * c[a] * c[b]. */
    private final Terms[] products = new Terms[4];
    /** Right-hand sides: x[s*block + off] += w * c[a] * rhs[s, b] and += w * v[a] (initial). */
    private final Terms coefficientRhs;
    private final Terms initialRhs;

    /** Parallel arrays of one list of terms. */
    private static final class Terms {
        final int[] off;
        final int[] a;
        final int[] b;
        final double[] w;

        Terms(int[] off, int[] a, int[] b, double[] w) {
            this.off = off;
            this.a = a;
            this.b = b;
            this.w = w;
        }

        int size() {
            return off.length;
        }
    }

    /** Collects monomials, merging those with the same slot and power, ordered by slot so that
     * {@link #addMonomials} writes each slot once. */
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
        this.tableSize = hPowers + (2 * order - 2 - minBigPower + 1);
        int s = st.first;
        int base = s * block;
        MonomialBuilder[] mono = {new MonomialBuilder(), new MonomialBuilder(), new MonomialBuilder(), new MonomialBuilder()};
        TermBuilder[] prod = {new TermBuilder(), new TermBuilder(), new TermBuilder(), new TermBuilder()};
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
                        prod[slot[0]].add(slot[1], cOff + st.colOffset[a], cOff + st.colOffset[b], w);
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
            monomials[t] = mono[t].build();
            products[t] = prod[t].build();
        }
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

    /** Scratch size for {@link #assemble}: the interleaved table of powers. */
    int scratchSize() {
        return tableSize * LANES;
    }

    /**
     * Adds the rows ending at step s of every lane's item to the group's storage
     * ({@code [slot][lane]}; the Schur block {@code [lane][m*m]}); {@code borderDiag}
     * ({@code [lane][m]}) collects the border's diagonal before elimination.
     */
    void assemble(OdeBatch batch, int[] items, int s, BandedNeuRlpSolver.GroupFactor f, double[] diag, double[] x,
                  double[] table, double[] borderDiag) {
        double[] steps = batch.steps();
        for (int q = 0; q < LANES; q++) {
            // powers of h (h^0 = 1 serves the constant rows, also at step 0 where no h exists)
            int hOff = batch.stepOffset(items[q]) + s - 1;
            double h = s >= 1 ? steps[hOff] : 1.0;
            fill(table, q, 0, h, 0, hPowers - 1);
            if (s >= 2) {
                fill(table, q, hPowers, steps[hOff - 1] + h, minBigPower, 2 * order - 2);
            }
        }
        int lBase = s * stepStride;
        int dBase = s * block - shift;
        addMonomials(monomials[L_TARGET], f.l, lBase, table);
        addMonomials(monomials[DIAG_TARGET], diag, dBase, table);
        addMonomials(monomials[BORDER_TARGET], f.border, dBase, table);
        addSchurMonomials(monomials[SCHUR_TARGET], f.schur, borderDiag, table);
        double[] c = batch.coefficients();
        int[] cb = {batch.coefficientIndex(items[0], s, 0, 0, 0), batch.coefficientIndex(items[1], s, 0, 0, 0),
            batch.coefficientIndex(items[2], s, 0, 0, 0), batch.coefficientIndex(items[3], s, 0, 0, 0)};
        addProducts(products[L_TARGET], f.l, lBase, c, cb);
        addProducts(products[DIAG_TARGET], diag, dBase, c, cb);
        addProducts(products[BORDER_TARGET], f.border, dBase, c, cb);
        addSchurProducts(products[SCHUR_TARGET], f.schur, borderDiag, c, cb);
        double[] rhs = batch.rhs();
        for (int k = 0; k < coefficientRhs.size(); k++) {
            int o = (s * block + coefficientRhs.off[k]) * LANES;
            int a = coefficientRhs.a[k];
            int e = coefficientRhs.b[k];
            double w = coefficientRhs.w[k];
            for (int q = 0; q < LANES; q++) {
                x[o + q] += w * c[cb[q] + a] * rhs[batch.rhsIndex(items[q], s, e)];
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

    /** Terms are sorted by slot: sum each slot's terms in registers, then write it once (back
     * to back read-modify-writes of one slot would serialise on store forwarding). */
    private static void addMonomials(Terms t, double[] target, int base, double[] table) {
        int n = t.size();
        int k = 0;
        while (k < n) {
            int off = t.off[k];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            do {
                int p = t.a[k] * LANES;
                double coef = t.w[k];
                s0 += coef * table[p];
                s1 += coef * table[p + 1];
                s2 += coef * table[p + 2];
                s3 += coef * table[p + 3];
                k++;
            } while (k < n && t.off[k] == off);
            int o = (base + off) * LANES;
            target[o] += s0;
            target[o + 1] += s1;
            target[o + 2] += s2;
            target[o + 3] += s3;
        }
    }

    private static void addProducts(Terms t, double[] target, int base, double[] c, int[] cb) {
        int c0 = cb[0];
        int c1 = cb[1];
        int c2 = cb[2];
        int c3 = cb[3];
        for (int k = 0; k < t.size(); k++) {
            int o = (base + t.off[k]) * LANES;
            int a = t.a[k];
            int b = t.b[k];
            double w = t.w[k];
            target[o] += w * c[c0 + a] * c[c0 + b];
            target[o + 1] += w * c[c1 + a] * c[c1 + b];
            target[o + 2] += w * c[c2 + a] * c[c2 + b];
            target[o + 3] += w * c[c3 + a] * c[c3 + b];
        }
    }

    private void addSchurMonomials(Terms t, double[] schur, double[] borderDiag, double[] table) {
        int m = borderSize;
        for (int k = 0; k < t.size(); k++) {
            int off = t.off[k];
            int p = t.a[k] * LANES;
            for (int q = 0; q < LANES; q++) {
                double v = t.w[k] * table[p + q];
                schur[q * m * m + off] += v;
                if (off / m == off % m) {
                    borderDiag[q * m + off / m] += v;
                }
            }
        }
    }

    private void addSchurProducts(Terms t, double[] schur, double[] borderDiag, double[] c, int[] cb) {
        int m = borderSize;
        for (int k = 0; k < t.size(); k++) {
            int off = t.off[k];
            for (int q = 0; q < LANES; q++) {
                double v = t.w[k] * c[cb[q] + t.a[k]] * c[cb[q] + t.b[k]];
                schur[q * m * m + off] += v;
                if (off / m == off % m) {
                    borderDiag[q * m + off / m] += v;
                }
            }
        }
    }
}
