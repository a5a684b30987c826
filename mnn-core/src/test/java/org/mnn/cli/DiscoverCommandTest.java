package org.mnn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnn.cli.SolveCommandTest.Result;
import org.mnn.demo.KnownSystem;
import org.mnn.discover.DiscoveredModel;

/** {@code mnn discover} on CSV files made from known systems, in-process through picocli. */
class DiscoverCommandTest {
    @TempDir
    Path dir;

    /** x'' + 0.2 x' + 4 x = 0 as x' = v, v' = -4 x - 0.2 v, from (x0, v0), every 0.01. */
    private static KnownSystem oscillator(double x0, double v0, int points) {
        KnownSystem s = KnownSystem.dampedOscillator();
        return new KnownSystem(s.name(), s.variables(), s.library(), s.terms(), new double[] {x0, v0}, s.dt(), points);
    }

    /** Lines "t,x,v" then the clean samples; {@code run} non-null adds a first column run. */
    private static List<String> csvLines(KnownSystem s, String run) {
        List<String> lines = new ArrayList<>();
        double[] t = s.times();
        double[][] x = s.clean();
        for (int i = 0; i < t.length; i++) {
            lines.add((run == null ? "" : run + ",") + t[i] + "," + x[i][0] + "," + x[i][1]);
        }
        return lines;
    }

    private Path write(String name, String header, List<String> rows) throws IOException {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        Path file = dir.resolve(name);
        Files.write(file, all);
        return file;
    }

    private Path oscillatorCsv() throws IOException {
        return write("osc.csv", "t,x,v", csvLines(oscillator(2, 0, 1000), null));
    }

    @Test
    void discoversTheOscillatorAndSavesItAsJson() throws Exception {
        Path csv = oscillatorCsv();
        Path json = dir.resolve("model.json");
        Result r = SolveCommandTest.run("discover", "--csv", csv.toString(), "--digits", "2", "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.lines();
        assertThat(lines.get(0)).isEqualTo("dx/dt = 1.00*v");
        assertThat(lines.get(1)).isEqualTo("dv/dt = -4.00*x - 0.20*v");
        assertThat(lines.get(2)).startsWith("data: " + csv + ", 1000 rows in 1 trajectory; fitted on 800 rows,"
                + " library poly:2 (6 terms), threshold relative 0.05, 3 terms found");
        assertThat(lines.get(3)).startsWith("derivative R^2 (model rates vs smoothed slopes, fitted data): x ");
        assertThat(lines.get(4)).startsWith("hold-out simulation (last 20% of each trajectory, 200 points, horizon 1.990):"
                + " relative RMSE x ");
        assertThat(lines.get(5)).isEqualTo("valid time (simulated error first above 0.20 std): 1.990"
                + " (never exceeded: the whole hold-out)");
        assertThat(lines).hasSize(6);

        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(root.get("variables").toString()).isEqualTo("[\"x\",\"v\"]");
        assertThat(root.get("library").toString()).isEqualTo("[\"1\",\"x\",\"v\",\"x^2\",\"x*v\",\"v^2\"]");
        JsonArray eqs = root.getAsJsonArray("equations");
        JsonObject dv = eqs.get(1).getAsJsonObject();
        assertThat(dv.get("variable").getAsString()).isEqualTo("v");
        assertThat(dv.get("order").getAsInt()).isEqualTo(1);
        JsonArray terms = dv.getAsJsonArray("terms");
        assertThat(terms).hasSize(2);
        assertThat(terms.get(0).getAsJsonObject().get("term").getAsString()).isEqualTo("x");
        assertThat(terms.get(0).getAsJsonObject().get("coefficient").getAsDouble()).isCloseTo(-4, within(1e-4));
        assertThat(terms.get(1).getAsJsonObject().get("term").getAsString()).isEqualTo("v");
        assertThat(terms.get(1).getAsJsonObject().get("coefficient").getAsDouble()).isCloseTo(-0.2, within(1e-4));
        JsonObject holdout = root.getAsJsonObject("scores").getAsJsonObject("holdout");
        assertThat(holdout.get("points").getAsInt()).isEqualTo(200);
        assertThat(holdout.getAsJsonObject("relative_rmse").get("overall").getAsDouble()).isLessThan(1e-3);
        assertThat(root.getAsJsonObject("scores").getAsJsonObject("derivative_r2").get("overall").getAsDouble())
                .isGreaterThan(0.9999);
        // no temporary files left next to it
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("osc.csv", "model.json");
        }

        // the saved model simulates the data
        DiscoveredModel back = DiscoveredModel.fromJson(Files.readString(json));
        KnownSystem s = oscillator(2, 0, 1000);
        double[][] sim = back.simulate(new double[] {2, 0}, s.times());
        double[][] clean = s.clean();
        assertThat(sim[999][0]).isCloseTo(clean[999][0], within(1e-3));
        assertThat(sim[999][1]).isCloseTo(clean[999][1], within(1e-3));
    }

    @Test
    void columnsTrajectoriesRelativeThresholdLatexAndNoHoldout() throws Exception {
        List<String> rows = new ArrayList<>(csvLines(oscillator(2, 0, 500), "a"));
        rows.addAll(csvLines(oscillator(-1, 3, 500), "b"));
        // column order: v before x; --vars picks the order of the equations
        List<String> swapped = rows.stream().map(l -> {
            String[] f = l.split(",");
            return f[0] + "," + f[3] + "," + f[1] + ",1.5," + f[2];
        }).toList();
        Path csv = write("runs.csv", "run,v,time,const,x", swapped);
        Result r = SolveCommandTest.run("discover", "--csv", csv.toString(), "--time", "time", "--vars", "x,v",
                "--trajectory", "run", "--threshold", "rel:0.05", "--holdout", "0", "--latex", "--digits", "3");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.lines();
        assertThat(lines.get(0)).isEqualTo("dx/dt = 1.000*v");
        assertThat(lines.get(1)).isEqualTo("dv/dt = -4.000*x - 0.200*v");
        assertThat(r.out()).contains("\\begin{aligned}\n\\dot{x} &= 1.000\\,v \\\\\n\\dot{v} &= -4.000\\,x - 0.200\\,v\n\\end{aligned}");
        assertThat(r.out()).contains("1000 rows in 2 trajectories; fitted on 1000 rows").contains("threshold relative 0.05");
        assertThat(r.out()).contains("derivative R^2").doesNotContain("hold-out").doesNotContain("valid time");
    }

    @Test
    void aMeasuredInputIsATermSignalAndTravelsThroughTheJson() throws Exception {
        // x' = v, v' = -4 x - 0.2 v + u with the forcing u = cos(1.3 t) measured
        List<String> signals = List.of("x", "v", "u");
        org.mnn.discover.Library lib = org.mnn.discover.Library.parse("poly:1", signals);
        double[][] xi = new double[2][lib.size()];
        xi[0][lib.names().indexOf("v")] = 1;
        xi[1][lib.names().indexOf("x")] = -4;
        xi[1][lib.names().indexOf("v")] = -0.2;
        xi[1][lib.names().indexOf("u")] = 1;
        DiscoveredModel truth = new DiscoveredModel(List.of("x", "v"), List.of("u"), lib, xi);
        int n = 1000;
        double[] t = new double[n];
        double[][] u = new double[n][1];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.01;
            u[i][0] = Math.cos(1.3 * t[i]);
        }
        double[][] x = truth.simulate(new double[] {1, 0}, t, u);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(t[i] + "," + u[i][0] + "," + x[i][0] + "," + x[i][1]);
        }
        Path csv = write("forced.csv", "t,u,x,v", rows);
        Path json = dir.resolve("forced.json");
        Result r = SolveCommandTest.run("discover", "--csv", csv.toString(), "--input", "u", "--library", "poly:1",
                "--digits", "2", "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines().get(0)).isEqualTo("dx/dt = 1.00*v");
        assertThat(r.lines().get(1)).isEqualTo("dv/dt = -4.00*x - 0.20*v + 1.00*u");
        DiscoveredModel back = DiscoveredModel.fromJson(Files.readString(json));
        assertThat(back.inputs()).containsExactly("u");
        assertThat(back.library().names()).containsExactly("1", "x", "v", "u");
        double[][] sim = back.simulate(new double[] {1, 0}, t, u);
        assertThat(sim[n - 1][0]).isCloseTo(x[n - 1][0], within(1e-3));
    }

    private Result assertBadInput(Path json, String... args) throws IOException {
        Files.writeString(json, "old");
        Result r = SolveCommandTest.run(args);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        r.assertNoStackTrace();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("mnn discover: ");
        assertThat(Files.readString(json)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
        return r;
    }

    private Result badCsv(String name, List<String> rows, String header) throws IOException {
        Path csv = write(name, header, rows);
        Path json = dir.resolve(name + ".json");
        Files.deleteIfExists(json);
        Result r = SolveCommandTest.run("discover", "--csv", csv.toString(), "--json", json.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        r.assertNoStackTrace();
        assertThat(r.out()).isEmpty();
        assertThat(Files.exists(json)).as("json written").isFalse();
        return r;
    }

    private static List<String> replaceRow(List<String> rows, int index, String row) {
        List<String> copy = new ArrayList<>(rows);
        copy.set(index, row);
        return copy;
    }

    @Test
    void badCellsAreNamedByFileLineAndColumnAndNothingIsWritten() throws Exception {
        List<String> rows = csvLines(oscillator(2, 0, 300), null);
        // data row 9 is file line 10 (the header is line 1)
        String[] f = rows.get(8).split(",");
        Result r = badCsv("cell.csv", replaceRow(rows, 8, f[0] + ",abc," + f[2]), "t,x,v");
        assertThat(r.err()).isEqualTo("mnn discover: " + dir.resolve("cell.csv")
                + ", line 10, column \"x\": expected a number, got \"abc\"\n");

        r = badCsv("nan.csv", replaceRow(rows, 20, f[0].replace(f[0], rows.get(20).split(",")[0]) + ",1,NaN"), "t,x,v");
        assertThat(r.err()).contains("nan.csv, line 22, column \"v\": expected a finite number, got \"NaN\"");

        r = badCsv("empty.csv", replaceRow(rows, 4, rows.get(4).split(",")[0] + ",,1"), "t,x,v");
        assertThat(r.err()).contains("empty.csv, line 6, column \"x\": expected a number, got an empty cell");

        String[] g = rows.get(50).split(",");
        r = badCsv("dup.csv", replaceRow(rows, 50, rows.get(49).split(",")[0] + "," + g[1] + "," + g[2]), "t,x,v");
        assertThat(r.err()).contains("dup.csv, line 52, column \"t\": duplicate time stamp");

        r = badCsv("back.csv", replaceRow(rows, 50, "0.1," + g[1] + "," + g[2]), "t,x,v");
        assertThat(r.err()).contains("back.csv, line 52, column \"t\": time goes backwards");

        r = badCsv("missing.csv", replaceRow(rows, 30, "0.3,1"), "t,x,v");
        assertThat(r.err()).contains("missing.csv, line 32: expected 3 cells as in the header (line 1), got 2");

        List<String> constant = rows.stream().map(l -> l + ",7").toList();
        r = badCsv("const.csv", constant, "t,x,v,w");
        assertThat(r.err()).contains("const.csv, column \"w\": the state variable is constant");
    }

    @Test
    void fewerRowsThanTermsIsAnError() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(i * 0.1 + "," + Math.sin(i) + "," + Math.cos(i) + "," + (i * i));
        }
        Result r = badCsv("short.csv", rows, "t,x,y,z");
        assertThat(r.err()).isEqualTo("mnn discover: " + dir.resolve("short.csv") + ": 6 training rows but the library"
                + " poly:2 has 10 terms; discovery needs at least as many rows as terms (use more data, a smaller"
                + " --holdout or a smaller library)\n");
        Result all = SolveCommandTest.run("discover", "--csv", dir.resolve("short.csv").toString(), "--holdout", "0",
                "--library", "poly:1");
        // 8 rows for the 4 terms of poly:1: the check passes
        assertThat(all.err()).doesNotContain("discovery needs at least as many rows as terms");
    }

    @Test
    void badOptionsExit2WithOneLine() throws Exception {
        Path csv = oscillatorCsv();
        Path json = dir.resolve("keep.json");
        String c = csv.toString();
        String j = json.toString();
        assertThat(assertBadInput(json, "discover", "--csv", dir.resolve("nope.csv").toString(), "--json", j).err())
                .contains("invalid --csv: ").contains("nope.csv does not exist");
        assertThat(assertBadInput(json, "discover", "--csv", c, "--threshold", "abc", "--json", j).err())
                .contains("invalid --threshold: expected a number T, abs:T or rel:T, got 'abc'");
        assertThat(assertBadInput(json, "discover", "--csv", c, "--threshold", "-1", "--json", j).err())
                .contains("invalid --threshold: threshold must be a finite number >= 0");
        assertThat(assertBadInput(json, "discover", "--csv", c, "--library", "poly:x", "--json", j).err())
                .contains("invalid --library: library part 'poly:x'");
        // a term's syntax error shows the term with a caret under the place, as mnn solve does
        assertThat(assertBadInput(json, "discover", "--csv", c, "--library", "q*x", "--json", j).err())
                .isEqualTo("mnn discover: invalid --library: library term 'q*x': line 1, column 1: unknown name q;"
                        + " the names are x, v, t, pi and e\nq*x\n^\n");
        assertThat(assertBadInput(json, "discover", "--csv", c, "--holdout", "1", "--json", j).err())
                .isEqualTo("mnn discover: invalid --holdout: expected a fraction in [0, 1), got 1.0\n");
        assertThat(assertBadInput(json, "discover", "--csv", c, "--vars", "x,w", "--json", j).err())
                .contains("w");
        assertThat(assertBadInput(json, "discover", "--csv", c, "--json", dir.resolve("no/such/dir.json").toString()).err())
                .contains("invalid --json: directory");
    }
}
