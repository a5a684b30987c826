package org.mnn.solver;

/**
 * Accumulates one row's contribution to the normal equations M = A^T W A and A^T W beta, with
 * the slack as column {@code slackColumn}. Implementations decide where entry (i, j), i &gt;= j,
 * lives; the row walk is written once here.
 */
abstract class NormalEquations {
    /** Adds v to M[i][j] for i &gt;= j (global indices). */
    abstract void addMatrix(int i, int j, double v);

    /** Adds v to the right-hand side at global index i. */
    abstract void addRhs(int i, double v);

    final void addRows(RowBuffer rows, int slackColumn) {
        for (int r = 0; r < rows.count; r++) {
            int base = r * rows.stride;
            int nnz = rows.nnz[r];
            double w = rows.weight[r];
            double wb = w * rows.rhs[r];
            for (int p = 0; p < nnz; p++) {
                int cp = rows.col[base + p];
                double wv = w * rows.val[base + p];
                for (int q = 0; q <= p; q++) {
                    int cq = rows.col[base + q];
                    double v = wv * rows.val[base + q];
                    if (cp >= cq) {
                        addMatrix(cp, cq, v);
                    } else {
                        addMatrix(cq, cp, v);
                    }
                }
                if (wb != 0) {
                    addRhs(cp, wb * rows.val[base + p]);
                }
                if (rows.slack[r]) {
                    addMatrix(slackColumn, cp, wv);
                }
            }
            if (rows.slack[r]) {
                addMatrix(slackColumn, slackColumn, w);
            }
        }
    }
}
