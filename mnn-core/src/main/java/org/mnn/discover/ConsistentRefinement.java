package org.mnn.discover;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.Solution;

/**
 * The MNN at consistency: the auxiliary trajectory y becomes the solution u itself, so the model
 * fitted is the nonlinear ODE x' = Theta(x) xi, not its linearisation around noisy data.
 *
 * <p>Each iteration linearises around the current y (method.md section 4, with the consistency
 * loss driven to zero): over every window NeuRLP solves the linear ODE
 * {@code u' - A(t) u = Theta(y) xi - A(t) y}, A = d(Theta xi_old)/dx at y, which is linear in xi
 * and in the window's initial value a. One batched solve of the unit problems (each initial
 * value, each active term, the fixed part) gives every window's u for any (a, xi); xi then
 * minimises sum |u - x|^2 over all windows (each coordinate weighted by 1/variance), with the
 * initial values eliminated per window, and y moves to u. At the fixed point y = u, u solves the
 * nonlinear ODE, and the unit responses are its exact sensitivities, so xi is the least-squares
 * fit of the nonlinear model's window solutions to the data (multiple shooting); A only steers
 * convergence, which is why a finite-difference Jacobian is enough.
 */
final class ConsistentRefinement {
    private final Library library;
    private final Dataset data;
    private final OdeSolver solver;
    private final double[] weights;

    ConsistentRefinement(Library library, Dataset data, OdeSolver solver) {
        this.library = library;
        this.data = data;
        this.solver = solver;
        double[] sd = data.standardDeviations();
        this.weights = new double[sd.length];
        for (int d = 0; d < sd.length; d++) {
            weights[d] = 1 / Math.max(sd[d], 1e-150);
        }
    }

    /** New coefficients and the root-mean-square misfit |u - x| of the windows' solutions (each
     * coordinate in units of its standard deviation). */
    record Step(double[][] xi, double misfit) { }

    /**
     * One iteration over windows of {@code window} samples: returns the new coefficients (zero
     * off the support) and replaces the auxiliary trajectories {@code aux} ({@code [N][D]} states
     * per trajectory) by the windows' u.
     */
    Step iterate(double[][] xi, boolean[][] active, List<double[][]> aux, int window) {
        int dims = xi.length;
        List<int[]> pairs = pairs(active);
        int p = pairs.size();
        double[][] gram = new double[p][p];
        double[] rhs = new double[p];
        List<List<double[][]>> responses = normalEquations(xi, pairs, aux, window, gram, rhs);
        double[] z = solveScaled(gram, rhs);
        double[][] out = new double[dims][library.size()];
        for (int i = 0; i < p; i++) {
            out[pairs.get(i)[0]][pairs.get(i)[1]] = z[i];
        }
        double misfit = 0;
        int count = 0;
        for (int j = 0; j < aux.size(); j++) {
            Trajectory tr = data.trajectories().get(j);
            List<WindowIntegrals.Window> ws = WindowIntegrals.split(tr.size(), window);
            for (int w = 0; w < ws.size(); w++) {
                misfit += writeSolution(responses.get(j).get(w), target(tr, ws.get(w)), z, dims, ws.get(w), aux.get(j));
                count += ws.get(w).length() * dims;
            }
        }
        return new Step(out, Math.sqrt(misfit / count));
    }

    /**
     * For every term off the support, by how much the weighted misfit's sum of squares (in the
     * units of {@link Step#misfit}, summed over values) falls if the term joins, the active terms
     * refitted: forward selection's (b_c - G_cS G_SS^-1 b_S)^2 / (G_cc - G_cS G_SS^-1 G_Sc) on the
     * normal equations of one iteration around {@code aux} with every term in play, so it is the
     * reduction of the problem linearised around the current fit. {@code [D][K]}, 0 on the support;
     * {@code aux} is left as it is.
     */
    double[][] additionGains(double[][] xi, boolean[][] active, List<double[][]> aux, int window) {
        int dims = xi.length;
        boolean[][] all = new boolean[dims][library.size()];
        for (boolean[] row : all) {
            java.util.Arrays.fill(row, true);
        }
        List<int[]> pairs = pairs(all);
        int p = pairs.size();
        double[][] gram = new double[p][p];
        double[] rhs = new double[p];
        normalEquations(xi, pairs, aux, window, gram, rhs);
        List<Integer> support = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            if (active[pairs.get(i)[0]][pairs.get(i)[1]]) {
                support.add(i);
            }
        }
        int m = support.size();
        double[][] gss = new double[m][m];
        double[] bs = new double[m];
        for (int a = 0; a < m; a++) {
            bs[a] = rhs[support.get(a)];
            for (int b = 0; b < m; b++) {
                gss[a][b] = gram[support.get(a)][support.get(b)];
            }
        }
        double[] zs = solveScaled(gss, bs);
        double[][] gains = new double[dims][library.size()];
        for (int c = 0; c < p; c++) {
            if (support.contains(c)) {
                continue;
            }
            double[] gsc = new double[m];
            for (int a = 0; a < m; a++) {
                gsc[a] = gram[support.get(a)][c];
            }
            double[] v = solveScaled(gss, gsc);
            double num = rhs[c];
            double den = gram[c][c];
            for (int a = 0; a < m; a++) {
                num -= gsc[a] * zs[a];
                den -= gsc[a] * v[a];
            }
            gains[pairs.get(c)[0]][pairs.get(c)[1]] = den > 1e-12 * gram[c][c] ? num * num / den : 0;
        }
        return gains;
    }

    /**
     * For every term on the support, by how much the weighted misfit's sum of squares rises if it
     * leaves, the others refitted: z_k^2 / (G^-1)_kk on the normal equations of one iteration
     * around {@code aux} (the linearised problem). {@code [D][K]}, 0 off the support; {@code aux}
     * is left as it is.
     */
    double[][] removalLosses(double[][] xi, boolean[][] active, List<double[][]> aux, int window) {
        List<int[]> pairs = pairs(active);
        int p = pairs.size();
        double[][] gram = new double[p][p];
        double[] rhs = new double[p];
        normalEquations(xi, pairs, aux, window, gram, rhs);
        double[] z = solveScaled(gram, rhs);
        double[][] losses = new double[xi.length][library.size()];
        for (int i = 0; i < p; i++) {
            double[] unit = new double[p];
            unit[i] = 1;
            double inverseDiagonal = solveScaled(gram, unit)[i];
            losses[pairs.get(i)[0]][pairs.get(i)[1]] = inverseDiagonal > 0 ? z[i] * z[i] / inverseDiagonal : 0;
        }
        return losses;
    }

    private List<int[]> pairs(boolean[][] active) {
        List<int[]> pairs = new ArrayList<>();
        for (int d = 0; d < active.length; d++) {
            for (int k = 0; k < library.size(); k++) {
                if (active[d][k]) {
                    pairs.add(new int[] {d, k});
                }
            }
        }
        return pairs;
    }

    /** Accumulates the normal equations of the terms {@code pairs} over every window into
     * {@code gram} and {@code rhs}; returns the windows' unit responses per trajectory. */
    private List<List<double[][]>> normalEquations(double[][] xi, List<int[]> pairs, List<double[][]> aux, int window,
                                                   double[][] gram, double[] rhs) {
        int dims = xi.length;
        List<List<double[][]>> responses = new ArrayList<>();
        for (int j = 0; j < aux.size(); j++) {
            Trajectory tr = data.trajectories().get(j);
            List<WindowIntegrals.Window> ws = WindowIntegrals.split(tr.size(), window);
            List<double[][]> r = solveWindows(tr, aux.get(j), xi, pairs, ws);
            responses.add(r);
            for (int w = 0; w < ws.size(); w++) {
                accumulate(r.get(w), target(tr, ws.get(w)), dims, pairs.size(), gram, rhs);
            }
        }
        return responses;
    }

    /** The window's data, flattened sample-major and weighted per coordinate. */
    private double[] target(Trajectory tr, WindowIntegrals.Window w) {
        int dims = weights.length;
        double[] x = new double[w.length() * dims];
        for (int s = 0; s < w.length(); s++) {
            for (int d = 0; d < dims; d++) {
                x[s * dims + d] = tr.states()[w.start() + s][d] * weights[d];
            }
        }
        return x;
    }

    /**
     * Unit responses per window, {@code [rows = n*D][columns = D + P + 1]}, weighted like the
     * target: columns 0..D-1 for the initial values, D..D+P-1 for the active terms, D+P for the
     * fixed part -A y.
     */
    private List<double[][]> solveWindows(Trajectory tr, double[][] y, double[][] xi, List<int[]> pairs,
                                          List<WindowIntegrals.Window> ws) {
        int dims = xi.length;
        int order = WindowIntegrals.ORDER;
        int cols = dims + pairs.size() + 1;
        int n0 = tr.size();
        double[][] signals = new double[n0][];
        for (int i = 0; i < n0; i++) {
            signals[i] = SindyBaseline.concat(y[i], tr.inputs()[i]);
        }
        double[][] theta = library.evaluate(tr.times(), signals);
        double[][][] jac = jacobians(tr.times(), signals, xi);
        double[][][] out = new double[ws.size()][][];
        for (Map.Entry<Integer, List<Integer>> group : WindowIntegrals.byLength(ws).entrySet()) {
            int n = group.getKey();
            List<Integer> members = group.getValue();
            int items = members.size() * cols;
            double[] coef = new double[items * n * dims * dims * (order + 1)];
            double[] b = new double[items * n * dims];
            double[] iv = new double[items * dims];
            double[] steps = new double[items * (n - 1)];
            for (int g = 0; g < members.size(); g++) {
                WindowIntegrals.Window win = ws.get(members.get(g));
                for (int c = 0; c < cols; c++) {
                    int item = g * cols + c;
                    for (int s = 0; s < n; s++) {
                        int i = win.start() + s;
                        for (int e = 0; e < dims; e++) {
                            for (int d = 0; d < dims; d++) {
                                int base = ((((item * n + s) * dims + e) * dims + d) * (order + 1));
                                coef[base] = -jac[i][e][d];
                                coef[base + 1] = e == d ? 1 : 0;
                            }
                        }
                        if (c >= dims && c < cols - 1) {
                            int[] pair = pairs.get(c - dims);
                            b[(item * n + s) * dims + pair[0]] = theta[i][pair[1]];
                        } else if (c == cols - 1) {
                            for (int e = 0; e < dims; e++) {
                                double ay = 0;
                                for (int d = 0; d < dims; d++) {
                                    ay += jac[i][e][d] * y[i][d];
                                }
                                b[(item * n + s) * dims + e] = -ay;
                            }
                        }
                        if (s < n - 1) {
                            steps[item * (n - 1) + s] = tr.times()[i + 1] - tr.times()[i];
                        }
                    }
                    if (c < dims) {
                        iv[item * dims + c] = 1;
                    }
                }
            }
            OdeBatch batch = OdeBatch.builder(items, n, dims, order)
                    .coefficients(coef, true).rhs(b, true).initialValues(1, 1, iv).steps(steps, true).build();
            Solution sol = solver.solve(batch);
            for (int g = 0; g < members.size(); g++) {
                double[][] r = new double[n * dims][cols];
                for (int c = 0; c < cols; c++) {
                    for (int s = 0; s < n; s++) {
                        for (int d = 0; d < dims; d++) {
                            r[s * dims + d][c] = sol.u(g * cols + c, s, d, 0) * weights[d];
                        }
                    }
                }
                out[members.get(g)] = r;
            }
        }
        return java.util.Arrays.asList(out);
    }

    /** d(Theta xi)_e / dx_d at every sample, by central differences. */
    private double[][][] jacobians(double[] times, double[][] signals, double[][] xi) {
        int dims = xi.length;
        double[][][] jac = new double[times.length][dims][dims];
        DiscoveredModel model = new DiscoveredModel(data.variables(), data.inputs(), library, xi);
        for (int i = 0; i < times.length; i++) {
            double[] x = java.util.Arrays.copyOf(signals[i], dims);
            double[] in = java.util.Arrays.copyOfRange(signals[i], dims, signals[i].length);
            for (int d = 0; d < dims; d++) {
                double h = 1e-6 * (Math.abs(x[d]) + 1);
                double keep = x[d];
                x[d] = keep + h;
                double[] up = model.rates(times[i], x, in);
                x[d] = keep - h;
                double[] down = model.rates(times[i], x, in);
                x[d] = keep;
                for (int e = 0; e < dims; e++) {
                    jac[i][e][d] = (up[e] - down[e]) / (2 * h);
                }
            }
        }
        return jac;
    }

    /** Adds one window's normal equations for xi with its D initial values eliminated. */
    private static void accumulate(double[][] r, double[] x, int dims, int p, double[][] gram, double[] rhs) {
        int rows = r.length;
        int fixed = dims + p;
        // residual target x - r_fixed; columns phi (0..D-1) and terms (D..D+P-1)
        double[] t = new double[rows];
        for (int q = 0; q < rows; q++) {
            t[q] = x[q] - r[q][fixed];
        }
        double[][] m = new double[dims][dims];
        double[][] phiR = new double[dims][p];
        double[] phiT = new double[dims];
        for (int q = 0; q < rows; q++) {
            double[] row = r[q];
            for (int a = 0; a < dims; a++) {
                phiT[a] += row[a] * t[q];
                for (int c = 0; c < dims; c++) {
                    m[a][c] += row[a] * row[c];
                }
                for (int c = 0; c < p; c++) {
                    phiR[a][c] += row[a] * row[dims + c];
                }
            }
            for (int i = 0; i < p; i++) {
                rhs[i] += row[dims + i] * t[q];
                for (int j = 0; j < p; j++) {
                    gram[i][j] += row[dims + i] * row[dims + j];
                }
            }
        }
        // subtract (R'Phi) M^-1 (Phi'R) and (R'Phi) M^-1 Phi't
        double[][] minvPhiR = new double[p][];
        for (int c = 0; c < p; c++) {
            double[] col = new double[dims];
            for (int a = 0; a < dims; a++) {
                col[a] = phiR[a][c];
            }
            minvPhiR[c] = SmallMatrices.solve(m, col);
        }
        double[] minvPhiT = SmallMatrices.solve(m, phiT);
        for (int i = 0; i < p; i++) {
            for (int a = 0; a < dims; a++) {
                rhs[i] -= phiR[a][i] * minvPhiT[a];
                for (int j = 0; j < p; j++) {
                    gram[i][j] -= phiR[a][i] * minvPhiR[j][a];
                }
            }
        }
    }

    private static double[] solveScaled(double[][] gram, double[] rhs) {
        int p = rhs.length;
        double[] s = new double[p];
        double[][] m = new double[p][p];
        double[] v = new double[p];
        for (int i = 0; i < p; i++) {
            s[i] = gram[i][i] > 0 ? 1 / Math.sqrt(gram[i][i]) : 1;
        }
        for (int i = 0; i < p; i++) {
            v[i] = rhs[i] * s[i];
            for (int j = 0; j < p; j++) {
                m[i][j] = 0.5 * (gram[i][j] + gram[j][i]) * s[i] * s[j];
            }
            m[i][i] *= 1 + 1e-12;
        }
        double[] z = SmallMatrices.solve(m, v);
        for (int i = 0; i < p; i++) {
            z[i] *= s[i];
        }
        return z;
    }

    /** u = Phi a + R xi + r_fixed with the least-squares a, unweighted, into the auxiliary
     * trajectory; returns the window's weighted squared misfit. */
    private double writeSolution(double[][] r, double[] x, double[] z, int dims, WindowIntegrals.Window w, double[][] y) {
        int rows = r.length;
        int p = z.length;
        double[] partial = new double[rows];
        for (int q = 0; q < rows; q++) {
            double v = r[q][dims + p];
            for (int i = 0; i < p; i++) {
                v += r[q][dims + i] * z[i];
            }
            partial[q] = v;
        }
        double[][] m = new double[dims][dims];
        double[] phiT = new double[dims];
        for (int q = 0; q < rows; q++) {
            for (int a = 0; a < dims; a++) {
                phiT[a] += r[q][a] * (x[q] - partial[q]);
                for (int c = 0; c < dims; c++) {
                    m[a][c] += r[q][a] * r[q][c];
                }
            }
        }
        double[] a = SmallMatrices.solve(m, phiT);
        double misfit = 0;
        for (int s = 0; s < w.length(); s++) {
            for (int d = 0; d < dims; d++) {
                int q = s * dims + d;
                double u = partial[q];
                for (int c = 0; c < dims; c++) {
                    u += r[q][c] * a[c];
                }
                misfit += (u - x[q]) * (u - x[q]);
                y[w.start() + s][d] = u / weights[d];
            }
        }
        return misfit;
    }
}
