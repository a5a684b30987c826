package org.mnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mnn.cli.SolveCommandTest.Result;

/** {@code mnn demo lorenz} and {@code mnn demo discover}, in-process through picocli (fewer points). */
class DiscoveryDemoCommandTest {

    @Test
    void lorenzPrintsTheEquationsTheTermErrorsAndOneResultLine() {
        Result r = SolveCommandTest.run("demo", "lorenz", "--points", "3000", "--noise", "0.01", "--seed", "2");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.lines();
        String last = lines.get(lines.size() - 1);
        Matcher m = Pattern.compile("RESULT name=lorenz max_rel_err=(\\S+) spurious=(\\d+) missed=(\\d+) seconds=(\\d+\\.\\d)")
                .matcher(last);
        assertThat(m.matches()).as(last).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isFinite().isLessThan(0.05);
        assertThat(m.group(2)).isEqualTo("0");
        assertThat(m.group(3)).isEqualTo("0");
        assertThat(lines.stream().filter(l -> l.startsWith("RESULT"))).hasSize(1);
        assertThat(r.out()).contains("data: 3000 points every 0.01 from [-8.0, 8.0, 27.0], noise 0.01 x std per coordinate, seed 2")
                .contains("  dx/dt = -10.0000*x + 10.0000*y")
                .containsPattern("\\n  dz/dt {4}x\\*y {8} +1\\.000000 +[01]\\.\\d{6} +\\d\\.\\d\\de-\\d\\d\\n");
        assertThat(lines.stream().filter(l -> l.startsWith("  dy/dt ") && !l.contains("="))).hasSize(3);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void discoverRunsTheOtherKnownSystems() {
        Result r = SolveCommandTest.run("demo", "discover", "--system", "lotka-volterra", "--points", "1000");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.lines();
        assertThat(lines.get(0)).isEqualTo("Equation discovery: lotka-volterra");
        assertThat(lines.get(lines.size() - 1))
                .matches("RESULT name=lotka-volterra max_rel_err=\\S+ spurious=0 missed=0 seconds=\\d+\\.\\d");
    }

    @Test
    void wrongOptionsExit2() {
        Result r = SolveCommandTest.run("demo", "discover");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the discover demo needs --system NAME, one of lorenz, damped-oscillator,"
                + " lotka-volterra, van-der-pol");
        r = SolveCommandTest.run("demo", "discover", "--system", "pendulum");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--system: unknown system pendulum");
        r = SolveCommandTest.run("demo", "lorenz", "--epochs", "3");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--epochs does not apply to the lorenz demo");
        r = SolveCommandTest.run("demo", "lorenz", "--points", "10");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--points: expected at least 100, got 10");
        r = SolveCommandTest.run("demo", "sine", "--points", "500");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--points applies to the lorenz and discover demos only");
        r.assertNoStackTrace();
    }
}
