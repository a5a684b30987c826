package org.mnn.bench;

import java.util.Arrays;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.Solution;

public class WallProbe {
    public static void main(String[] a) {
        int b = Integer.parseInt(a[0]), n = Integer.parseInt(a[1]);
        OdeBatch batch = SolverBenchmark.problem(b, n, 1, 2, 1);
        BandedNeuRlpSolver s = new BandedNeuRlpSolver(NeuRlpOptions.defaults()).reusingBuffers();
        double[] g = new double[b * n * 3];
        Arrays.fill(g, 1e-3);
        double bf = 1e9, bb = 1e9;
        for (int r = 0; r < Integer.getInteger("reps", 30); r++) {
            long t0 = System.nanoTime();
            Solution sol = s.solve(batch);
            long t1 = System.nanoTime();
            sol.backward(g, null);
            long t2 = System.nanoTime();
            bf = Math.min(bf, (t1 - t0) / 1e6);
            bb = Math.min(bb, (t2 - t1) / 1e6);
        }
        System.out.printf("B=%d N=%d best fwd %.2f ms bwd %.2f ms%n", b, n, bf, bb);
    }
}
