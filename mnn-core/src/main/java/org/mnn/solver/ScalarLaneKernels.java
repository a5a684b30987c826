package org.mnn.solver;

/** {@link LaneKernels} in plain Java, the 4 lanes unrolled so their sums stay in registers. */
final class ScalarLaneKernels extends LaneKernels {
    @Override
    String description() {
        return "scalar Java";
    }

    @Override
    void rowProducts(double[] vals, int[] colOffset, int k0, int k1, int base, double[] z, double[] w,
                     double[] out) {
        double az0 = 0;
        double az1 = 0;
        double az2 = 0;
        double az3 = 0;
        double aw0 = 0;
        double aw1 = 0;
        double aw2 = 0;
        double aw3 = 0;
        for (int k = k0; k < k1; k++) {
            int c = (base + colOffset[k]) * LANES;
            int vk = k * LANES;
            az0 += vals[vk] * z[c];
            az1 += vals[vk + 1] * z[c + 1];
            az2 += vals[vk + 2] * z[c + 2];
            az3 += vals[vk + 3] * z[c + 3];
            aw0 += vals[vk] * w[c];
            aw1 += vals[vk + 1] * w[c + 1];
            aw2 += vals[vk + 2] * w[c + 2];
            aw3 += vals[vk + 3] * w[c + 3];
        }
        out[AZ] = az0;
        out[AZ + 1] = az1;
        out[AZ + 2] = az2;
        out[AZ + 3] = az3;
        out[AW] = aw0;
        out[AW + 1] = aw1;
        out[AW + 2] = aw2;
        out[AW + 3] = aw3;
    }

    @Override
    void smoothnessSums(RowStencil st, double[] vals, double[] pvals, int base, double[] z, double[] w,
                        double[] eps, int slackW, double[] out) {
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        double c0 = 0;
        double c1 = 0;
        double c2 = 0;
        double c3 = 0;
        for (int r = 0; r < st.rows; r++) {
            int kind = st.kind[r];
            if (kind != RowStencil.TAYLOR && kind != RowStencil.CENTRAL) {
                continue;
            }
            // the unpowered entries through rowProducts, with out (written at the end) as scratch
            int kp = st.poweredFrom[r];
            rowProducts(vals, st.colOffset, st.start[r], kp, base, z, w, out);
            double az0 = out[AZ];
            double az1 = out[AZ + 1];
            double az2 = out[AZ + 2];
            double az3 = out[AZ + 3];
            double aw0 = out[AW];
            double aw1 = out[AW + 1];
            double aw2 = out[AW + 2];
            double aw3 = out[AW + 3];
            double pz0 = 0;
            double pz1 = 0;
            double pz2 = 0;
            double pz3 = 0;
            double pw0 = 0;
            double pw1 = 0;
            double pw2 = 0;
            double pw3 = 0;
            for (int k = kp; k < st.start[r + 1]; k++) {
                int c = (base + st.colOffset[k]) * LANES;
                int vk = k * LANES;
                double z0 = z[c];
                double z1 = z[c + 1];
                double z2 = z[c + 2];
                double z3 = z[c + 3];
                double w0 = w[c];
                double w1 = w[c + 1];
                double w2 = w[c + 2];
                double w3 = w[c + 3];
                az0 += vals[vk] * z0;
                az1 += vals[vk + 1] * z1;
                az2 += vals[vk + 2] * z2;
                az3 += vals[vk + 3] * z3;
                aw0 += vals[vk] * w0;
                aw1 += vals[vk + 1] * w1;
                aw2 += vals[vk + 2] * w2;
                aw3 += vals[vk + 3] * w3;
                pz0 += pvals[vk] * z0;
                pz1 += pvals[vk + 1] * z1;
                pz2 += pvals[vk + 2] * z2;
                pz3 += pvals[vk + 3] * z3;
                pw0 += pvals[vk] * w0;
                pw1 += pvals[vk + 1] * w1;
                pw2 += pvals[vk + 2] * w2;
                pw3 += pvals[vk + 3] * w3;
            }
            if (st.slack[r]) {
                az0 += eps[0];
                az1 += eps[1];
                az2 += eps[2];
                az3 += eps[3];
                aw0 += w[slackW];
                aw1 += w[slackW + 1];
                aw2 += w[slackW + 2];
                aw3 += w[slackW + 3];
            }
            double wt = st.weight[r];
            double a0 = wt * (az0 * pw0 + aw0 * pz0);
            double a1 = wt * (az1 * pw1 + aw1 * pz1);
            double a2 = wt * (az2 * pw2 + aw2 * pz2);
            double a3 = wt * (az3 * pw3 + aw3 * pz3);
            if (kind == RowStencil.CENTRAL) {
                c0 += a0;
                c1 += a1;
                c2 += a2;
                c3 += a3;
            } else {
                t0 += a0;
                t1 += a1;
                t2 += a2;
                t3 += a3;
            }
        }
        out[TAYLOR_SUM] = t0;
        out[TAYLOR_SUM + 1] = t1;
        out[TAYLOR_SUM + 2] = t2;
        out[TAYLOR_SUM + 3] = t3;
        out[CENTRAL_SUM] = c0;
        out[CENTRAL_SUM + 1] = c1;
        out[CENTRAL_SUM + 2] = c2;
        out[CENTRAL_SUM + 3] = c3;
    }

    @Override
    void rowResidual(double[] vals, int[] colOffset, int k0, int k1, int base, double weight, double[] x,
                     double[] r, double[] res) {
        double r0 = res[0];
        double r1 = res[1];
        double r2 = res[2];
        double r3 = res[3];
        for (int k = k0; k < k1; k++) {
            int c = (base + colOffset[k]) * LANES;
            int vk = k * LANES;
            r0 -= vals[vk] * x[c];
            r1 -= vals[vk + 1] * x[c + 1];
            r2 -= vals[vk + 2] * x[c + 2];
            r3 -= vals[vk + 3] * x[c + 3];
        }
        double w0 = weight * r0;
        double w1 = weight * r1;
        double w2 = weight * r2;
        double w3 = weight * r3;
        for (int k = k0; k < k1; k++) {
            int c = (base + colOffset[k]) * LANES;
            int vk = k * LANES;
            r[c] += vals[vk] * w0;
            r[c + 1] += vals[vk + 1] * w1;
            r[c + 2] += vals[vk + 2] * w2;
            r[c + 3] += vals[vk + 3] * w3;
        }
        res[0] = w0;
        res[1] = w1;
        res[2] = w2;
        res[3] = w3;
    }

    @Override
    void croutRow(BandLayout layout, int g, int lo, double[] l, double[] w, double[] invD, double[] x,
                  double[] diag, double[] border, double[] pivot) {
        int base = layout.rowBase(g);
        int shift = layout.shift;
        int di = (g - shift) * LANES;
        int xg = g * LANES;
        double d0 = diag[di];
        double d1 = diag[di + 1];
        double d2 = diag[di + 2];
        double d3 = diag[di + 3];
        double y0 = x[xg];
        double y1 = x[xg + 1];
        double y2 = x[xg + 2];
        double y3 = x[xg + 3];
        boolean slack = border != null;
        double v0 = slack ? border[di] : 0.0;
        double v1 = slack ? border[di + 1] : 0.0;
        double v2 = slack ? border[di + 2] : 0.0;
        double v3 = slack ? border[di + 3] : 0.0;
        for (int j = lo; j < g; j++) {
            int baseJ = layout.rowBase(j);
            int gj = (base + j) * LANES;
            double s0 = l[gj];
            double s1 = l[gj + 1];
            double s2 = l[gj + 2];
            double s3 = l[gj + 3];
            for (int k = Math.max(lo, layout.first(j)); k < j; k++) {
                int wk = (k - lo) * LANES;
                int jk = (baseJ + k) * LANES;
                s0 -= w[wk] * l[jk];
                s1 -= w[wk + 1] * l[jk + 1];
                s2 -= w[wk + 2] * l[jk + 2];
                s3 -= w[wk + 3] * l[jk + 3];
            }
            int wj = (j - lo) * LANES;
            w[wj] = s0;
            w[wj + 1] = s1;
            w[wj + 2] = s2;
            w[wj + 3] = s3;
            int ij = (j - shift) * LANES;
            double l0 = s0 * invD[ij];
            double l1 = s1 * invD[ij + 1];
            double l2 = s2 * invD[ij + 2];
            double l3 = s3 * invD[ij + 3];
            l[gj] = l0;
            l[gj + 1] = l1;
            l[gj + 2] = l2;
            l[gj + 3] = l3;
            d0 -= s0 * l0;
            d1 -= s1 * l1;
            d2 -= s2 * l2;
            d3 -= s3 * l3;
            int xj = j * LANES;
            y0 -= l0 * x[xj];
            y1 -= l1 * x[xj + 1];
            y2 -= l2 * x[xj + 2];
            y3 -= l3 * x[xj + 3];
            if (slack) {
                v0 -= border[ij] * s0;
                v1 -= border[ij + 1] * s1;
                v2 -= border[ij + 2] * s2;
                v3 -= border[ij + 3] * s3;
            }
        }
        pivot[0] = d0;
        pivot[1] = d1;
        pivot[2] = d2;
        pivot[3] = d3;
        x[xg] = y0;
        x[xg + 1] = y1;
        x[xg + 2] = y2;
        x[xg + 3] = y3;
        if (slack) {
            border[di] = v0;
            border[di + 1] = v1;
            border[di + 2] = v2;
            border[di + 3] = v3;
        }
    }

    @Override
    int pivotRow(double[] pivot, double[] diag, double[] invD, int di, double[] border, double[] x, int xg, int xe,
                 double[] schur) {
        double d0 = pivot[0];
        double d1 = pivot[1];
        double d2 = pivot[2];
        double d3 = pivot[3];
        double o0 = diag[di];
        double o1 = diag[di + 1];
        double o2 = diag[di + 2];
        double o3 = diag[di + 3];
        double tol = Pivots.TOLERANCE;
        if (!(d0 > tol * o0 && d1 > tol * o1 && d2 > tol * o2 && d3 > tol * o3)) {
            return ZERO_PIVOT;
        }
        double auto = NeuRlpOptions.AUTO_REFINEMENT_PIVOT;
        boolean small = d0 < auto * o0 || d1 < auto * o1 || d2 < auto * o2 || d3 < auto * o3;
        double i0 = 1.0 / d0;
        double i1 = 1.0 / d1;
        double i2 = 1.0 / d2;
        double i3 = 1.0 / d3;
        invD[di] = i0;
        invD[di + 1] = i1;
        invD[di + 2] = i2;
        invD[di + 3] = i3;
        if (border != null) {
            double e0 = border[di] * i0;
            double e1 = border[di + 1] * i1;
            double e2 = border[di + 2] * i2;
            double e3 = border[di + 3] * i3;
            border[di] = e0;
            border[di + 1] = e1;
            border[di + 2] = e2;
            border[di + 3] = e3;
            x[xe] -= e0 * x[xg];
            x[xe + 1] -= e1 * x[xg + 1];
            x[xe + 2] -= e2 * x[xg + 2];
            x[xe + 3] -= e3 * x[xg + 3];
            schur[0] -= e0 * d0 * e0;
            schur[1] -= e1 * d1 * e1;
            schur[2] -= e2 * d2 * e2;
            schur[3] -= e3 * d3 * e3;
        }
        return small ? SMALL_PIVOT : 0;
    }

    @Override
    int addTermSums(double[] target, int base, int[] slotOff, int[] slotEnd, int[] a, double[] coef,
                    double[] table, double[] sums, int at) {
        int k = 0;
        for (int i = 0; i < slotOff.length; i++) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int end = slotEnd[i]; k < end; k++) {
                int p = a[k] * LANES;
                double c = coef[k];
                s0 += c * table[p];
                s1 += c * table[p + 1];
                s2 += c * table[p + 2];
                s3 += c * table[p + 3];
            }
            int si = at + i * LANES;
            sums[si] = s0;
            sums[si + 1] = s1;
            sums[si + 2] = s2;
            sums[si + 3] = s3;
            int o = (base + slotOff[i]) * LANES;
            target[o] += s0;
            target[o + 1] += s1;
            target[o + 2] += s2;
            target[o + 3] += s3;
        }
        return at + slotOff.length * LANES;
    }

    @Override
    int addSums(double[] target, int base, int[] slotOff, double[] sums, int at) {
        for (int i = 0; i < slotOff.length; i++) {
            int si = at + i * LANES;
            int o = (base + slotOff[i]) * LANES;
            target[o] += sums[si];
            target[o + 1] += sums[si + 1];
            target[o + 2] += sums[si + 2];
            target[o + 3] += sums[si + 3];
        }
        return at + slotOff.length * LANES;
    }

    @Override
    void scaleAndSubtract(double[] x, int xFrom, double[] invD, double[] border, int count, int eFrom) {
        double e0 = x[eFrom];
        double e1 = x[eFrom + 1];
        double e2 = x[eFrom + 2];
        double e3 = x[eFrom + 3];
        for (int i = 0; i < count * LANES; i += LANES) {
            x[xFrom + i] = x[xFrom + i] * invD[i] - border[i] * e0;
            x[xFrom + i + 1] = x[xFrom + i + 1] * invD[i + 1] - border[i + 1] * e1;
            x[xFrom + i + 2] = x[xFrom + i + 2] * invD[i + 2] - border[i + 2] * e2;
            x[xFrom + i + 3] = x[xFrom + i + 3] * invD[i + 3] - border[i + 3] * e3;
        }
    }

    @Override
    void subtractScaled(double[] x, int xFrom, double[] l, int lFrom, int count, double[] v, int vFrom) {
        double v0 = v[vFrom];
        double v1 = v[vFrom + 1];
        double v2 = v[vFrom + 2];
        double v3 = v[vFrom + 3];
        for (int i = 0; i < count * LANES; i += LANES) {
            x[xFrom + i] -= l[lFrom + i] * v0;
            x[xFrom + i + 1] -= l[lFrom + i + 1] * v1;
            x[xFrom + i + 2] -= l[lFrom + i + 2] * v2;
            x[xFrom + i + 3] -= l[lFrom + i + 3] * v3;
        }
    }

    @Override
    void subtractDot(double[] y, int yFrom, double[] a, int aFrom, double[] b, int bFrom, int count) {
        double y0 = y[yFrom];
        double y1 = y[yFrom + 1];
        double y2 = y[yFrom + 2];
        double y3 = y[yFrom + 3];
        for (int i = 0; i < count * LANES; i += LANES) {
            y0 -= a[aFrom + i] * b[bFrom + i];
            y1 -= a[aFrom + i + 1] * b[bFrom + i + 1];
            y2 -= a[aFrom + i + 2] * b[bFrom + i + 2];
            y3 -= a[aFrom + i + 3] * b[bFrom + i + 3];
        }
        y[yFrom] = y0;
        y[yFrom + 1] = y1;
        y[yFrom + 2] = y2;
        y[yFrom + 3] = y3;
    }
}
