package org.mnn.ode.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OdeSystemGradientTest {

    private static double[][] gradient(OdeSystem s, int e, double t, double[][] u) {
        double[][] out = new double[u.length][u[0].length];
        s.gradient(e, t, u, out);
        return out;
    }

    @Test
    void oscillatorResidualAndGradientByHand() {
        OdeSystem s = OdeParser.parse(OdeParserTest.OSCILLATOR);
        double t = 1;
        double[][] u = {{2, 3, 5}};
        double a = 1 + 0.5 * Math.sin(1);
        assertThat(s.residual(0, t, u)).isCloseTo(5 + 0.3 + a * 2 - Math.cos(1), within(1e-14));
        assertThat(gradient(s, 0, t, u)[0]).containsExactly(new double[] {a, 0.1, 1}, within(1e-15));
    }

    @Test
    void lorenzResidualsAndGradientsByHand() {
        OdeSystem s = OdeParser.parse(OdeParserTest.LORENZ);
        double[][] u = {{1, 0.5}, {2, -1}, {3, 2}};
        assertThat(s.residual(0, 0, u)).isEqualTo(-9.5);
        assertThat(s.residual(1, 0, u)).isEqualTo(-24.0);
        assertThat(s.residual(2, 0, u)).isCloseTo(8.0, within(1e-14));
        assertThat(gradient(s, 0, 0, u)).isDeepEqualTo(new double[][] {{10, 1}, {-10, 0}, {0, 0}});
        assertThat(gradient(s, 1, 0, u)).isDeepEqualTo(new double[][] {{-25, 0}, {1, 1}, {1, 0}});
        double[][] g2 = gradient(s, 2, 0, u);
        assertThat(g2[0]).containsExactly(-2, 0);
        assertThat(g2[1]).containsExactly(-1, 0);
        assertThat(g2[2]).containsExactly(new double[] {8.0 / 3, 1}, within(1e-15));
    }

    @Test
    void vanDerPolResidualAndGradientByHand() {
        OdeSystem s = OdeParser.parse(OdeParserTest.VAN_DER_POL, Map.of("mu", 2.0));
        double[][] u = {{2, 3, 1}};
        assertThat(s.residual(0, 0, u)).isEqualTo(21.0);
        assertThat(gradient(s, 0, 0, u)[0]).containsExactly(25, 6, 1);
    }

    @Test
    void gradientOverwritesEveryEntryOfOut() {
        OdeSystem s = OdeParser.parse("x' = y; y'' = -x");
        double[][] out = {{7, 7, 7}, {7, 7, 7}};
        s.gradient(0, 0, new double[][] {{1, 2, 3}, {4, 5, 6}}, out);
        assertThat(out).isDeepEqualTo(new double[][] {{0, 1, 0}, {-1, 0, 0}});
    }

    @Test
    void linearSystemGivesCoefficientsFromGradientAndRightHandSideFromResidualAtZero() {
        OdeSystem s = OdeParser.parse("x'' + 0.1*x' + (1 + 0.5*sin(t))*x = cos(t) + y\ny' = exp(-t)*x - 2*y + t^2");
        assertThat(s.isLinear()).isTrue();
        Random rnd = new Random(1);
        double[][] zeros = new double[2][3];
        for (int trial = 0; trial < 20; trial++) {
            double t = rnd.nextDouble() * 10;
            double[][] u = randomState(rnd, 2, 3);
            for (int e = 0; e < 2; e++) {
                double[][] c = gradient(s, e, t, randomState(rnd, 2, 3));
                double b = -s.residual(e, t, zeros);
                double affine = -b;
                for (int d = 0; d < 2; d++) {
                    for (int k = 0; k < 3; k++) {
                        affine += c[d][k] * u[d][k];
                    }
                }
                assertThat(s.residual(e, t, u)).isCloseTo(affine, within(1e-12));
            }
            assertThat(-s.residual(0, t, zeros)).isCloseTo(Math.cos(t), within(1e-15));
            assertThat(-s.residual(1, t, zeros)).isCloseTo(t * t, within(1e-12));
            assertThat(gradient(s, 1, t, u)[0][0]).isCloseTo(-Math.exp(-t), within(1e-15));
        }
    }

    @Test
    void gradientsMatchCentralFiniteDifferencesForEveryFunctionAndOperator() {
        String text = String.join("\n",
                "x' = sin(x)*cos(y) + tan(0.3*x) + exp(-x^2) + log(2 + y^2) - sqrt(1 + x^2*y)/x",
                "y'' = abs(x - y' - 2) + tanh(x*y) + sinh(0.5*y) - cosh(0.2*x) + atan(x/y) + asin(0.5*tanh(x))",
                "z' = acos(0.3*sin(y*z)) + (1 + x^2)^y + 2^z + x^-1 + y'^3 - y''/(1 + t*z^2) + x^y^0.5");
        OdeSystem s = OdeParser.parse(text);
        assertThat(s.variables()).containsExactly("x", "y", "z");
        Random rnd = new Random(42);
        for (int trial = 0; trial < 50; trial++) {
            double t = rnd.nextDouble();
            double[][] u = new double[3][3];
            for (double[] row : u) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = 0.5 + rnd.nextDouble(); // away from the kinks and poles of abs, 1/x, log
                }
            }
            for (int e = 0; e < 3; e++) {
                double[][] g = gradient(s, e, t, u);
                for (int d = 0; d < 3; d++) {
                    for (int k = 0; k < 3; k++) {
                        assertThat(g[d][k]).as("equation %d, d/du_%d^(%d)", e, d, k)
                                .isCloseTo(centralDifference(s, e, t, u, d, k), within(1e-6 * (1 + Math.abs(g[d][k]))));
                    }
                }
            }
        }
    }

    @Test
    void absDerivativeIsTheSign() {
        OdeSystem s = OdeParser.parse("x' = abs(x)");
        assertThat(gradient(s, 0, 0, new double[][] {{-2, 0}})[0][0]).isEqualTo(1.0);
        assertThat(gradient(s, 0, 0, new double[][] {{3, 0}})[0][0]).isEqualTo(-1.0);
    }

    @Test
    void squareOfNegativeBaseHasAFiniteGradient() {
        // the power rule must not bring in log(x), which is NaN for x < 0
        OdeSystem s = OdeParser.parse("x' = x^2");
        assertThat(gradient(s, 0, 0, new double[][] {{-3, 0}})[0][0]).isEqualTo(6.0);
    }

    private static double centralDifference(OdeSystem s, int e, double t, double[][] u, int d, int k) {
        double h = 1e-6 * Math.max(1, Math.abs(u[d][k]));
        double saved = u[d][k];
        u[d][k] = saved + h;
        double up = s.residual(e, t, u);
        u[d][k] = saved - h;
        double down = s.residual(e, t, u);
        u[d][k] = saved;
        return (up - down) / (2 * h);
    }

    static double[][] randomState(Random rnd, int dims, int derivatives) {
        double[][] u = new double[dims][derivatives];
        for (double[] row : u) {
            for (int k = 0; k < derivatives; k++) {
                row[k] = rnd.nextGaussian() * 3;
            }
        }
        return u;
    }
}
