package org.mnn.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mnn.demo.KnownSystem;
import tech.tablesaw.api.Table;

/** LaTeX, JSON (and back) and the coefficient table of a discovered model. */
class ModelFormatsTest {
    private static final DiscoveredModel LORENZ = KnownSystem.lorenz().truth();

    @Test
    void latexIsAnAlignedSystem() {
        assertThat(LORENZ.latex(2)).isEqualTo("""
                \\begin{aligned}
                \\dot{x} &= -10.00\\,x + 10.00\\,y \\\\
                \\dot{y} &= 28.00\\,x - 1.00\\,y - 1.00\\,x z \\\\
                \\dot{z} &= -2.67\\,z + 1.00\\,x y
                \\end{aligned}""");
        assertThat(LORENZ.latex(0)).contains("\\dot{z} &= -3\\,z + 1\\,x y");
    }

    @Test
    void latexRendersTermsConstantsAndNames() {
        assertThat(LatexFormat.term("x^2")).isEqualTo("x^{2}");
        assertThat(LatexFormat.term("x^2*y")).isEqualTo("x^{2} y");
        assertThat(LatexFormat.term("sin(y)")).isEqualTo("\\sin(y)");
        assertThat(LatexFormat.term("cos(2*x)")).isEqualTo("\\cos(2 x)");
        assertThat(LatexFormat.term("x/(1 + y^2)")).isEqualTo("\\frac{x}{\\left(1 + y^{2}\\right)}");
        assertThat(LatexFormat.term("sqrt(x)*exp(-y)")).isEqualTo("\\sqrt{x} \\exp(-y)");
        assertThat(LatexFormat.term("x1*theta")).isEqualTo("x_{1} \\theta");
        assertThat(LatexFormat.term("x^(1 + y)")).isEqualTo("x^{1 + y}");
        assertThat(LatexFormat.term("1E-5*x")).isEqualTo("1 \\cdot 10^{-5} x");

        List<String> signals = List.of("x", "y");
        Library lib = Library.parse("poly:1,sin(y)", signals);
        // 1, x, y, sin(y): the constant is the bare coefficient
        DiscoveredModel m = new DiscoveredModel(signals, List.of(), lib, new double[][] {{0.5, 0, -1.25, 0}, {0, 0, 0, 2}});
        assertThat(m.latex(3)).isEqualTo("\\begin{aligned}\n\\dot{x} &= 0.500 - 1.250\\,y \\\\\n"
                + "\\dot{y} &= 2.000\\,\\sin(y)\n\\end{aligned}");
        DiscoveredModel zero = new DiscoveredModel(signals, List.of(), lib, new double[2][4]);
        assertThat(zero.latex(2)).contains("\\dot{x} &= 0 \\\\");
        assertThat(LatexFormat.name("velocity")).isEqualTo("\\mathrm{velocity}");
        assertThatThrownBy(() -> LORENZ.latex(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonHasTheDocumentedShape() {
        JsonObject root = JsonParser.parseString(LORENZ.toJson()).getAsJsonObject();
        assertThat(root.keySet()).containsExactly("variables", "inputs", "equations", "library", "scores");
        assertThat(root.get("variables").toString()).isEqualTo("[\"x\",\"y\",\"z\"]");
        assertThat(root.get("inputs").toString()).isEqualTo("[]");
        JsonArray eqs = root.getAsJsonArray("equations");
        assertThat(eqs).hasSize(3);
        assertThat(eqs.get(0).toString()).isEqualTo("{\"variable\":\"x\",\"order\":1,\"terms\":"
                + "[{\"term\":\"x\",\"coefficient\":-10.0},{\"term\":\"y\",\"coefficient\":10.0}]}");
        assertThat(eqs.get(1).toString()).contains("{\"term\":\"x*z\",\"coefficient\":-1.0}");
        // full double precision
        assertThat(eqs.get(2).toString()).contains("{\"term\":\"z\",\"coefficient\":" + (-8.0 / 3.0) + "}");
        assertThat(root.get("library").toString())
                .isEqualTo("[\"1\",\"x\",\"y\",\"z\",\"x^2\",\"x*y\",\"x*z\",\"y^2\",\"y*z\",\"z^2\"]");
        assertThat(root.getAsJsonObject("scores").keySet()).isEmpty();
    }

    @Test
    void jsonRoundTripGivesTheSameModel() {
        List<String> vars = List.of("x", "y");
        Library lib = Library.parse("poly:2,fourier:1,x*sin(y)", List.of("x", "y", "u"));
        double[][] xi = new double[2][lib.size()];
        xi[0][lib.names().indexOf("1")] = 0.1 + 0.2;
        xi[0][lib.names().indexOf("x*sin(y)")] = -Math.PI;
        xi[1][lib.names().indexOf("cos(u)")] = 1e-300;
        xi[1][lib.names().indexOf("y^2")] = -1.0 / 3;
        DiscoveredModel m = new DiscoveredModel(vars, List.of("u"), lib, xi);
        DiscoveredModel back = DiscoveredModel.fromJson(m.toJson());
        assertThat(back.variables()).isEqualTo(vars);
        assertThat(back.inputs()).containsExactly("u");
        assertThat(back.library().names()).isEqualTo(lib.names());
        assertThat(back.coefficients()).isDeepEqualTo(xi);
        assertThat(back.toJson()).isEqualTo(m.toJson());
    }

    @Test
    void aSavedModelSimulatesLikeTheOriginal() {
        KnownSystem s = KnownSystem.dampedOscillator();
        DiscoveredModel truth = s.truth();
        DatasetSplit split = DatasetSplit.byTime(s.data(0, 1), 0.2);
        String saved = truth.toJson(Scores.of(truth, split));
        assertThat(JsonParser.parseString(saved).getAsJsonObject().getAsJsonObject("scores").keySet())
                .containsExactly("derivative_r2", "holdout");
        DiscoveredModel back = DiscoveredModel.fromJson(saved);
        double[] times = {0, 0.5, 1, 2};
        assertThat(back.simulate(new double[] {2, 0}, times)).isDeepEqualTo(truth.simulate(new double[] {2, 0}, times));
        assertThat(back.equations(4)).isEqualTo(truth.equations(4));
    }

    @Test
    void badJsonIsNamed() {
        assertThatThrownBy(() -> DiscoveredModel.fromJson("{")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> DiscoveredModel.fromJson("[]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> DiscoveredModel.fromJson("{\"variables\": [\"x\"]}"))
                .hasMessageContaining("\"library\"");
        String unknownTerm = "{\"variables\": [\"x\"], \"inputs\": [], \"library\": [\"1\", \"x\"], \"equations\":"
                + " [{\"variable\": \"x\", \"order\": 1, \"terms\": [{\"term\": \"x^2\", \"coefficient\": 1}]}]}";
        assertThatThrownBy(() -> DiscoveredModel.fromJson(unknownTerm)).hasMessageContaining("term x^2 is not in the library");
        String badTerm = "{\"variables\": [\"x\"], \"library\": [\"x +\"], \"equations\": []}";
        assertThatThrownBy(() -> DiscoveredModel.fromJson(badTerm)).hasMessageStartingWith("library:");
    }

    @Test
    void coefficientTableListsUsedTermsOnly() {
        Table t = LORENZ.coefficientTable();
        assertThat(t.columnNames()).containsExactly("term", "x", "y", "z");
        assertThat(t.stringColumn("term").asList()).containsExactly("x", "y", "z", "x*y", "x*z");
        assertThat(t.doubleColumn("y").asList()).containsExactly(28.0, -1.0, 0.0, 0.0, -1.0);
        assertThat(t.doubleColumn("z").get(2)).isEqualTo(-8.0 / 3);
    }
}
