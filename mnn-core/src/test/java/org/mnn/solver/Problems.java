package org.mnn.solver;

import java.util.Random;
import org.mnn.ode.OdeBatch;

/** Test problems with known answers, and random well-posed batches. */
final class Problems {
    private Problems() {
    }

    /** u'' + u = 0, u(0) = 0, u'(0) = 1 on [0, 10] with step h: u = sin t. */
    static OdeBatch harmonic(double h) {
        return org.mnn.bench.AccuracyStudy.harmonic(h);
    }

    /**
     * A random well-posed batch: diagonally dominant top-order coefficients, random lower-order
     * coefficients, rhs, uneven steps in [0.3, 0.7] (small steps scale Taylor rows by h^R and
     * raise cond(M) to 1e7-1e10, where two correct solvers differ by 1e-8), initial values
     * for all derivatives below R.
     */
    static OdeBatch random(long seed, int items, int n, int dims, int order, boolean perStep,
                           boolean stepsPerItem, int sIv, boolean periodic) {
        return random(seed, items, n, dims, order, perStep, stepsPerItem, sIv, periodic, false);
    }

    /**
     * As above; with {@code stepRuns} the steps come in runs of 1 to 5 equal steps of 0.4 or
     * 0.6, so that a solver's reuse of a step's numbers while the steps repeat, and its
     * recomputation when they change, are both exercised.
     */
    static OdeBatch random(long seed, int items, int n, int dims, int order, boolean perStep,
                           boolean stepsPerItem, int sIv, boolean periodic, boolean stepRuns) {
        Random rnd = new Random(seed);
        int slices = perStep ? n : 1;
        double[] c = new double[items * slices * dims * dims * (order + 1)];
        int i = 0;
        for (int b = 0; b < items; b++) {
            for (int s = 0; s < slices; s++) {
                for (int e = 0; e < dims; e++) {
                    for (int d = 0; d < dims; d++) {
                        for (int k = 0; k <= order; k++) {
                            double v = 0.5 * rnd.nextGaussian();
                            if (k == order) {
                                v = d == e ? 1.5 + rnd.nextDouble() : 0.2 * rnd.nextGaussian();
                            }
                            c[i++] = v;
                        }
                    }
                }
            }
        }
        double[] rhs = new double[items * n * dims];
        for (int j = 0; j < rhs.length; j++) {
            rhs[j] = rnd.nextGaussian();
        }
        int k = periodic ? 0 : order;
        double[] iv = new double[items * sIv * dims * k];
        for (int j = 0; j < iv.length; j++) {
            iv[j] = rnd.nextGaussian();
        }
        double[] h = new double[(stepsPerItem ? items : 1) * (n - 1)];
        for (int j = 0; j < h.length; j++) {
            h[j] = 0.3 + 0.4 * rnd.nextDouble();
        }
        if (stepRuns) {
            for (int j = 0; j < h.length; ) {
                double step = rnd.nextBoolean() ? 0.4 : 0.6;
                for (int run = 1 + rnd.nextInt(5); run > 0 && j < h.length; run--) {
                    h[j++] = step;
                }
            }
        }
        return OdeBatch.builder(items, n, dims, order)
                .coefficients(c, perStep)
                .rhs(rhs)
                .initialValues(periodic ? 0 : sIv, k, iv)
                .periodic(periodic)
                .steps(h, stepsPerItem)
                .build();
    }
}
