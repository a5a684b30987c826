package org.mnn.kernel.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoverArgsTest {

    @Test
    void defaultsMatchTheCommandLine() {
        DiscoverArgs a = DiscoverArgs.parse(List.of("data.csv"));
        assertThat(a.source()).isEqualTo("data.csv");
        assertThat(a.library()).isEqualTo("poly:2");
        assertThat(a.threshold()).isEqualTo("rel:0.05");
        assertThat(a.window()).isEqualTo(50);
        assertThat(a.holdout()).isEqualTo(0.2);
        assertThat(a.name()).isEqualTo("model");
    }

    @Test
    void everyOptionIsRead() {
        DiscoverArgs a = DiscoverArgs.parse(List.of("tbl", "--library=poly:3,sin(x)", "--threshold", "0.1",
                "--time", "s", "--vars", "x, v", "--trajectory", "run", "--input", "u", "--window", "80",
                "--holdout", "0", "--digits", "2", "--name", "m2"));
        assertThat(a.library()).isEqualTo("poly:3,sin(x)");
        assertThat(a.variables()).containsExactly("x", "v");
        assertThat(a.inputs()).containsExactly("u");
        assertThat(a).extracting(DiscoverArgs::time, DiscoverArgs::trajectory, DiscoverArgs::window,
                DiscoverArgs::holdout, DiscoverArgs::digits, DiscoverArgs::name)
                .containsExactly("s", "run", 80, 0.0, 2, "m2");
    }

    @Test
    void badArgumentsNameTheOptionAndShowTheUsage() {
        assertThatThrownBy(() -> DiscoverArgs.parse(List.of())).hasMessageContaining("missing the data")
                .hasMessageContaining("usage: %discover");
        assertThatThrownBy(() -> DiscoverArgs.parse(List.of("a.csv", "--lib", "poly:2")))
                .hasMessageContaining("unknown option --lib");
        assertThatThrownBy(() -> DiscoverArgs.parse(List.of("a.csv", "--window", "ten")))
                .hasMessageContaining("invalid --window 'ten'");
        assertThatThrownBy(() -> DiscoverArgs.parse(List.of("a.csv", "--name", "class")))
                .hasMessageContaining("invalid --name 'class'");
        assertThatThrownBy(() -> DiscoverArgs.parse(List.of("a.csv", "b.csv")))
                .hasMessageContaining("unexpected argument 'b.csv'");
        assertThatThrownBy(() -> DiscoverArgs.parse(List.of("a.csv", "--digits")))
                .hasMessageContaining("--digits needs a value");
    }
}
