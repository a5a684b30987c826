package org.mnn.solver;

import java.util.Arrays;
import org.mnn.ode.OdeBatch;

/**
 * The step sizes that the rows ending at step s use, per lane of a group: h = h_{s-1} (1 at step
 * 0, which has none) and H = h_{s-2} + h_{s-1} (0 before step 2), and whether they are the
 * previous step's, so that work depending only on them (uniform steps) is done once.
 */
final class LaneSteps {
    final double[] h = new double[BandedNeuRlpSolver.LANES];
    final double[] bigH = new double[BandedNeuRlpSolver.LANES];

    /** Forgets the last step (a new group: its items differ). */
    void reset() {
        // steps are positive: -1 never matches
        Arrays.fill(h, -1.0);
        Arrays.fill(bigH, -1.0);
    }

    /** Loads step s's sizes for the items; returns whether they equal the previous call's. */
    boolean load(OdeBatch batch, int[] items, int s) {
        double[] steps = batch.steps();
        boolean same = true;
        for (int q = 0; q < h.length; q++) {
            int hOff = batch.stepOffset(items[q]) + s - 1;
            double hq = s >= 1 ? steps[hOff] : 1.0;
            double bigHq = s >= 2 ? steps[hOff - 1] + hq : 0.0;
            if (hq != h[q] || bigHq != bigH[q]) {
                same = false;
                h[q] = hq;
                bigH[q] = bigHq;
            }
        }
        return same;
    }
}
