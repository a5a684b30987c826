package org.mnn.discover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;

/**
 * Equation discovery with a Mechanistic Neural Network (method.md sections 4 and 5).
 *
 * <ol>
 *   <li>Every signal is smoothed by local polynomials (window by cross-validation); the smoothed
 *       states are the auxiliary trajectory y, and a thresholded least-squares fit of their slopes
 *       is the warm start.</li>
 *   <li>MNN: over windows of the data, NeuRLP solves u' = Theta(y) xi with a free initial value;
 *       xi minimises |u - x|^2 over all windows exactly (the solve is linear in xi, see
 *       {@link WindowIntegrals}), then the auxiliary trajectory moves to the consistent solution
 *       (y = (1 - c) y_smooth + c u).</li>
 *   <li>Sequential thresholding cycles on the MNN's coefficients until the support stops changing;
 *       the last fit on the final support gives the model.</li>
 * </ol>
 */
public final class Discovery {
    private final String librarySpec;
    private final Threshold threshold;
    private final int window;
    private final int maxCycles;
    private final int auxiliaryIterations;
    private final double consistency;
    private final OdeSolver solver;

    private Discovery(Builder b) {
        this.librarySpec = b.library;
        this.threshold = b.threshold;
        this.window = b.window;
        this.maxCycles = b.maxCycles;
        this.auxiliaryIterations = b.auxiliaryIterations;
        this.consistency = b.consistency;
        this.solver = OdeSolver.create(NeuRlpOptions.defaults());
    }

    public static Builder builder() {
        return new Builder();
    }

    public DiscoveredModel fit(Dataset data) {
        Library library = Library.parse(librarySpec, data.signals());
        int dims = data.variables().size();
        int k = library.size();
        List<Smoothed> smooth = data.trajectories().stream().map(Smoothed::of).toList();

        // warm start: thresholded least squares on smoothed slopes
        Gram[] slopeGrams = new Gram[dims];
        for (int d = 0; d < dims; d++) {
            slopeGrams[d] = new Gram(k);
        }
        for (int j = 0; j < smooth.size(); j++) {
            Trajectory tr = data.trajectories().get(j);
            double[][] theta = library.evaluate(tr.times(), smooth.get(j).values());
            for (int d = 0; d < dims; d++) {
                slopeGrams[d].addRows(theta, column(smooth.get(j).slopes(), d));
            }
        }
        boolean[][] active = allActive(dims, k);
        Stlsq.fit(slopeGrams, active, threshold, 0, true, 20);

        // MNN cycles from the full library
        active = allActive(dims, k);
        List<double[][]> aux = new ArrayList<>();
        for (int j = 0; j < smooth.size(); j++) {
            Trajectory tr = data.trajectories().get(j);
            double[][] raw = new double[tr.size()][];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = SindyBaseline.concat(tr.states()[i], tr.inputs()[i]);
            }
            aux.add(raw);
        }
        double[][] xi = null;
        for (int cycle = 0; cycle < maxCycles; cycle++) {
            for (int it = 0; it < auxiliaryIterations; it++) {
                xi = mnnStep(data, library, aux, smooth, active);
            }
            boolean changed = false;
            for (int d = 0; d < dims; d++) {
                changed |= threshold.prune(xi[d], lastGrams[d], active[d]);
            }
            if (!changed) {
                break;
            }
        }
        xi = mnnStep(data, library, aux, smooth, active);
        return new DiscoveredModel(data.variables(), data.inputs(), library, xi);
    }

    private Gram[] lastGrams;

    /** One MNN step: the exact xi for the current auxiliary trajectory, then y moves towards u. */
    private double[][] mnnStep(Dataset data, Library library, List<double[][]> aux, List<Smoothed> smooth,
                               boolean[][] active) {
        int dims = data.variables().size();
        int k = library.size();
        Gram[] grams = new Gram[dims];
        for (int d = 0; d < dims; d++) {
            grams[d] = new Gram(k);
        }
        List<double[][][]> responses = new ArrayList<>();
        List<List<WindowIntegrals.Window>> windows = new ArrayList<>();
        for (int j = 0; j < aux.size(); j++) {
            Trajectory tr = data.trajectories().get(j);
            double[][] theta = library.evaluate(tr.times(), aux.get(j));
            List<WindowIntegrals.Window> ws = WindowIntegrals.split(tr.size(), window);
            double[][][] r = WindowIntegrals.responses(tr.times(), theta, ws, solver);
            responses.add(r);
            windows.add(ws);
            for (int d = 0; d < dims; d++) {
                Gram g = WindowIntegrals.gram(r, ws, tr.state(d));
                add(grams[d], g);
            }
        }
        double[][] xi = new double[dims][];
        for (int d = 0; d < dims; d++) {
            xi[d] = grams[d].solve(active[d], 0, true);
        }
        lastGrams = grams;
        if (consistency > 0) {
            for (int j = 0; j < aux.size(); j++) {
                Trajectory tr = data.trajectories().get(j);
                double[] u = new double[tr.size()];
                for (int d = 0; d < dims; d++) {
                    WindowIntegrals.solutions(responses.get(j), windows.get(j), tr.state(d), xi[d], u);
                    double[][] y = aux.get(j);
                    double[][] ys = smooth.get(j).values();
                    for (int i = 0; i < u.length; i++) {
                        y[i][d] = (1 - consistency) * ys[i][d] + consistency * u[i];
                    }
                }
            }
        }
        return xi;
    }

    private static void add(Gram into, Gram g) {
        for (int i = 0; i < g.size(); i++) {
            into.b[i] += g.b[i];
            for (int j = 0; j < g.size(); j++) {
                into.a[i][j] += g.a[i][j];
            }
        }
    }

    private static boolean[][] allActive(int dims, int k) {
        boolean[][] a = new boolean[dims][k];
        for (boolean[] row : a) {
            Arrays.fill(row, true);
        }
        return a;
    }

    static double[] column(double[][] m, int c) {
        return Arrays.stream(m).mapToDouble(r -> r[c]).toArray();
    }

    private static double[][] copy(double[][] m) {
        return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
    }

    public static final class Builder {
        private String library = "poly:2";
        private Threshold threshold = Threshold.absolute(0.1);
        private int window = 50;
        private int maxCycles = 10;
        private int auxiliaryIterations = 2;
        private double consistency = 0;

        public Builder library(String spec) { this.library = spec; return this; }
        public Builder threshold(Threshold t) { this.threshold = t; return this; }
        public Builder window(int samples) { this.window = samples; return this; }
        public Builder maxCycles(int n) { this.maxCycles = n; return this; }
        public Builder auxiliaryIterations(int n) { this.auxiliaryIterations = n; return this; }
        public Builder consistency(double c) { this.consistency = c; return this; }

        public Discovery build() {
            return new Discovery(this);
        }
    }
}
