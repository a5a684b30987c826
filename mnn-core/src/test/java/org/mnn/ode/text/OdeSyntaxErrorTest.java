package org.mnn.ode.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OdeSyntaxErrorTest {

    private static OdeSyntaxException error(String text) {
        return error(text, Map.of());
    }

    private static OdeSyntaxException error(String text, Map<String, Double> params) {
        OdeSyntaxException e = catchThrowableOfType(OdeSyntaxException.class, () -> OdeParser.parse(text, params));
        assertThat(e).as("no error for %s", text).isNotNull();
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        return e;
    }

    private static void assertAt(OdeSyntaxException e, int line, int column, String reasonPart) {
        assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as("column of: %s", e.getMessage()).isEqualTo(column);
        assertThat(e.reason()).contains(reasonPart);
        if (line > 0) {
            assertThat(e.getMessage()).startsWith("line " + line + ", column " + column + ": " + e.reason() + "\n");
        }
    }

    @Test
    void messageQuotesTheLineAndPutsACaretUnderTheColumn() {
        OdeSyntaxException e = error("x' = y\ny' = (x");
        assertThat(e.getMessage()).isEqualTo("line 2, column 8: expected ')' but found end of line\n"
                + "y' = (x\n"
                + "       ^");
    }

    @Test
    void caretKeepsTabsSoItLinesUp() {
        OdeSyntaxException e = error("\tx' = (x");
        assertThat(e.getMessage()).endsWith("\n\tx' = (x\n\t       ^");
    }

    @Test
    void unclosedParenthesisBeforeAComment() {
        assertAt(error("x' = y\ny' = (x + 1   # comment"), 2, 12, "expected ')' but found end of line");
    }

    @Test
    void unknownFunction() {
        assertAt(error("x' = foo(x)"), 1, 6, "unknown function foo");
    }

    @Test
    void implicitMultiplicationIsRejected() {
        assertAt(error("x' = 2x"), 1, 7, "implicit multiplication is not allowed");
        assertAt(error("x' = 2 x"), 1, 8, "implicit multiplication is not allowed");
        assertAt(error("x' = x y; y' = x"), 1, 8, "implicit multiplication is not allowed");
        assertAt(error("x' = 2(x + 1)"), 1, 7, "implicit multiplication is not allowed");
        assertAt(error("x' = (x)(x)"), 1, 9, "implicit multiplication is not allowed");
        assertAt(error("x' = x'x"), 1, 8, "implicit multiplication is not allowed");
        assertAt(error("x' = 2e"), 1, 7, "implicit multiplication is not allowed");
        assertAt(error("x'' = mu(1 - x^2)*x' - x", Map.of("mu", 1.0)), 1, 7, "write mu*(...)");
    }

    @Test
    void missingEquals() {
        assertAt(error("x' = x\ny' + x"), 2, 7, "missing '='");
        assertAt(error("x' + x)"), 1, 7, "expected '=' but found ')'");
    }

    @Test
    void twoEqualsInOneEquation() {
        assertAt(error("x' = x = 1"), 1, 8, "a second '=' in one equation");
    }

    @Test
    void emptyInput() {
        assertAt(error(""), 0, 0, "empty input");
        assertAt(error("  \n# only a comment\n;;"), 0, 0, "empty input");
    }

    @Test
    void onlyConstants() {
        assertAt(error("a = 1"), 0, 0, "no equations");
    }

    @Test
    void moreEquationsThanVariables() {
        OdeSyntaxException e = error("x' = y\ny' = x\nx' = 1 + y");
        assertAt(e, 0, 0, "3 equations for 2 variables (x, y)");
        assertThat(e.getMessage()).isEqualTo("3 equations for 2 variables (x, y): each variable needs exactly one equation");
    }

    @Test
    void fewerEquationsThanVariables() {
        assertAt(error("x' = y' + z'"), 0, 0, "1 equation for 3 variables (x, y, z)");
    }

    @Test
    void variableWithoutDerivative() {
        OdeSyntaxException e = error("x' = y\n\ny' = x*k");
        assertAt(e, 3, 8, "variable k has no derivative in any equation; is it a parameter? give its value");
        assertAt(error(OdeParserTest.VAN_DER_POL), 1, 7, "variable mu has no derivative");
    }

    @Test
    void equationWithoutStateVariable() {
        assertAt(error("x' = 1; 0 = 1"), 1, 9, "contains no state variable");
    }

    @Test
    void badCharactersAndStrayPrimes() {
        assertAt(error("x' = x @ 2"), 1, 8, "unexpected character '@'");
        assertAt(error("x' = (x)'"), 1, 9, "a prime (') must directly follow a variable name");
        assertAt(error("x' = x '"), 1, 8, "a prime (')");
        assertAt(error("x' = x**2"), 1, 8, "write powers with ^");
        assertAt(error("x' = x,"), 1, 7, "expected an operator or the end of the equation but found ','");
        assertAt(error("x' = 1e999*x"), 1, 6, "too large");
    }

    @Test
    void reservedNamesCannotBeDifferentiatedOrAssigned() {
        assertAt(error("x' = t'"), 1, 6, "t is the independent variable and cannot be differentiated");
        assertAt(error("x' = pi'"), 1, 6, "pi is a built-in constant");
        assertAt(error("x' = x\npi = 3"), 2, 1, "pi is a built-in constant and cannot be given a value");
        assertAt(error("x' = sin"), 1, 9, "expected '(' after function sin but found end of line");
        assertAt(error("x' = sin x"), 1, 10, "expected '(' after function sin");
    }

    @Test
    void badConstantsAndParameters() {
        assertAt(error("a = 1\na = 2\nx' = a*x"), 2, 1, "a is defined twice (first on line 1)");
        assertAt(error("b = 2*c\nx' = b*x"), 1, 7, "c is not defined");
        assertAt(error("b = 1/0\nx' = b*x"), 1, 1, "not a finite number");
        assertAt(error("mu' = 1", Map.of("mu", 1.0)), 1, 1, "mu is a parameter");
        assertAt(error("x' = x", Map.of("sin", 1.0)), 0, 0, "parameter sin is a function");
        assertAt(error("x' = x", Map.of("2a", 1.0)), 0, 0, "not a valid name");
        assertAt(error("x' = x", Map.of("a", Double.NaN)), 0, 0, "expected a finite number");
    }
}
