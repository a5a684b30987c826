package org.mnn.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mnn.classroom.Check.Status;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.Library;

class CheckTest {

    @AfterEach
    void restore() {
        Check.printTo(null);
        Check.reset();
    }

    @Test
    void valueRightWrongAndUnanswered() {
        assertThat(Check.valueOutcome("g/L", 19.7, 19.62, 0.01).status()).isEqualTo(Status.PASS);
        assertThat(Check.valueOutcome("g/L", 19.7, 19.62, 0.01).message()).startsWith("✓ g/L = 19.7");

        Check.Outcome low = Check.valueOutcome("g/L", 15.07, 19.62, 0.01);
        assertThat(low.status()).isEqualTo(Status.FAIL);
        assertThat(low.message()).startsWith("✗ g/L = 15.07 is too low").contains("1%").doesNotContain("19.62");
        assertThat(Check.valueOutcome("g/L", 25, 19.62, 0.01).message()).contains("too high");
        assertThat(Check.valueOutcome("c", -0.3, 0.3, 0.05).message()).isEqualTo("✗ c = -0.3 has the wrong sign");
        assertThat(Check.valueOutcome("c", Double.POSITIVE_INFINITY, 0.3, 0.05).message()).contains("not a finite number");

        Check.Outcome none = Check.valueOutcome("c", Double.NaN, 0.3, 0.05);
        assertThat(none.status()).isEqualTo(Status.MISSING);
        assertThat(none.message()).startsWith("○ c: not answered yet").contains("Double.NaN");
        assertThat(Check.valueOutcome("zero", 0, 0, 0.01).passed()).isTrue();
    }

    @Test
    void publicMethodsPrintAndNeverThrowOnMissingAnswers() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Check.printTo(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        Check.value("a", Double.NaN, 1, 0.1);
        Check.value("b", (Double) null, 1, 0.1);
        Check.choice("winner", null, "MNN");
        Check.model(null, "x: y");
        Check.value("c", 1.05, 1, 0.1);
        Check.summary();
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).hasSize(6);
        assertThat(printed).contains("○ a: not answered yet", "○ b: not answered yet", "○ winner: not answered yet",
                "○ model: not answered yet", "✓ c = 1.05");
        assertThat(printed.lines().toList().get(5)).isEqualTo("1 of 5 answers right, 4 not answered yet");
    }

    @Test
    void summaryCountsEachNameOnceAndCelebrates() {
        Check.printTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(Check.summaryLine()).isEqualTo("no answers checked yet");
        Check.value("a", 2, 1, 0.1);
        assertThat(Check.summaryLine()).isEqualTo("0 of 1 answers right, 1 still wrong");
        Check.value("a", 1, 1, 0.1);          // the cell run again with a better answer
        assertThat(Check.summaryLine()).isEqualTo("✓ 1 of 1 answers right: well done!");
    }

    @Test
    void choiceIgnoresCaseAndBlanks() {
        assertThat(Check.choiceOutcome("q", "  mnn ", "MNN").passed()).isTrue();
        assertThat(Check.choiceOutcome("q", "least squares", "SINDy", "least squares").passed()).isTrue();
        assertThat(Check.choiceOutcome("q", "SINDy", "MNN").message()).startsWith("✗ q: \"SINDy\" is not right");
        assertThat(Check.choiceOutcome("q", " ", "MNN").status()).isEqualTo(Status.MISSING);
    }

    private static DiscoveredModel model(String library, double[][] xi) {
        List<String> vars = List.of("x", "v");
        return new DiscoveredModel(vars, List.of(), Library.parse(library, vars), xi);
    }

    @Test
    void modelRightTerms() {
        // library 1, x, v, sin(x)
        DiscoveredModel m = model("poly:1,sin(x)", new double[][] {{0, 0, 1, 0}, {0, 0, -0.3, -19.6}});
        Check.Outcome o = Check.modelOutcome("law", m, "x: v", "v: v, sin(x)");
        assertThat(o.passed()).isTrue();
        assertThat(o.message()).isEqualTo("✓ law: every equation has exactly the right terms");
    }

    @Test
    void modelSaysWhatIsMissingAndWhy() {
        DiscoveredModel linear = model("poly:1", new double[][] {{0, 0, 1}, {0, -15, -0.38}});
        Check.Outcome o = Check.modelOutcome("law", linear, "x: v", "v: v, sin(x)");
        assertThat(o.status()).isEqualTo(Status.FAIL);
        assertThat(o.message()).contains("dv/dt needs sin(x), which your library does not have: add it to the library")
                .contains("dv/dt has a term it should not have: x");

        DiscoveredModel thresholded = model("poly:1,sin(x)", new double[][] {{0, 0, 1, 0}, {0, 0, 0, -19.6}});
        assertThat(Check.modelOutcome("law", thresholded, "x: v", "v: v, sin(x)").message())
                .contains("dv/dt is missing v (in the library, but removed: is the threshold too high?)");

        assertThat(Check.modelOutcome("law", thresholded, "y: v").message()).contains("the model has no variable y");
    }

    @Test
    void equationsParse() {
        assertThat(Check.parseEquations("x: v", "v: v , sin(x)", "z:"))
                .containsEntry("x", List.of("v")).containsEntry("v", List.of("v", "sin(x)")).containsEntry("z", List.of());
    }

    @Test
    void numbersAreShort() {
        assertThat(Check.number(19.6229)).isEqualTo("19.6229");
        assertThat(Check.number(0.3)).isEqualTo("0.3");
        assertThat(Check.number(10)).isEqualTo("10");
        assertThat(Check.number(0)).isEqualTo("0");
        assertThat(Check.number(1e-5)).isEqualTo("1e-05");
        assertThat(Check.percent(0.05)).isEqualTo("5%");
    }
}
