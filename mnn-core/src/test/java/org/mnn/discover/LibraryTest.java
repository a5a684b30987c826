package org.mnn.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LibraryTest {
    private static final List<String> XY = List.of("x", "y");

    @Test
    void polynomialTermsAreOrderedByDegreeThenSignalAndNamedInTheTextForm() {
        assertThat(Library.polynomial(XY, 2, true).names()).containsExactly("1", "x", "y", "x^2", "x*y", "y^2");
        assertThat(Library.polynomial(List.of("x", "y", "z"), 3, false).names())
                .hasSize(19).startsWith("x", "y", "z", "x^2").contains("x*y*z", "x^2*y", "z^3");
    }

    @Test
    void fourierAndUserTermsCombineWithoutDuplicates() {
        Library lib = Library.parse("poly:1, fourier:2, x*sin(y), x", XY);
        assertThat(lib.names()).containsExactly("1", "x", "y", "sin(x)", "cos(x)", "sin(y)", "cos(y)",
                "sin(2*x)", "cos(2*x)", "sin(2*y)", "cos(2*y)", "x*sin(y)");
    }

    @Test
    void evaluatesEveryTermAtEverySample() {
        Library lib = Library.parse("poly:2:noconst,x*sin(y),t", XY);
        double[][] theta = lib.evaluate(new double[] {0.5}, new double[][] {{2, 3}});
        assertThat(theta[0]).containsExactly(2, 3, 4, 6, 9, 2 * Math.sin(3), 0.5);
    }

    @Test
    void badSpecificationsNameThePart() {
        assertThatThrownBy(() -> Library.parse("poly:two", XY)).hasMessageContaining("poly:two").hasMessageContaining("whole number");
        assertThatThrownBy(() -> Library.parse("poly:2,x*w", XY)).hasMessageContaining("x*w").hasMessageContaining("unknown name w");
        assertThatThrownBy(() -> Library.parse("x'", XY)).hasMessageContaining("derivatives are not allowed");
        assertThatThrownBy(() -> Library.parse("poly:0", XY)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Library.parse(" ", XY)).hasMessageContaining("empty library");
    }
}
