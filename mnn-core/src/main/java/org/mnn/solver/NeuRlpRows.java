package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * Generates the NeuRLP rows of method.md section 3 for one batch item, one step at a time: the
 * rows whose highest step is s (equation and initial rows at s, forward and backward Taylor rows
 * between s-1 and s, the central row at s-1, and the periodic rows at s = N-1). Emitting rows by
 * their last step lets a banded solver assemble and factor in one sweep.
 *
 * <p>This is the single definition of the rows: the dense and banded solvers, the residual norms
 * and the backward pass all read them from here. Stateless after construction, so threads share
 * one instance, each with its own {@link RowBuffer}.
 */
final class NeuRlpRows {
    private final OdeBatch batch;
    private final NeuRlpOptions options;
    private final int dims;
    private final int order;
    private final int block;
    private final double[] factorial;

    NeuRlpRows(OdeBatch batch, NeuRlpOptions options) {
        this.batch = batch;
        this.options = options;
        this.dims = batch.dims();
        this.order = batch.order();
        this.block = batch.blockSize();
        this.factorial = new double[order + 1];
        factorial[0] = 1;
        for (int i = 1; i <= order; i++) {
            factorial[i] = factorial[i - 1] * i;
        }
    }

    /** A buffer large enough for the rows of any step of this batch. */
    RowBuffer newBuffer() {
        int maxRows = batch.equations() + dims * batch.maxInitialOrder() + 3 * dims * order + dims;
        int stride = Math.max(block, order + 2);
        return new RowBuffer(maxRows, Math.max(stride, 3));
    }

    /** Number of unknowns per item: N*D*(R+1) plus the slack. */
    int unknowns() {
        return batch.points() * block + (options.slack() ? 1 : 0);
    }

    NeuRlpOptions options() {
        return options;
    }

    /** The slack reward alpha (a constant on the slack's right-hand side). */
    double alpha() {
        return options.alpha();
    }

    /** Global index of u[s,d,k]. */
    int column(int s, int d, int k) {
        return s * block + d * (order + 1) + k;
    }

    /** Fills {@code out} with the rows of {@code item} whose highest step is {@code s}. */
    void rowsEndingAt(int item, int s, RowBuffer out) {
        out.count = 0;
        equationRows(item, s, out);
        initialRows(item, s, out);
        if (s >= 1) {
            taylorRows(item, s, out);
        }
        if (s >= 2 && options.centralRows()) {
            centralRows(item, s - 1, out);
        }
        if (batch.periodic() && s == batch.points() - 1) {
            periodicRows(s, out);
        }
    }

    private void equationRows(int item, int s, RowBuffer out) {
        double w = options.weight(RowFamily.EQUATION);
        for (int e = 0; e < batch.equations(); e++) {
            int r = out.begin(RowFamily.EQUATION, w, batch.rhs()[batch.rhsIndex(item, s, e)], false,
                    batch.rhsIndex(item, s, e));
            out.equation[r] = e;
            for (int d = 0; d < dims; d++) {
                for (int k = 0; k <= order; k++) {
                    out.add(r, column(s, d, k), batch.coefficients()[batch.coefficientIndex(item, s, e, d, k)]);
                }
            }
        }
    }

    private void initialRows(int item, int s, RowBuffer out) {
        if (s >= batch.initialSteps()) {
            return;
        }
        double w = options.weight(RowFamily.INITIAL);
        for (int d = 0; d < dims; d++) {
            for (int k = 0; k < batch.initialOrder(d); k++) {
                int vi = batch.initialIndex(item, s, d, k);
                int r = out.begin(RowFamily.INITIAL, w, batch.initialValues()[vi], false, vi);
                out.add(r, column(s, d, k), 1.0);
            }
        }
    }

    /** Forward rows from s-1 to s and backward rows from s to s-1, both with h = h_{s-1}. */
    private void taylorRows(int item, int s, RowBuffer out) {
        double h = batch.steps()[batch.stepOffset(item) + s - 1];
        boolean slack = options.slack();
        double wf = options.weight(RowFamily.FORWARD);
        double wb = options.weight(RowFamily.BACKWARD);
        for (int d = 0; d < dims; d++) {
            // eps + sum_{j>=i} h^j/(j-i)! u[s-1,j] - h^i u[s,i] = 0
            for (int i = 0; i < order; i++) {
                int r = out.begin(RowFamily.FORWARD, wf, 0.0, slack, -1);
                for (int j = i; j <= order; j++) {
                    out.addPower(r, column(s - 1, d, j), h, 1.0 / factorial[j - i], j);
                }
                out.addPower(r, column(s, d, i), h, -1.0, i);
            }
            // eps + sum_{j>=i} (-h)^j/(j-i)! u[s,j] - (-h)^i u[s-1,i] = 0, written as powers of +h
            for (int i = 0; i < order; i++) {
                int r = out.begin(RowFamily.BACKWARD, wb, 0.0, slack, -1);
                for (int j = i; j <= order; j++) {
                    out.addPower(r, column(s, d, j), h, sign(j) / factorial[j - i], j);
                }
                out.addPower(r, column(s - 1, d, i), h, -sign(i), i);
            }
        }
    }

    /** (-1)^p. */
    private static double sign(int p) {
        return (p & 1) == 0 ? 1.0 : -1.0;
    }

    /** Central row at step c (touching c-1, c, c+1), H = h_{c-1} + h_c:
     * eps - H^(R-2) u[c-1,R-1] + H^(R-2) u[c+1,R-1] - H^(R-1) u[c,R] = 0. */
    private void centralRows(int item, int c, RowBuffer out) {
        int h0 = batch.stepOffset(item) + c - 1;
        double bigH = batch.steps()[h0] + batch.steps()[h0 + 1];
        double w = options.weight(RowFamily.CENTRAL);
        for (int d = 0; d < dims; d++) {
            int r = out.begin(RowFamily.CENTRAL, w, 0.0, options.slack(), -1);
            out.addPower(r, column(c - 1, d, order - 1), bigH, -1.0, order - 2);
            out.addPower(r, column(c, d, order), bigH, -1.0, order - 1);
            out.addPower(r, column(c + 1, d, order - 1), bigH, 1.0, order - 2);
        }
    }

    private void periodicRows(int last, RowBuffer out) {
        double w = options.weight(RowFamily.PERIODIC);
        for (int d = 0; d < dims; d++) {
            for (int k = 0; k < order; k++) {
                int r = out.begin(RowFamily.PERIODIC, w, 0.0, false, -1);
                out.add(r, column(0, d, k), 1.0);
                out.add(r, column(last, d, k), -1.0);
            }
        }
    }
}
