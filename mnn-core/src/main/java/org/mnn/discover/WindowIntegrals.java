package org.mnn.discover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.Solution;

/**
 * The NeuRLP solver in the discovery loop. Over each window of a trajectory the MNN's ODE for a
 * variable is u' = Theta(y(t)) xi with a free initial value a; its NeuRLP solution is linear in
 * (a, xi), because the least-squares solve is linear in its right-hand side and every item of a
 * window shares the same matrix. So one batched solve of the unit problems (u' = 0 with u(0) = 1,
 * and u' = theta_k with u(0) = 0 for every term k) gives every window's solution for any
 * coefficients: {@code u = a r_0 + sum_k xi_k r_k}. Windows of equal length go into one batch.
 *
 * <p>The solves carry derivatives up to {@link #ORDER} with the equation on u' only: measured on
 * u' = cos(5t), NeuRLP's error at h = 0.01 is 9e-5 with derivatives to order 1 or 2 (second
 * order) and 5e-8 with order 3 (fourth order), and the discretisation error would otherwise bias
 * the discovered coefficients by about a percent on Lorenz at dt = 0.01.
 */
final class WindowIntegrals {
    static final int ORDER = 3;

    /** Samples {@code start .. start + length - 1} of a trajectory. */
    record Window(int start, int length) { }

    private WindowIntegrals() { }

    /** Consecutive windows of {@code size} samples sharing their end points; a short remainder is
     * merged into the last window so that no window is shorter than half the size. */
    static List<Window> split(int samples, int size) {
        int len = Math.max(2, Math.min(size, samples));
        List<Window> out = new ArrayList<>();
        int start = 0;
        while (start + len - 1 <= samples - 1) {
            out.add(new Window(start, len));
            start += len - 1;
        }
        int rest = samples - 1 - (start);
        if (rest > 0) {
            Window last = out.remove(out.size() - 1);
            if (rest >= (len - 1) / 2) {
                out.add(last);
                out.add(new Window(start, rest + 1));
            } else {
                out.add(new Window(last.start(), last.length() + rest));
            }
        }
        return out;
    }

    /** Window positions grouped by length (one NeuRLP batch per length), in order of appearance. */
    static Map<Integer, List<Integer>> byLength(List<Window> windows) {
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int w = 0; w < windows.size(); w++) {
            groups.computeIfAbsent(windows.get(w).length(), k -> new ArrayList<>()).add(w);
        }
        return groups;
    }

    /**
     * Responses {@code [window][sample][1 + K]}: column 0 is r_0, column 1 + k is r_k for the
     * term values {@code theta[i][k]} at the trajectory's samples.
     */
    static double[][][] responses(double[] times, double[][] theta, List<Window> windows, OdeSolver solver) {
        int terms = theta[0].length;
        double[][][] out = new double[windows.size()][][];
        for (Map.Entry<Integer, List<Integer>> group : byLength(windows).entrySet()) {
            int n = group.getKey();
            List<Integer> ws = group.getValue();
            int items = ws.size() * (terms + 1);
            double[] rhs = new double[items * n];
            double[] steps = new double[items * (n - 1)];
            double[] initial = new double[items];
            double[] coefficients = new double[items * (ORDER + 1)];
            for (int g = 0; g < ws.size(); g++) {
                Window win = windows.get(ws.get(g));
                for (int c = 0; c <= terms; c++) {
                    int item = g * (terms + 1) + c;
                    coefficients[(ORDER + 1) * item + 1] = 1;
                    for (int s = 0; s < n - 1; s++) {
                        steps[item * (n - 1) + s] = times[win.start() + s + 1] - times[win.start() + s];
                    }
                    if (c == 0) {
                        initial[item] = 1;
                    } else {
                        for (int s = 0; s < n; s++) {
                            rhs[item * n + s] = theta[win.start() + s][c - 1];
                        }
                    }
                }
            }
            OdeBatch batch = OdeBatch.builder(items, n, 1, ORDER)
                    .coefficients(coefficients, false)
                    .rhs(rhs, true)
                    .initialValues(1, 1, initial)
                    .steps(steps, true)
                    .build();
            Solution sol = solver.solve(batch);
            for (int g = 0; g < ws.size(); g++) {
                double[][] r = new double[n][terms + 1];
                for (int c = 0; c <= terms; c++) {
                    int item = g * (terms + 1) + c;
                    for (int s = 0; s < n; s++) {
                        r[s][c] = sol.u(item, s, 0, 0);
                    }
                }
                out[ws.get(g)] = r;
            }
        }
        return out;
    }

    /**
     * Normal equations for xi of one variable with every window's initial value eliminated:
     * per window, the projection P = I - r0 r0'/(r0'r0) is applied to the responses and target.
     */
    static Gram gram(double[][][] responses, List<Window> windows, double[] target) {
        int terms = responses[0][0].length - 1;
        Gram gram = new Gram(terms);
        for (int w = 0; w < windows.size(); w++) {
            double[][] r = responses[w];
            int n = r.length;
            int start = windows.get(w).start();
            double r0r0 = 0;
            double r0x = 0;
            double[] r0rk = new double[terms];
            for (int s = 0; s < n; s++) {
                double r0 = r[s][0];
                r0r0 += r0 * r0;
                r0x += r0 * target[start + s];
                for (int k = 0; k < terms; k++) {
                    r0rk[k] += r0 * r[s][k + 1];
                }
            }
            for (int s = 0; s < n; s++) {
                double[] row = r[s];
                double x = target[start + s];
                for (int i = 0; i < terms; i++) {
                    gram.b[i] += row[i + 1] * x;
                    for (int j = 0; j <= i; j++) {
                        gram.a[i][j] += row[i + 1] * row[j + 1];
                    }
                }
            }
            for (int i = 0; i < terms; i++) {
                gram.b[i] -= r0rk[i] * r0x / r0r0;
                for (int j = 0; j <= i; j++) {
                    gram.a[i][j] -= r0rk[i] * r0rk[j] / r0r0;
                }
            }
        }
        gram.symmetrise();
        return gram;
    }

    /** The windows' solutions for coefficients xi, each with its least-squares initial value,
     * written into {@code into} at the trajectory's samples (shared end points: later window wins). */
    static void solutions(double[][][] responses, List<Window> windows, double[] target, double[] xi, double[] into) {
        for (int w = 0; w < windows.size(); w++) {
            double[][] r = responses[w];
            int start = windows.get(w).start();
            double[] particular = new double[r.length];
            double r0r0 = 0;
            double r0res = 0;
            for (int s = 0; s < r.length; s++) {
                double v = 0;
                for (int k = 0; k < xi.length; k++) {
                    v += xi[k] * r[s][k + 1];
                }
                particular[s] = v;
                r0r0 += r[s][0] * r[s][0];
                r0res += r[s][0] * (target[start + s] - v);
            }
            double a = r0res / r0r0;
            for (int s = 0; s < r.length; s++) {
                into[start + s] = a * r[s][0] + particular[s];
            }
        }
    }
}
