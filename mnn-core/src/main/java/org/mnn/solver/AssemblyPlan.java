package org.mnn.solver;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mnn.ode.OdeBatch;

/**
 * The contributions of one interior step's rows to the banded normal equations, precompiled;
 * offsets are relative to the step, so one plan serves every interior step. Built from a
 * {@link RowStencil} and a {@link BandLayout}; this is the assembly the banded sweep runs for all
 * but a few boundary steps.
 *
 * <p>Smoothness rows have entries scale * x^p (x = h for Taylor rows, H = h_{s-2} + h_{s-1} for
 * central rows), so a product of two entries is a monomial in x: the plan merges all products
 * that land in the same slot with the same power into one term {@code coef * x^p}, which removes
 * about a third of the work and any per-entry evaluation. Equation rows multiply coefficients
 * read straight from the batch.
 */
final class AssemblyPlan {
    private static final int L_TARGET = 0;
    private static final int DIAG_TARGET = 1;
    private static final int BORDER_TARGET = 2;

    final RowStencil stencil;
    /** Interior steps whose rows touch neither the border nor a clipped envelope, inclusive. */
    final int first;
    final int last;
    private final int stepStride;
    private final int block;
    private final int shift;
    private final int bandSize;
    private final int slackRow;
    private final int order;
    /** Power table layout: h^p at p (0..2R), H^p at hPowers + p - minBigPower. */
    private final int hPowers;
    private final int minBigPower;
    private final int tableSize;
    // monomial terms per target: target[base + off] += coef * x^p, table index idx
    private final Terms[] terms = new Terms[3];
    // equation rows: l/diag[base + off] += w * c[a] * c[b] (a, b offsets from the step's coefficients)
    private final Terms coefL;
    private final Terms coefDiag;
    // x[s*block + off] += w * c[a] * rhs[s, equation]
    private final Terms coefRhs;
    private final double slackDiagonal;

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

    /** Collects terms, merging those with the same key (target offset and power), and orders
     * them by offset so that {@link #addTerms} writes each slot once. */
    private static final class Builder {
        private final Map<Long, double[]> merged = new LinkedHashMap<>();

        void add(int off, int index, double coef) {
            long key = ((long) off << 20) ^ index;
            double[] c = merged.computeIfAbsent(key, k -> new double[] {off, index, 0});
            c[2] += coef;
        }

        Terms build() {
            double[][] all = merged.values().toArray(new double[0][]);
            Arrays.sort(all, (x, y) -> Double.compare(x[0], y[0]));
            int n = all.length;
            int[] off = new int[n];
            int[] idx = new int[n];
            double[] coef = new double[n];
            for (int i = 0; i < n; i++) {
                off[i] = (int) all[i][0];
                idx[i] = (int) all[i][1];
                coef[i] = all[i][2];
            }
            return new Terms(off, idx, null, coef);
        }
    }

    private AssemblyPlan(RowStencil st, BandLayout layout, int first, int last, int order) {
        this.stencil = st;
        this.first = first;
        this.last = last;
        this.stepStride = layout.stepStride;
        this.block = layout.block;
        this.shift = layout.shift;
        this.bandSize = layout.bandSize;
        this.slackRow = layout.borderSize - 1;
        this.order = order;
        this.hPowers = 2 * order + 1;
        this.minBigPower = Math.min(2 * order - 4, order - 2);
        this.tableSize = hPowers + (2 * order - 2 - minBigPower + 1);
        int s = first;
        int base = s * block;
        Builder[] poly = {new Builder(), new Builder(), new Builder()};
        java.util.List<int[]> cl = new java.util.ArrayList<>();
        java.util.List<int[]> cd = new java.util.ArrayList<>();
        java.util.List<int[]> cr = new java.util.ArrayList<>();
        java.util.List<Double> clw = new java.util.ArrayList<>();
        java.util.List<Double> cdw = new java.util.ArrayList<>();
        java.util.List<Double> crw = new java.util.ArrayList<>();
        double slackDiag = 0;
        for (int r = 0; r < st.rows; r++) {
            double w = st.weight[r];
            boolean coefficientRow = st.kind[r] == RowStencil.COEFFICIENT;
            int cOff = coefficientRow ? st.equation[r] * block : 0;
            for (int a = st.start[r]; a < st.start[r + 1]; a++) {
                int ca = base + st.colOffset[a];
                for (int b = st.start[r]; b <= a; b++) {
                    int cb = base + st.colOffset[b];
                    int i = Math.max(ca, cb);
                    int j = Math.min(ca, cb);
                    boolean onDiagonal = i == j;
                    int off = onDiagonal ? i - base : layout.rowBase(i) + j - s * stepStride;
                    if (coefficientRow) {
                        (onDiagonal ? cd : cl).add(new int[] {off, cOff + st.colOffset[a], cOff + st.colOffset[b]});
                        (onDiagonal ? cdw : clw).add(w);
                    } else {
                        int index = powerIndex(st.kind[r], st.power[a] + st.power[b]);
                        poly[onDiagonal ? DIAG_TARGET : L_TARGET].add(off, index, w * st.scale[a] * st.scale[b]);
                    }
                }
                if (st.slack[r]) {
                    poly[BORDER_TARGET].add(ca - base, powerIndex(st.kind[r], st.power[a]), w * st.scale[a]);
                }
                if (coefficientRow) {
                    cr.add(new int[] {ca - base, cOff + st.colOffset[a], st.equation[r]});
                    crw.add(w);
                }
            }
            if (st.slack[r]) {
                slackDiag += w;
            }
        }
        for (int t = 0; t < 3; t++) {
            terms[t] = poly[t].build();
        }
        coefL = pairs(cl, clw);
        coefDiag = pairs(cd, cdw);
        coefRhs = pairs(cr, crw);
        slackDiagonal = slackDiag;
    }

    private int powerIndex(int kind, int p) {
        return kind == RowStencil.TAYLOR ? p : hPowers + p - minBigPower;
    }

    private static Terms pairs(java.util.List<int[]> t, java.util.List<Double> w) {
        int n = t.size();
        int[] off = new int[n];
        int[] a = new int[n];
        int[] b = new int[n];
        double[] ws = new double[n];
        for (int i = 0; i < n; i++) {
            off[i] = t.get(i)[0];
            a[i] = t.get(i)[1];
            b[i] = t.get(i)[2];
            ws[i] = w.get(i);
        }
        return new Terms(off, a, b, ws);
    }

    /** The plan for a batch, or null if it has no interior steps. */
    static AssemblyPlan of(RowStencil stencil, BandLayout layout, int order) {
        if (stencil == null) {
            return null;
        }
        // rows ending at s reach back to s - span; they must not touch the periodic border
        int first = Math.max(stencil.first, layout.shift / layout.block + layout.span);
        return first > stencil.last ? null : new AssemblyPlan(stencil, layout, first, stencil.last, order);
    }

    /** Scratch size for {@link #assemble}: the interleaved table of powers. */
    int scratchSize() {
        return tableSize * BandedNeuRlpSolver.LANES;
    }

    /** Adds the rows ending at interior step s of every lane's item to the group's storage
     * ({@code [slot][lane]}); {@code borderDiag} ({@code [lane][m]}) collects the border's
     * diagonal before elimination. */
    void assemble(OdeBatch batch, int[] items, int s, BandedNeuRlpSolver.GroupFactor f, double[] diag, double[] x,
                  double[] table, double[] borderDiag) {
        final int lanes = BandedNeuRlpSolver.LANES;
        double[] steps = batch.steps();
        for (int q = 0; q < lanes; q++) {
            int hOff = batch.stepOffset(items[q]) + s - 1;
            double h = steps[hOff];
            fill(table, q, 0, h, 0, hPowers - 1);
            if (s >= 2) {
                fill(table, q, hPowers, steps[hOff - 1] + h, minBigPower, 2 * order - 2);
            }
        }
        int lBase = s * stepStride;
        int dBase = s * block - shift;
        addTerms(terms[L_TARGET], f.l, lBase, table);
        addTerms(terms[DIAG_TARGET], diag, dBase, table);
        if (slackRow >= 0 && terms[BORDER_TARGET].size() > 0) {
            addTerms(terms[BORDER_TARGET], f.border, slackRow * bandSize + dBase, table);
            int m = slackRow + 1;
            for (int q = 0; q < lanes; q++) {
                f.schur[q * m * m + slackRow * m + slackRow] += slackDiagonal;
                borderDiag[q * m + slackRow] += slackDiagonal;
            }
        }
        double[] c = batch.coefficients();
        int c0 = batch.coefficientIndex(items[0], s, 0, 0, 0);
        int c1 = batch.coefficientIndex(items[1], s, 0, 0, 0);
        int c2 = batch.coefficientIndex(items[2], s, 0, 0, 0);
        int c3 = batch.coefficientIndex(items[3], s, 0, 0, 0);
        addPairs(coefL, f.l, lBase, c, c0, c1, c2, c3);
        addPairs(coefDiag, diag, dBase, c, c0, c1, c2, c3);
        Terms rt = coefRhs;
        double[] rhs = batch.rhs();
        for (int k = 0; k < rt.size(); k++) {
            int o = (s * block + rt.off[k]) * lanes;
            int a = rt.a[k];
            int e = rt.b[k];
            double w = rt.w[k];
            x[o] += w * c[c0 + a] * rhs[batch.rhsIndex(items[0], s, e)];
            x[o + 1] += w * c[c1 + a] * rhs[batch.rhsIndex(items[1], s, e)];
            x[o + 2] += w * c[c2 + a] * rhs[batch.rhsIndex(items[2], s, e)];
            x[o + 3] += w * c[c3 + a] * rhs[batch.rhsIndex(items[3], s, e)];
        }
    }

    /** table[(at + p - from) * lanes + q] = x^p for p in [from, to]. */
    private static void fill(double[] table, int q, int at, double x, int from, int to) {
        final int lanes = BandedNeuRlpSolver.LANES;
        double v = RowBuffer.ipow(x, from);
        for (int p = from; p <= to; p++) {
            table[(at + p - from) * lanes + q] = v;
            v *= x;
        }
    }

    /** Terms are sorted by slot: sum each slot's terms in registers, then write it once (back
     * to back read-modify-writes of one slot would serialise on store forwarding). */
    private static void addTerms(Terms t, double[] target, int base, double[] table) {
        int n = t.size();
        int k = 0;
        while (k < n) {
            int off = t.off[k];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            do {
                int p = t.a[k] * 4;
                double coef = t.w[k];
                s0 += coef * table[p];
                s1 += coef * table[p + 1];
                s2 += coef * table[p + 2];
                s3 += coef * table[p + 3];
                k++;
            } while (k < n && t.off[k] == off);
            int o = (base + off) * 4;
            target[o] += s0;
            target[o + 1] += s1;
            target[o + 2] += s2;
            target[o + 3] += s3;
        }
    }

    private static void addPairs(Terms t, double[] target, int base, double[] c, int c0, int c1, int c2, int c3) {
        for (int k = 0; k < t.size(); k++) {
            int o = (base + t.off[k]) * 4;
            int a = t.a[k];
            int b = t.b[k];
            double w = t.w[k];
            target[o] += w * c[c0 + a] * c[c0 + b];
            target[o + 1] += w * c[c1 + a] * c[c1 + b];
            target[o + 2] += w * c[c2 + a] * c[c2 + b];
            target[o + 3] += w * c[c3 + a] * c[c3 + b];
        }
    }
}
