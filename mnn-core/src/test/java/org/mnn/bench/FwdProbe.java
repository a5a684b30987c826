package org.mnn.bench;

import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.NeuRlpOptions;

public class FwdProbe {
    public static void main(String[] a) {
        OdeBatch batch = SolverBenchmark.problem(64, 10000, 1, 2, 1);
        BandedNeuRlpSolver s = new BandedNeuRlpSolver(NeuRlpOptions.defaults()).reusingBuffers();
        for (int r = 0; r < 40; r++) {
            s.solve(batch);
        }
    }
}
