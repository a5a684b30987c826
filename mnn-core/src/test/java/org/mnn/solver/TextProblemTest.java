package org.mnn.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TextProblemTest {

    @Test
    void parsesAndSolvesAsTheCommandDoes() {
        TextProblem p = TextProblem.parse("x'' + k*x = 0", "x(0) = 1, x'(0) = 0", "0:3:0.001", Map.of("k", 1.0));
        assertThat(p.grid().points()).isEqualTo(3001);
        assertThat(TextProblem.columns(p.system())).containsExactly("t", "x", "x'", "x''");
        NonlinearSolution s = p.solve(TextProblem.options(1e-10, 50));
        assertThat(s.u(3000, 0, 0)).isCloseTo(Math.cos(3), within(1e-5));
    }

    @Test
    void eachBadInputNamesItsOption() {
        assertThatThrownBy(() -> TextProblem.parse("x' = ", "x(0) = 1", "0:1:0.1", Map.of()))
                .isInstanceOfSatisfying(TextProblem.InvalidInputException.class,
                        e -> assertThat(e.option()).isEqualTo("--ode"));
        assertThatThrownBy(() -> TextProblem.parse("x' = -x", "y(0) = 1", "0:1:0.1", Map.of()))
                .isInstanceOfSatisfying(TextProblem.InvalidInputException.class,
                        e -> assertThat(e.option()).isEqualTo("--init"));
        assertThatThrownBy(() -> TextProblem.parse("x' = -x", "x(0) = 1", "0:1", null))
                .isInstanceOfSatisfying(TextProblem.InvalidInputException.class,
                        e -> assertThat(e.option()).isEqualTo("--t"));
        assertThatThrownBy(() -> TextProblem.options(0, 50))
                .isInstanceOfSatisfying(TextProblem.InvalidInputException.class,
                        e -> assertThat(e.option()).isEqualTo("--tol"));
        assertThatThrownBy(() -> TextProblem.options(1e-10, 0))
                .isInstanceOfSatisfying(TextProblem.InvalidInputException.class,
                        e -> assertThat(e.option()).isEqualTo("--max-iter"));
    }
}
