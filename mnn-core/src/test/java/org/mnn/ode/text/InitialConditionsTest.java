package org.mnn.ode.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InitialConditionsTest {
    private static final OdeSystem OSCILLATOR = OdeParser.parse(OdeParserTest.OSCILLATOR);
    private static final OdeSystem LORENZ = OdeParser.parse(OdeParserTest.LORENZ);

    @Test
    void valuesOfASecondOrderVariable() {
        InitialConditions ic = InitialConditions.parse("x(0) = 1, x'(0) = 0", OSCILLATOR);
        assertThat(ic.time()).isEqualTo(0.0);
        assertThat(ic.count(0)).isEqualTo(2);
        assertThat(ic.value(0, 0)).isEqualTo(1.0);
        assertThat(ic.value(0, 1)).isEqualTo(0.0);
    }

    @Test
    void onlyThePositionMayBeGiven() {
        InitialConditions ic = InitialConditions.parse("x(0) = -1.5", OSCILLATOR);
        assertThat(ic.count(0)).isEqualTo(1);
        assertThat(ic.value(0, 0)).isEqualTo(-1.5);
    }

    @Test
    void separatorsTimesAndExpressions() {
        OdeSystem s = OdeParser.parse(OdeParserTest.VAN_DER_POL, Map.of("mu", 3.0));
        InitialConditions ic = InitialConditions.parse("# start\nx'(2*pi) = mu/2;\n x(6.283185307179586) = sqrt(2)", s);
        assertThat(ic.time()).isEqualTo(2 * Math.PI);
        assertThat(ic.count(0)).isEqualTo(2);
        assertThat(ic.value(0, 0)).isEqualTo(Math.sqrt(2));
        assertThat(ic.value(0, 1)).isEqualTo(1.5);
    }

    @Test
    void variablesMayBeLeftOut() {
        InitialConditions ic = InitialConditions.parse("z(1) = 3; x(1) = -e", LORENZ);
        assertThat(ic.time()).isEqualTo(1.0);
        assertThat(new int[] {ic.count(0), ic.count(1), ic.count(2)}).containsExactly(1, 0, 1);
        assertThat(ic.value(0, 0)).isEqualTo(-Math.E);
        assertThat(ic.value(2, 0)).isEqualTo(3.0);
    }

    @Test
    void emptyTextGivesNothingAtTimeZero() {
        InitialConditions ic = InitialConditions.parse("  ", LORENZ);
        assertThat(ic.time()).isEqualTo(0.0);
        assertThat(ic.count(1)).isZero();
    }

    @Test
    void printedFormReparses() {
        InitialConditions ic = InitialConditions.parse("x'(0.5) = 1/3, x(0.5) = 2", OSCILLATOR);
        assertThat(ic.toString()).isEqualTo("x(0.5) = 2, x'(0.5) = 0.3333333333333333");
        InitialConditions again = InitialConditions.parse(ic.toString(), OSCILLATOR);
        assertThat(again.value(0, 1)).isEqualTo(ic.value(0, 1));
        assertThat(again.time()).isEqualTo(0.5);
    }

    private static OdeSyntaxException error(String text, OdeSystem s) {
        OdeSyntaxException e = catchThrowableOfType(OdeSyntaxException.class, () -> InitialConditions.parse(text, s));
        assertThat(e).as("no error for %s", text).isNotNull();
        return e;
    }

    private static void assertAt(OdeSyntaxException e, int line, int column, String reason) {
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
        assertThat(e.reason()).contains(reason);
    }

    @Test
    void unknownVariable() {
        assertAt(error("x(0) = 1, q(0) = 2", LORENZ), 1, 11, "unknown variable q; the variables are x, y, z");
        assertAt(error("t(0) = 1", LORENZ), 1, 1, "unknown variable t");
    }

    @Test
    void derivativeAtOrAboveTheOrder() {
        assertAt(error("x(0) = 1, x''(0) = 0", OSCILLATOR), 1, 11,
                "x'' is the highest derivative of x (order 2); only x(0) .. x'(0) can be given");
        assertAt(error("y'(0) = 1", LORENZ), 1, 1, "y' is the highest derivative of y (order 1); only y(0) can be given");
        assertAt(error("x'''(0) = 1", OSCILLATOR), 1, 1, "x''' is above the order of x (order 2)");
    }

    @Test
    void gapInDerivatives() {
        assertAt(error("x'(0) = 1", OSCILLATOR), 1, 1, "x'(0) is given without x(0)");
        OdeSystem third = OdeParser.parse("x''' = -x");
        assertAt(error("x(0) = 1\nx''(0) = 2", third), 2, 1, "x''(0) is given without x'(0); give x(0) .. x''(0)");
    }

    @Test
    void duplicate() {
        assertAt(error("x(0) = 1; y(0) = 2\nx(0) = 1", LORENZ), 2, 1, "x(0) is given twice (first at line 1, column 1)");
    }

    @Test
    void differentTimes() {
        assertAt(error("x(0) = 1, x'(1) = 0", OSCILLATOR), 1, 11,
                "all initial values must be at the same time: x'(1) but x(0) at line 1, column 1");
    }

    @Test
    void malformedItems() {
        assertAt(error("x(0) 1", OSCILLATOR), 1, 6, "expected '='");
        assertAt(error("x = 1", OSCILLATOR), 1, 3, "expected '(' and a time");
        assertAt(error("x(0) = 1 x'(0) = 2", OSCILLATOR), 1, 10, "implicit multiplication");
        assertAt(error("x(0) = y", LORENZ), 1, 8, "y is a state variable");
        assertAt(error("x(t) = 1", LORENZ), 1, 3, "t cannot be used");
        assertAt(error("x(0) = log(0)", LORENZ), 1, 1, "not a finite number");
        assertAt(error("1 = x(0)", LORENZ), 1, 1, "expected a variable name");
    }
}
