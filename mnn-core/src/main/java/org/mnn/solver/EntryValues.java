package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * The numbers of a step's rows for the {@value BandedNeuRlpSolver#LANES} items of a group:
 * {@link #vals} (entry value, {@code [entry][lane]}) and {@link #pvals} (power * value, the
 * entry's derivative by its step times the step), from the step's {@link RowStencil}. They are
 * kept while the stencil and the step sizes repeat (uniform steps), and only the coefficient rows'
 * are redone when the coefficients change from step to step. Per thread.
 */
final class EntryValues {
    private static final int LANES = BandedNeuRlpSolver.LANES;

    final double[] vals;
    final double[] pvals;
    private final double[] table;
    private final LaneSteps laneSteps = new LaneSteps();
    private RowStencil valuesOf;

    EntryValues(RowStencil[] stencils) {
        int slots = 0;
        int entries = 0;
        for (RowStencil st : stencils) {
            slots = Math.max(slots, st.tableSlots());
            entries = Math.max(entries, st.entries());
        }
        table = new double[slots * LANES];
        vals = new double[entries * LANES];
        pvals = new double[entries * LANES];
    }

    /** Forgets the kept values: a new group's items. */
    void reset() {
        valuesOf = null;
        laneSteps.reset();
    }

    /** Makes {@link #vals} and {@link #pvals} step s's, from its stencil {@code st}. */
    void load(OdeBatch batch, RowStencil st, int[] items, int s) {
        boolean stepsRepeat = laneSteps.load(batch, items, s);
        if (st == valuesOf && stepsRepeat) {
            if (batch.coefficientsPerStep()) {
                st.fillCoefficients(batch, items, LANES, s, table);
                for (int k : st.coefficientEntries) {
                    entry(st, k);
                }
            }
            return;
        }
        st.fillTable(batch, items, LANES, s, table);
        for (int k = 0; k < st.entries(); k++) {
            entry(st, k);
        }
        valuesOf = st;
    }

    private void entry(RowStencil st, int k) {
        int vk = st.tableIndex[k] * LANES;
        double sc = st.tableScale[k];
        double p = st.power[k];
        for (int q = 0; q < LANES; q++) {
            double v = sc * table[vk + q];
            vals[k * LANES + q] = v;
            pvals[k * LANES + q] = p * v;
        }
    }
}
