package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/** When a pivot counts as zero, and how to say where it happened. */
final class Pivots {
    /**
     * A pivot below this fraction of its diagonal entry means the normal matrix is singular to
     * working precision (M squares A's condition number, so 1e-14 is about cond(A) = 1e7 at the
     * pivot, far past what a well-posed NeuRLP system reaches).
     */
    static final double TOLERANCE = 1e-14;

    private Pivots() {
    }

    /** "step 3, dimension 0, derivative 2 (pivot 1e-20 against diagonal 4.0)" for unknown g. */
    static String describe(OdeBatch batch, int g, double pivot, double diagonal) {
        int block = batch.blockSize();
        String where = g >= batch.points() * block ? "the slack eps"
                : "step " + (g / block) + ", dimension " + (g % block) / (batch.order() + 1)
                        + ", derivative " + (g % block) % (batch.order() + 1);
        return "zero pivot at " + where + ": " + pivot + " against diagonal " + diagonal;
    }
}
