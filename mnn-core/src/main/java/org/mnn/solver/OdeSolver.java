package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/** Solves a batch of linear ODEs with NeuRLP; the result can be differentiated. */
public interface OdeSolver {
    Solution solve(OdeBatch batch);

    NeuRlpOptions options();

    /** The default solver: {@link BandedNeuRlpSolver}, linear in N. */
    static OdeSolver create(NeuRlpOptions options) {
        return new BandedNeuRlpSolver(options);
    }
}
