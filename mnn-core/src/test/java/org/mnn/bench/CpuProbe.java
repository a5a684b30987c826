package org.mnn.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.Solution;

public class CpuProbe {
    public static void main(String[] a) {
        int b = Integer.parseInt(a[0]), n = Integer.parseInt(a[1]), d = a.length > 2 ? Integer.parseInt(a[2]) : 1;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        OdeBatch batch = SolverBenchmark.problem(b, n, d, 2, 1);
        BandedNeuRlpSolver s = new BandedNeuRlpSolver(NeuRlpOptions.defaults()).reusingBuffers();
        double[] g = new double[b * n * d * 3];
        Arrays.fill(g, 1e-3);
        double bestF = 1e300, bestB = 1e300;
        for (int r = 0; r < 12; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            Solution sol = s.solve(batch);
            long t1 = mx.getCurrentThreadCpuTime();
            sol.backward(g, null);
            long t2 = mx.getCurrentThreadCpuTime();
            bestF = Math.min(bestF, (t1 - t0) / (double) b / n);
            bestB = Math.min(bestB, (t2 - t1) / (double) b / n);
        }
        System.out.printf("cpu ns per step: forward %.1f backward %.1f%n", bestF, bestB);
    }
}
