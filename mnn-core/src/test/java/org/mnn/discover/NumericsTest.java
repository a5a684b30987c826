package org.mnn.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;

/** Smoothing, finite differences and the NeuRLP window integrals against closed forms. */
class NumericsTest {

    private static double[] unevenGrid(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] t = new double[n];
        for (int i = 1; i < n; i++) {
            t[i] = t[i - 1] + 0.005 + 0.01 * rnd.nextDouble();
        }
        return t;
    }

    @Test
    void localCubicsAreExactForCubicsOnUnevenGrids() {
        double[] t = unevenGrid(200, 1);
        double[] x = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            x[i] = 1 - 2 * t[i] + 3 * t[i] * t[i] - t[i] * t[i] * t[i];
        }
        LocalPolynomial.Fit fit = new LocalPolynomial(5, 3).fit(t, x);
        for (int i = 0; i < t.length; i++) {
            assertThat(fit.values()[i]).isCloseTo(x[i], within(1e-10));
            assertThat(fit.slopes()[i]).isCloseTo(-2 + 6 * t[i] - 3 * t[i] * t[i], within(1e-8));
        }
    }

    @Test
    void crossValidationSmoothsNoisyDataMoreThanCleanData() {
        double[] t = unevenGrid(2000, 2);
        double[] clean = new double[t.length];
        double[] noisy = new double[t.length];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < t.length; i++) {
            clean[i] = Math.sin(t[i]);
            noisy[i] = clean[i] + 0.1 * (rnd.nextDouble() - 0.5);
        }
        int cleanWidth = LocalPolynomial.chooseByGcv(t, clean, 3).halfWidth();
        LocalPolynomial chosen = LocalPolynomial.chooseByGcv(t, noisy, 3);
        assertThat(chosen.halfWidth()).isGreaterThan(4 * cleanWidth);
        double[] smooth = chosen.fit(t, noisy).values();
        double err = 0;
        double raw = 0;
        for (int i = 0; i < t.length; i++) {
            err += Math.pow(smooth[i] - clean[i], 2);
            raw += Math.pow(noisy[i] - clean[i], 2);
        }
        assertThat(err).isLessThan(raw / 5);
    }

    @Test
    void finiteDifferencesAreExactForParabolasOnUnevenGrids() {
        double[] t = unevenGrid(30, 4);
        double[] x = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            x[i] = 2 + t[i] - 4 * t[i] * t[i];
        }
        double[] d = FiniteDifferences.slopes(t, x);
        for (int i = 0; i < t.length; i++) {
            assertThat(d[i]).isCloseTo(1 - 8 * t[i], within(1e-9));
        }
    }

    @Test
    void windowsCoverEverySampleAndAreNeverShort() {
        for (int n : new int[] {2, 3, 49, 50, 51, 75, 76, 1000, 1001}) {
            List<WindowIntegrals.Window> ws = WindowIntegrals.split(n, 50);
            assertThat(ws.get(0).start()).isZero();
            WindowIntegrals.Window last = ws.get(ws.size() - 1);
            assertThat(last.start() + last.length()).isEqualTo(n);
            for (int i = 1; i < ws.size(); i++) {
                assertThat(ws.get(i).start()).isEqualTo(ws.get(i - 1).start() + ws.get(i - 1).length() - 1);
                assertThat(ws.get(i).length()).isGreaterThanOrEqualTo(Math.min(n, 25));
            }
        }
    }

    @Test
    void windowResponsesAreFourthOrderIntegralsOnUnevenGrids() {
        double[] t = unevenGrid(120, 5);
        double[][] theta = new double[t.length][2];
        for (int i = 0; i < t.length; i++) {
            theta[i][0] = Math.cos(5 * t[i]);
            theta[i][1] = t[i];
        }
        List<WindowIntegrals.Window> ws = WindowIntegrals.split(t.length, 50);
        double[][][] r = WindowIntegrals.responses(t, theta, ws, OdeSolver.create(NeuRlpOptions.defaults()));
        for (int w = 0; w < ws.size(); w++) {
            double t0 = t[ws.get(w).start()];
            for (int s = 0; s < ws.get(w).length(); s++) {
                double ts = t[ws.get(w).start() + s];
                assertThat(r[w][s][0]).isCloseTo(1, within(1e-9));
                assertThat(r[w][s][1]).isCloseTo((Math.sin(5 * ts) - Math.sin(5 * t0)) / 5, within(1e-6));
                assertThat(r[w][s][2]).isCloseTo((ts * ts - t0 * t0) / 2, within(1e-9));
            }
        }
    }
}
