package org.mnn.ode.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OdeParserTest {
    static final String OSCILLATOR = "x'' + 0.1*x' + (1 + 0.5*sin(t))*x = cos(t)";
    static final String LORENZ = "x' = 10*(y - x); y' = x*(28 - z) - y; z' = x*y - 8/3*z";
    static final String VAN_DER_POL = "x'' - mu*(1 - x^2)*x' + x = 0";

    @Test
    void dampedForcedOscillatorIsOneLinearSecondOrderEquation() {
        OdeSystem s = OdeParser.parse(OSCILLATOR);
        assertThat(s.variables()).containsExactly("x");
        assertThat(s.order(0)).isEqualTo(2);
        assertThat(s.maxOrder()).isEqualTo(2);
        assertThat(s.equations()).isEqualTo(1);
        assertThat(s.isLinear()).isTrue();
    }

    @Test
    void lorenzIsThreeNonlinearFirstOrderEquations() {
        OdeSystem s = OdeParser.parse(LORENZ);
        assertThat(s.variables()).containsExactly("x", "y", "z");
        assertThat(new int[] {s.order(0), s.order(1), s.order(2)}).containsExactly(1, 1, 1);
        assertThat(s.equations()).isEqualTo(3);
        assertThat(s.isLinear()).isFalse();
    }

    @Test
    void newlinesBlankLinesAndCommentsSeparateEquationsLikeSemicolons() {
        String text = "# Lorenz\n\nx' = 10*(y - x)   # first\r\n  \n y' = x*(28 - z) - y;\nz' = x*y - 8/3*z;\n# end";
        OdeSystem s = OdeParser.parse(text);
        OdeSystem reference = OdeParser.parse(LORENZ);
        assertThat(s.toString()).isEqualTo(reference.toString());
    }

    @Test
    void vanDerPolWithParameterMapIsNonlinear() {
        OdeSystem s = OdeParser.parse(VAN_DER_POL, Map.of("mu", 1.5));
        assertThat(s.variables()).containsExactly("x");
        assertThat(s.order(0)).isEqualTo(2);
        assertThat(s.isLinear()).isFalse();
        assertThat(s.parameters()).containsExactly(Map.entry("mu", 1.5));
    }

    @Test
    void vanDerPolWithRightHandSideFormAndInlineConstant() {
        OdeSystem s = OdeParser.parse("mu = 1\nx'' = mu*(1 - x^2)*x' - x");
        assertThat(s.variables()).containsExactly("x");
        assertThat(s.parameters()).containsExactly(Map.entry("mu", 1.0));
        assertThat(s.isLinear()).isFalse();
        // x=2, x'=3, x''=0: G = 0 - (1*(1-4)*3 - 2) = 11
        assertThat(s.residual(0, 0, new double[][] {{2, 3, 0}})).isEqualTo(11.0);
    }

    @Test
    void inlineConstantsMayUseEarlierConstantsAndParametersOverrideThem() {
        String text = "a = 2*pi\nb = a/2 + k\nx' = b*x";
        OdeSystem s = OdeParser.parse(text, Map.of("k", 1.0));
        assertThat(s.parameters()).containsExactly(Map.entry("k", 1.0), Map.entry("a", 2 * Math.PI),
                Map.entry("b", 2 * Math.PI / 2 + 1));
        OdeSystem overridden = OdeParser.parse(text, Map.of("k", 1.0, "a", 4.0));
        assertThat(overridden.parameters().get("b")).isEqualTo(3.0);
        assertThat(overridden.residual(0, 0, new double[][] {{1, 0}})).isEqualTo(-3.0);
    }

    @Test
    void aBareNameThatIsDifferentiatedSomewhereIsAnEquationNotAConstant() {
        // y = 1 would be a constant, but y' appears, so it is the algebraic-looking equation of y
        OdeSystem s = OdeParser.parse("x' = y'\ny = 1 + 0*x");
        assertThat(s.variables()).containsExactly("x", "y");
        assertThat(s.parameters()).isEmpty();
    }

    @Test
    void variablesComeInOrderOfDifferentiatedLeftSideThenFirstAppearance() {
        assertThat(OdeParser.parse("y' = x; x' = -y").variables()).containsExactly("y", "x");
        // z appears first, but only on a right side; w is differentiated only on a right side
        OdeSystem s = OdeParser.parse("0 = z + w' - x\nx' = z' - y\ny'' = x\n0 = w - z");
        assertThat(s.variables()).containsExactly("x", "y", "z", "w");
        assertThat(new int[] {s.order(0), s.order(1), s.order(2), s.order(3)}).containsExactly(1, 2, 1, 1);
        assertThat(s.maxOrder()).isEqualTo(2);
    }

    @Test
    void orderIsTheHighestPrimeCountAnywhere() {
        OdeSystem s = OdeParser.parse("x' = y; y' = x''' + x");
        assertThat(s.order(0)).isEqualTo(3);
        assertThat(s.order(1)).isEqualTo(1);
    }

    @Test
    void numbersInAllForms() {
        OdeSystem s = OdeParser.parse("x' = 1 + 1.5 + 1e-3 + .5 + 2E+2 + 3.");
        assertThat(s.residual(0, 0, new double[][] {{0, 0}})).isEqualTo(-(1 + 1.5 + 1e-3 + .5 + 2E+2 + 3.));
    }

    @Test
    void powerIsRightAssociativeAndBindsTighterThanUnaryMinus() {
        double[][] u = {{3, 0}};
        assertThat(OdeParser.parse("x' = -x^2").residual(0, 0, u)).isEqualTo(9.0);
        assertThat(OdeParser.parse("x' = 2^3^2 + 0*x").residual(0, 0, u)).isEqualTo(-512.0);
        assertThat(OdeParser.parse("x' = x^-1").residual(0, 0, u)).isCloseTo(-1.0 / 3, within(1e-15));
        assertThat(OdeParser.parse("x' = (-x)^2").residual(0, 0, u)).isEqualTo(-9.0);
        assertThat(OdeParser.parse("x' = -2*x").residual(0, 0, u)).isEqualTo(6.0);
    }

    @Test
    void operatorsAreLeftAssociative() {
        double[][] u = {{2, 0}};
        assertThat(OdeParser.parse("x' = 8 - x - 1").residual(0, 0, u)).isEqualTo(-5.0);
        assertThat(OdeParser.parse("x' = 8 / x / 2").residual(0, 0, u)).isEqualTo(-2.0);
    }

    @Test
    void constantsFunctionsAndTime() {
        OdeSystem s = OdeParser.parse("x' = pi + e + sin(t) + cos(t) + tan(t) + exp(t) + log(t) + sqrt(t) + abs(-t)"
                + " + tanh(t) + sinh(t) + cosh(t) + atan(t) + asin(t/2) + acos(t/2) + 0*x");
        double t = 0.7;
        double expected = Math.PI + Math.E + Math.sin(t) + Math.cos(t) + Math.tan(t) + Math.exp(t) + Math.log(t)
                + Math.sqrt(t) + Math.abs(-t) + Math.tanh(t) + Math.sinh(t) + Math.cosh(t) + Math.atan(t)
                + Math.asin(t / 2) + Math.acos(t / 2);
        assertThat(s.residual(0, t, new double[][] {{0, 0}})).isCloseTo(-expected, within(1e-13));
        assertThat(s.isLinear()).isTrue();
    }

    @Test
    void nonlinearFunctionOfStateIsNotLinearButFunctionOfTimeTimesStateIs() {
        assertThat(OdeParser.parse("x' = sin(x)").isLinear()).isFalse();
        assertThat(OdeParser.parse("x' = exp(-t)*x/(1 + t^2)").isLinear()).isTrue();
        assertThat(OdeParser.parse("x' = 1/x").isLinear()).isFalse();
        assertThat(OdeParser.parse("x' = x^1").isLinear()).isTrue();
        assertThat(OdeParser.parse("x' = 2^x").isLinear()).isFalse();
        assertThat(OdeParser.parse("x' = y; y' = x*y").isLinear()).isFalse();
    }

    @Test
    void equationTextIsCanonical() {
        OdeSystem s = OdeParser.parse("x''+0.10*x'+(1+0.5*sin(t))*x=cos( t )");
        assertThat(s.equationText(0)).isEqualTo(OSCILLATOR);
    }
}
