package org.mnn.ode.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {
        OdeParserTest.OSCILLATOR,
        OdeParserTest.LORENZ,
        "k = 8/3\nc = -k^2 + 2*pi\nx'' = c*(1 - x^2)*x' - x + e",
        // grouping that floating point does not forgive: 0.1 + (0.2 + x) is not (0.1 + 0.2) + x
        "x' = 0.1 + (0.2 + x) - (y - (z - 0.3)) + (-x)^2 + -x^2 + 2^3^x + (2^3)^x\ny' = z; z' = y",
        "x' = y; y' = -x/(y*z) + x/y/z + x*(y*z) - -(x*y) + (-3)*x + 1.0e-5*t - 1e300*t\nz''' = -(-z)",
        "x' = +sin(x)*-cos(t) / (1 + abs(y)) ^ -0.5; y' = sqrt(abs(x))*exp(-t)*log(1 + y^2) - atan(x)*tanh(y)",
    })
    void printedSystemReparsesToBitIdenticalResidualsAndGradients(String text) {
        OdeSystem a = OdeParser.parse(text);
        OdeSystem b = OdeParser.parse(a.toString());
        assertThat(b.toString()).isEqualTo(a.toString());
        assertThat(b.variables()).isEqualTo(a.variables());
        assertThat(b.maxOrder()).isEqualTo(a.maxOrder());
        for (int d = 0; d < a.variables().size(); d++) {
            assertThat(b.order(d)).isEqualTo(a.order(d));
        }
        assertThat(b.isLinear()).isEqualTo(a.isLinear());
        assertThat(b.parameters()).isEqualTo(a.parameters());
        Random rnd = new Random(text.hashCode());
        int dims = a.variables().size();
        for (int trial = 0; trial < 100; trial++) {
            double t = rnd.nextDouble() * 5;
            double[][] u = OdeSystemGradientTest.randomState(rnd, dims, a.maxOrder() + 1);
            for (int e = 0; e < a.equations(); e++) {
                assertThat(Double.doubleToRawLongBits(b.residual(e, t, u)))
                        .isEqualTo(Double.doubleToRawLongBits(a.residual(e, t, u)));
                double[][] ga = new double[dims][a.maxOrder() + 1];
                double[][] gb = new double[dims][a.maxOrder() + 1];
                a.gradient(e, t, u, ga);
                b.gradient(e, t, u, gb);
                assertThat(gb).isDeepEqualTo(ga);
            }
        }
    }

    @Test
    void parametersArePrintedAsDefinitionsSoTheTextStandsAlone() {
        OdeSystem a = OdeParser.parse(OdeParserTest.VAN_DER_POL, Map.of("mu", 1.0 / 3));
        assertThat(a.toString()).isEqualTo("mu = 0.3333333333333333\nx'' - mu*(1 - x^2)*x' + x = 0");
        OdeSystem b = OdeParser.parse(a.toString());
        double[][] u = {{0.7, -1.1, 2}};
        assertThat(b.residual(0, 0, u)).isEqualTo(a.residual(0, 0, u));
    }

    @Test
    void canonicalFormUsesFewestParenthesesThatKeepTheTree() {
        assertThat(print("x' = ((x*y)*z)")).isEqualTo("x' = x*y*z");
        assertThat(print("x' = x*(y*z)")).isEqualTo("x' = x*(y*z)");
        assertThat(print("x' = (x + y) + z")).isEqualTo("x' = x + y + z");
        assertThat(print("x' = x - (y + z)")).isEqualTo("x' = x - (y + z)");
        assertThat(print("x' = -(x^2)")).isEqualTo("x' = -x^2");
        assertThat(print("x' = (-x)^2")).isEqualTo("x' = (-x)^2");
        assertThat(print("x' = -(x*y)")).isEqualTo("x' = -(x*y)");
        assertThat(print("x' = (-x)*y")).isEqualTo("x' = -x*y");
        assertThat(print("x' = x^(y^z)")).isEqualTo("x' = x^y^z");
        assertThat(print("x' = (x^y)^z")).isEqualTo("x' = (x^y)^z");
        assertThat(print("x' = x^-y")).isEqualTo("x' = x^(-y)");
        assertThat(print("x' = x*-y")).isEqualTo("x' = x*(-y)");
        assertThat(print("x' = 1.0e-5*x + 2.50*y + 1E20")).isEqualTo("x' = 1E-5*x + 2.5*y + 1E20");
    }

    private static String print(String equation) {
        return OdeParser.parse(equation + "\ny' = y\nz' = z").equationText(0);
    }
}
