package org.mnn.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link TimeGrid}: the START:STOP:STEP form and explicit (uneven) times. */
class NonlinearTimeGridTest {
    @Test
    void parsesStartStopStep() {
        TimeGrid g = TimeGrid.parse("0:1:0.1");
        assertThat(g.points()).isEqualTo(11);
        assertThat(g.start()).isZero();
        assertThat(g.stop()).isEqualTo(1.0);
        assertThat(g.time(3)).isEqualTo(3 * 0.1);
        assertThat(g.isUniform()).isTrue();
        assertThat(g.steps()).hasSize(10);
        for (double h : g.steps()) {
            assertThat(h).isCloseTo(0.1, within(1e-15));
        }
        assertThat(TimeGrid.parse(" -1 : 2.5e0 : .5 ").points()).isEqualTo(8);
        assertThat(TimeGrid.parse("0:2:0.0025").points()).isEqualTo(801);
    }

    @Test
    void stepThatDoesNotDivideEndsWithAShorterStep() {
        TimeGrid g = TimeGrid.parse("0:1:0.3");
        assertThat(g.times()).containsExactly(0, 0.3, 0.6, 0.8999999999999999, 1.0);
        assertThat(g.isUniform()).isFalse();
        assertThat(TimeGrid.parse("0:1:2").times()).containsExactly(0, 1);
    }

    @Test
    void rejectsBadText() {
        assertThatThrownBy(() -> TimeGrid.parse("0:1")).isInstanceOf(InvalidProblemException.class)
                .hasMessageContaining("expected START:STOP:STEP").hasMessageContaining("got 2 parts");
        assertThatThrownBy(() -> TimeGrid.parse("a:1:0.1")).hasMessageContaining("START 'a' is not a number");
        assertThatThrownBy(() -> TimeGrid.parse("0:1:x")).hasMessageContaining("STEP 'x' is not a number");
        assertThatThrownBy(() -> TimeGrid.parse("0::0.1")).hasMessageContaining("STOP '' is not a number");
        assertThatThrownBy(() -> TimeGrid.parse("0:1:NaN")).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> TimeGrid.parse("0:1e999:1")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> TimeGrid.parse("0:1:0")).hasMessageContaining("STEP must be positive, got 0.0");
        assertThatThrownBy(() -> TimeGrid.parse("0:1:-0.1")).hasMessageContaining("STEP must be positive");
        assertThatThrownBy(() -> TimeGrid.parse("1:0:0.1")).hasMessageContaining("STOP must be greater than START");
        assertThatThrownBy(() -> TimeGrid.parse("1:1:0.1")).hasMessageContaining("STOP must be greater than START");
        assertThatThrownBy(() -> TimeGrid.parse("0:1e9:1e-2")).hasMessageContaining("more than the limit of 50000000");
        assertThatThrownBy(() -> TimeGrid.parse(null)).hasMessageContaining("missing");
    }

    @Test
    void explicitTimesMayBeUneven() {
        TimeGrid g = TimeGrid.of(0, 0.1, 0.25, 1);
        assertThat(g.points()).isEqualTo(4);
        assertThat(g.steps()).containsExactly(0.1, 0.15, 0.75);
        assertThat(g.steps(3)).containsExactly(0.1, 0.15);
        assertThat(g.isUniform()).isFalse();
    }

    @Test
    void explicitTimesNameTheFirstBadIndex() {
        assertThatThrownBy(() -> TimeGrid.of(0, 1, 1, 2)).isInstanceOf(InvalidProblemException.class)
                .hasMessageContaining("times[2] = 1.0 is not greater than times[1] = 1.0");
        assertThatThrownBy(() -> TimeGrid.of(0, 2, 1)).hasMessageContaining("times[2] = 1.0");
        assertThatThrownBy(() -> TimeGrid.of(0, Double.NaN)).hasMessageContaining("times[1] = NaN is not a finite number");
        assertThatThrownBy(() -> TimeGrid.of(0)).hasMessageContaining("at least 2 points, got 1");
    }

    @Test
    void explicitTimesAreCopied() {
        double[] t = {0, 1, 2};
        TimeGrid g = TimeGrid.of(t);
        t[1] = 5;
        assertThat(g.time(1)).isEqualTo(1);
        g.times()[1] = 7;
        assertThat(g.time(1)).isEqualTo(1);
    }
}
