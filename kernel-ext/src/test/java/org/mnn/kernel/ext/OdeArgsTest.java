package org.mnn.kernel.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OdeArgsTest {

    @Test
    void parsesEveryOption() {
        OdeArgs a = OdeArgs.parse(List.of("--init", "x(0) = 1, x'(0) = 0", "--t", "0:10:0.01",
                "--param", "k=2", "--param=c=0.5,d=-1", "--name", "spring", "--tol", "1e-8",
                "--max-iter=20", "--no-png"));
        assertThat(a.init()).isEqualTo("x(0) = 1, x'(0) = 0");
        assertThat(a.grid()).isEqualTo("0:10:0.01");
        assertThat(a.params().keySet()).containsExactly("k", "c", "d");
        assertThat(a.params()).containsEntry("k", 2.0).containsEntry("c", 0.5).containsEntry("d", -1.0);
        assertThat(a.name()).isEqualTo("spring");
        assertThat(a.tolerance()).isEqualTo(1e-8);
        assertThat(a.maxIterations()).isEqualTo(20);
        assertThat(a.png()).isFalse();
    }

    @Test
    void defaults() {
        OdeArgs a = OdeArgs.parse(List.of("--init", "x(0) = 1", "--t", "0:1:0.1"));
        assertThat(a.name()).isEqualTo("ode");
        assertThat(a.params()).isEmpty();
        assertThat(a.tolerance()).isEqualTo(1e-10);
        assertThat(a.maxIterations()).isEqualTo(50);
        assertThat(a.png()).isTrue();
    }

    @Test
    void missingOptionsAreNamed() {
        assertThatThrownBy(() -> OdeArgs.parse(List.of("--init", "x(0) = 1")))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("missing option --t").hasMessageContaining("START:STOP:STEP");
        assertThatThrownBy(() -> OdeArgs.parse(List.of("--t", "0:1:0.1")))
                .hasMessageContaining("missing option --init");
        assertThatThrownBy(() -> OdeArgs.parse(List.of("--init", "x(0) = 1", "--t")))
                .hasMessageContaining("option --t needs a value");
    }

    @Test
    void badValuesAreNamedWithWhatIsExpected() {
        List<String> base = List.of("--init", "x(0) = 1", "--t", "0:1:0.1");
        assertThatThrownBy(() -> OdeArgs.parse(concat(base, "--param", "k")))
                .hasMessageContaining("invalid --param 'k'").hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> OdeArgs.parse(concat(base, "--param", "k=abc")))
                .hasMessageContaining("invalid --param 'k=abc'");
        assertThatThrownBy(() -> OdeArgs.parse(concat(base, "--name", "2x")))
                .hasMessageContaining("invalid --name '2x'").hasMessageContaining("Java identifier");
        assertThatThrownBy(() -> OdeArgs.parse(concat(base, "--name", "class")))
                .hasMessageContaining("invalid --name 'class'");
        assertThatThrownBy(() -> OdeArgs.parse(concat(base, "--tol", "small")))
                .hasMessageContaining("invalid --tol 'small'").hasMessageContaining("positive number");
        assertThatThrownBy(() -> OdeArgs.parse(concat(base, "--max-iter", "1.5")))
                .hasMessageContaining("invalid --max-iter '1.5'");
        assertThatThrownBy(() -> OdeArgs.parse(concat(base, "--step", "1")))
                .hasMessageContaining("unknown option --step");
        assertThatThrownBy(() -> OdeArgs.parse(concat(base, "stray")))
                .hasMessageContaining("unexpected argument 'stray'");
    }

    @Test
    void badProblemTextIsReportedWithTheOption() {
        OdeArgs badGrid = OdeArgs.parse(List.of("--init", "x(0) = 1", "--t", "0:10"));
        assertThatThrownBy(() -> OdeMagic.solve(badGrid, "x' = -x"))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageStartingWith("%%ode: invalid --t: ");
        OdeArgs badInit = OdeArgs.parse(List.of("--init", "y(0) = 1", "--t", "0:1:0.1"));
        assertThatThrownBy(() -> OdeMagic.solve(badInit, "x' = -x"))
                .hasMessageStartingWith("%%ode: invalid --init: ");
        OdeArgs ok = OdeArgs.parse(List.of("--init", "x(0) = 1", "--t", "0:1:0.1"));
        assertThatThrownBy(() -> OdeMagic.solve(ok, "x' = -"))
                .hasMessageStartingWith("%%ode: invalid equations (cell body): ");
        assertThatThrownBy(() -> OdeMagic.solve(ok, "  "))
                .hasMessageContaining("cell body is empty");
        OdeArgs badTol = OdeArgs.parse(List.of("--init", "x(0) = 1", "--t", "0:1:0.1", "--tol", "-1"));
        assertThatThrownBy(() -> OdeMagic.solve(badTol, "x' = -x"))
                .hasMessageStartingWith("%%ode: invalid --tol: ");
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new java.util.ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
