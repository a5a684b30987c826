package org.mnn.solver;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneKernels} on the JDK's vector API: the 4 lanes as one 256-bit vector. Loaded only
 * where the module {@code jdk.incubator.vector} is present ({@link LaneKernels#get()}).
 * Multiplies and subtracts stay separate (no {@code fma}): the same roundings as the scalar
 * kernels, and no slow software FMA on CPUs without it.
 */
final class VectorLaneKernels extends LaneKernels {
    private static final VectorSpecies<Double> FOUR = DoubleVector.SPECIES_256;

    VectorLaneKernels() {
        // below 256 bits (e.g. 128-bit NEON) the API would emulate 4-lane vectors in plain Java
        if (DoubleVector.SPECIES_PREFERRED.vectorBitSize() < FOUR.vectorBitSize()) {
            throw new UnsupportedOperationException("the CPU's vectors are narrower than 256 bits");
        }
    }

    @Override
    String description() {
        return "vector API, 256-bit";
    }

    @Override
    void rowProducts(double[] vals, int[] colOffset, int k0, int k1, int base, double[] z, double[] w,
                     double[] out) {
        DoubleVector az = DoubleVector.zero(FOUR);
        DoubleVector aw = DoubleVector.zero(FOUR);
        for (int k = k0; k < k1; k++) {
            int c = (base + colOffset[k]) * LANES;
            DoubleVector v = DoubleVector.fromArray(FOUR, vals, k * LANES);
            az = az.add(v.mul(DoubleVector.fromArray(FOUR, z, c)));
            aw = aw.add(v.mul(DoubleVector.fromArray(FOUR, w, c)));
        }
        az.intoArray(out, AZ);
        aw.intoArray(out, AW);
    }

    @Override
    void smoothnessSums(RowStencil st, double[] vals, double[] pvals, int base, double[] z, double[] w,
                        double[] eps, int slackW, double[] out) {
        DoubleVector taylor = DoubleVector.zero(FOUR);
        DoubleVector central = DoubleVector.zero(FOUR);
        for (int r = 0; r < st.rows; r++) {
            int kind = st.kind[r];
            if (kind != RowStencil.TAYLOR && kind != RowStencil.CENTRAL) {
                continue;
            }
            DoubleVector az = DoubleVector.zero(FOUR);
            DoubleVector aw = DoubleVector.zero(FOUR);
            int kp = st.poweredFrom[r];
            for (int k = st.start[r]; k < kp; k++) {
                int c = (base + st.colOffset[k]) * LANES;
                DoubleVector v = DoubleVector.fromArray(FOUR, vals, k * LANES);
                az = az.add(v.mul(DoubleVector.fromArray(FOUR, z, c)));
                aw = aw.add(v.mul(DoubleVector.fromArray(FOUR, w, c)));
            }
            DoubleVector pz = DoubleVector.zero(FOUR);
            DoubleVector pw = DoubleVector.zero(FOUR);
            for (int k = kp; k < st.start[r + 1]; k++) {
                int c = (base + st.colOffset[k]) * LANES;
                DoubleVector v = DoubleVector.fromArray(FOUR, vals, k * LANES);
                DoubleVector pv = DoubleVector.fromArray(FOUR, pvals, k * LANES);
                DoubleVector zc = DoubleVector.fromArray(FOUR, z, c);
                DoubleVector wc = DoubleVector.fromArray(FOUR, w, c);
                az = az.add(v.mul(zc));
                aw = aw.add(v.mul(wc));
                pz = pz.add(pv.mul(zc));
                pw = pw.add(pv.mul(wc));
            }
            if (st.slack[r]) {
                az = az.add(DoubleVector.fromArray(FOUR, eps, 0));
                aw = aw.add(DoubleVector.fromArray(FOUR, w, slackW));
            }
            DoubleVector acc = az.mul(pw).add(aw.mul(pz)).mul(st.weight[r]);
            if (kind == RowStencil.CENTRAL) {
                central = central.add(acc);
            } else {
                taylor = taylor.add(acc);
            }
        }
        taylor.intoArray(out, TAYLOR_SUM);
        central.intoArray(out, CENTRAL_SUM);
    }

    @Override
    void rowResidual(double[] vals, int[] colOffset, int k0, int k1, int base, double weight, double[] x,
                     double[] r, double[] res) {
        DoubleVector acc = DoubleVector.fromArray(FOUR, res, 0);
        for (int k = k0; k < k1; k++) {
            acc = acc.sub(DoubleVector.fromArray(FOUR, vals, k * LANES)
                    .mul(DoubleVector.fromArray(FOUR, x, (base + colOffset[k]) * LANES)));
        }
        DoubleVector wr = acc.mul(weight);
        for (int k = k0; k < k1; k++) {
            int c = (base + colOffset[k]) * LANES;
            DoubleVector.fromArray(FOUR, r, c).add(DoubleVector.fromArray(FOUR, vals, k * LANES).mul(wr))
                    .intoArray(r, c);
        }
        wr.intoArray(res, 0);
    }

    @Override
    void croutRow(BandLayout layout, int g, int lo, double[] l, double[] w, double[] invD, double[] x,
                  double[] diag, double[] border, double[] pivot) {
        int base = layout.rowBase(g);
        int shift = layout.shift;
        int di = (g - shift) * LANES;
        int xg = g * LANES;
        boolean slack = border != null;
        DoubleVector d = DoubleVector.fromArray(FOUR, diag, di);
        DoubleVector y = DoubleVector.fromArray(FOUR, x, xg);
        DoubleVector v = slack ? DoubleVector.fromArray(FOUR, border, di) : DoubleVector.zero(FOUR);
        // s_{j-1} from the previous iteration, kept in a register: the last term of s_j's sum
        // would otherwise wait for its store to w to be forwarded to the load (the Crout
        // recurrence's critical path); the same numbers in the same order as the scalar kernel
        DoubleVector previous = DoubleVector.zero(FOUR);
        for (int j = lo; j < g; j++) {
            int baseJ = layout.rowBase(j);
            int gj = (base + j) * LANES;
            DoubleVector sj = DoubleVector.fromArray(FOUR, l, gj);
            int from = Math.max(lo, layout.first(j));
            boolean last = j > lo && from < j;
            int end = last ? j - 1 : j;
            for (int k = from; k < end; k++) {
                sj = sj.sub(DoubleVector.fromArray(FOUR, w, (k - lo) * LANES)
                        .mul(DoubleVector.fromArray(FOUR, l, (baseJ + k) * LANES)));
            }
            if (last) {
                sj = sj.sub(previous.mul(DoubleVector.fromArray(FOUR, l, (baseJ + j - 1) * LANES)));
            }
            previous = sj;
            sj.intoArray(w, (j - lo) * LANES);
            int ij = (j - shift) * LANES;
            DoubleVector lj = sj.mul(DoubleVector.fromArray(FOUR, invD, ij));
            lj.intoArray(l, gj);
            d = d.sub(sj.mul(lj));
            y = y.sub(lj.mul(DoubleVector.fromArray(FOUR, x, j * LANES)));
            if (slack) {
                v = v.sub(DoubleVector.fromArray(FOUR, border, ij).mul(sj));
            }
        }
        d.intoArray(pivot, 0);
        y.intoArray(x, xg);
        if (slack) {
            v.intoArray(border, di);
        }
    }

    @Override
    int pivotRow(double[] pivot, double[] diag, double[] invD, int di, double[] border, double[] x, int xg, int xe,
                 double[] schur) {
        DoubleVector d = DoubleVector.fromArray(FOUR, pivot, 0);
        DoubleVector o = DoubleVector.fromArray(FOUR, diag, di);
        if (!d.compare(VectorOperators.GT, o.mul(Pivots.TOLERANCE)).allTrue()) {
            return ZERO_PIVOT;
        }
        boolean small = d.compare(VectorOperators.LT, o.mul(NeuRlpOptions.AUTO_REFINEMENT_PIVOT)).anyTrue();
        DoubleVector i = DoubleVector.broadcast(FOUR, 1.0).div(d);
        i.intoArray(invD, di);
        if (border != null) {
            DoubleVector e = DoubleVector.fromArray(FOUR, border, di).mul(i);
            e.intoArray(border, di);
            DoubleVector.fromArray(FOUR, x, xe).sub(e.mul(DoubleVector.fromArray(FOUR, x, xg))).intoArray(x, xe);
            DoubleVector.fromArray(FOUR, schur, 0).sub(e.mul(d).mul(e)).intoArray(schur, 0);
        }
        return small ? SMALL_PIVOT : 0;
    }

    @Override
    int addTermSums(double[] target, int base, int[] slotOff, int[] slotEnd, int[] a, double[] coef,
                    double[] table, double[] sums, int at) {
        int k = 0;
        for (int i = 0; i < slotOff.length; i++) {
            DoubleVector sum = DoubleVector.zero(FOUR);
            for (int end = slotEnd[i]; k < end; k++) {
                sum = sum.add(DoubleVector.fromArray(FOUR, table, a[k] * LANES).mul(coef[k]));
            }
            sum.intoArray(sums, at + i * LANES);
            int o = (base + slotOff[i]) * LANES;
            DoubleVector.fromArray(FOUR, target, o).add(sum).intoArray(target, o);
        }
        return at + slotOff.length * LANES;
    }

    @Override
    int addSums(double[] target, int base, int[] slotOff, double[] sums, int at) {
        for (int i = 0; i < slotOff.length; i++) {
            int o = (base + slotOff[i]) * LANES;
            DoubleVector.fromArray(FOUR, target, o).add(DoubleVector.fromArray(FOUR, sums, at + i * LANES))
                    .intoArray(target, o);
        }
        return at + slotOff.length * LANES;
    }

    @Override
    void scaleAndSubtract(double[] x, int xFrom, double[] invD, double[] border, int count, int eFrom) {
        DoubleVector e = DoubleVector.fromArray(FOUR, x, eFrom);
        for (int i = 0; i < count * LANES; i += LANES) {
            DoubleVector.fromArray(FOUR, x, xFrom + i).mul(DoubleVector.fromArray(FOUR, invD, i))
                    .sub(DoubleVector.fromArray(FOUR, border, i).mul(e)).intoArray(x, xFrom + i);
        }
    }

    @Override
    void subtractScaled(double[] x, int xFrom, double[] l, int lFrom, int count, double[] values, int vFrom) {
        DoubleVector v = DoubleVector.fromArray(FOUR, values, vFrom);
        for (int i = 0; i < count * LANES; i += LANES) {
            DoubleVector xi = DoubleVector.fromArray(FOUR, x, xFrom + i);
            xi.sub(DoubleVector.fromArray(FOUR, l, lFrom + i).mul(v)).intoArray(x, xFrom + i);
        }
    }

    @Override
    void subtractDot(double[] y, int yFrom, double[] a, int aFrom, double[] b, int bFrom, int count) {
        DoubleVector acc = DoubleVector.fromArray(FOUR, y, yFrom);
        for (int i = 0; i < count * LANES; i += LANES) {
            acc = acc.sub(DoubleVector.fromArray(FOUR, a, aFrom + i).mul(DoubleVector.fromArray(FOUR, b, bFrom + i)));
        }
        acc.intoArray(y, yFrom);
    }
}
