package org.mnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnn.cli.SolveCommandTest.Result;

/** {@code mnn bench solver} and {@code mnn bench accuracy}, run in-process through picocli. */
class BenchCommandTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** A table row of {@code bench accuracy}: h, N, then defaults and plain errors. */
    private static final Pattern ACCURACY_ROW = Pattern.compile(
            "^\\s*(\\S+)\\s+(\\d+) \\|\\s+(\\S+)\\s+(\\S+)\\s*(\\S*) \\|\\s+(\\S+)\\s+(\\S+)\\s*(\\S*)$");

    private static Result run(String... args) {
        return SolveCommandTest.run(args);
    }

    @Test
    void accuracyTableHasEveryStepAndMatchesMethodMd() {
        Result r = run("bench", "accuracy");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        double defaultsAt01 = Double.NaN;
        double plainAt01 = Double.NaN;
        int rows = 0;
        for (String line : r.lines()) {
            Matcher m = ACCURACY_ROW.matcher(line);
            if (!m.matches() || m.group(1).equals("h")) {
                continue;
            }
            rows++;
            double h = Double.parseDouble(m.group(1));
            assertThat(Integer.parseInt(m.group(2))).isEqualTo((int) Math.round(10 / h) + 1);
            if (h == 0.1) {
                defaultsAt01 = Double.parseDouble(m.group(3));
                plainAt01 = Double.parseDouble(m.group(6));
                assertThat(m.group(4)).isEqualTo("1.55e-02");
                assertThat(m.group(7)).isEqualTo("2.37e-02");
            }
            if (h < 0.01) {
                assertThat(m.group(4)).isEqualTo("-"); // method.md publishes h >= 0.01 only
            }
        }
        assertThat(rows).as(r.out()).isEqualTo(7);
        List<String> steps = r.lines().stream().map(String::strip).map(l -> l.split("\\s+")[0]).toList();
        assertThat(steps).contains("0.1", "0.05", "0.02", "0.01", "0.005", "0.002", "0.001");
        assertThat(defaultsAt01).isBetween(1.55e-2 / 1.1, 1.55e-2 * 1.1);
        assertThat(plainAt01).isBetween(2.37e-2 / 1.1, 2.37e-2 * 1.1);
    }

    @Test
    void accuracyChartIsAPngOfTheRequestedSize(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("error-vs-h.png");
        Result r = run("bench", "accuracy", "--png", png.toString(), "--width", "640", "--height", "480");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("wrote ").contains(png.getFileName().toString());
        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, 8)).isEqualTo(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(480);
        // not a blank canvas: the series colours are drawn
        boolean blue = false;
        for (int y = 0; y < image.getHeight() && !blue; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == 0x1f77b4) {
                    blue = true;
                    break;
                }
            }
        }
        assertThat(blue).as("the defaults series is drawn").isTrue();
    }

    @Test
    void quickSolverBenchmarkPrintsTheTableAndMarkdown(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("bench.md");
        Result r = run("bench", "solver", "--quick", "--out", md.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("cores: ").contains("Java: ").contains("max heap: ").contains("OS: ");
        assertThat(r.out()).containsPattern("\\s+B\\s+N\\s+D\\s+R\\s+fwd ms\\s+fwd\\+bwd ms\\s+solver MB\\s+live MB\\s+dense ms\\s+ratio");
        List<String> rows = r.lines().stream().filter(l -> l.matches("\\s+\\d+\\s+\\d+\\s+1\\s+2\\s+.*")).toList();
        assertThat(rows).as(r.out()).hasSize(4);
        String[] first = rows.get(0).strip().split("\\s+");
        assertThat(first[0]).isEqualTo("1");
        assertThat(first[1]).isEqualTo("50");
        assertThat(Double.parseDouble(first[5])).isPositive(); // fwd+bwd ms
        // the live heap the 64 x 1000 cell left (measured) against its arrays (counted): the count
        // misses nothing large, and the measurement holds no garbage
        String[] last = rows.get(3).strip().split("\\s+");
        assertThat(Double.parseDouble(last[7])).as(rows.get(3))
                .isBetween(0.8 * Double.parseDouble(last[6]), 2.0 * Double.parseDouble(last[6]) + 5);
        assertThat(first[9]).endsWith("x"); // dense reference at N = 50
        assertThat(r.out()).doesNotContain("targets");

        String markdown = Files.readString(md, StandardCharsets.UTF_8);
        assertThat(markdown).startsWith("# NeuRLP solver benchmark").contains("- cores: ")
                .contains("| B | N | D | R | fwd ms | fwd+bwd ms | solver MB | live MB | dense ms | ratio |")
                .contains("| 64 | 1000 | 1 | 2 | ");
    }

    @Test
    void quickNd4jSolverBenchmarkNamesTheBackend() {
        // --max-seconds 1 skips the N = 1000 cells (their estimate from N = 50 is several seconds)
        Result r = run("bench", "solver", "--solver", "nd4j", "--quick", "--max-seconds", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("solver=nd4j (Nd4jNeuRlpSolver on CPU: ").contains("CpuBackend");
        List<String> rows = r.lines().stream().filter(l -> l.matches("\\s+\\d+\\s+\\d+\\s+1\\s+2\\s+.*")).toList();
        assertThat(rows).as(r.out()).isNotEmpty();
        assertThat(Double.parseDouble(rows.get(0).strip().split("\\s+")[5])).isPositive();
    }

    @Test
    void badOptionsExit2WithAMessage(@TempDir Path dir) {
        String[][] cases = {
            {"bench", "solver", "--threads", "0"}, {"invalid --threads"},
            {"bench", "solver", "--threads", "two"}, {"'two' is not an int"},
            {"bench", "solver", "--max-seconds", "-1"}, {"invalid --max-seconds"},
            {"bench", "solver", "--quick", "--out", "/no/such/dir/b.md"}, {"invalid --out", "does not exist"},
            {"bench", "solver", "--fast"}, {"Unknown option: '--fast'"},
            {"bench", "solver", "--solver", "gpu"}, {"invalid --solver", "expected one of cpu, nd4j"},
            {"bench", "accuracy", "--png", "/no/such/dir/e.png"}, {"invalid --png", "does not exist"},
            {"bench", "accuracy", "--png", dir.toString()}, {"invalid --png", "is a directory"},
            {"bench", "accuracy", "--width", "10"}, {"invalid --width/--height"},
            {"bench"}, {"missing command"},
            {"bench", "gpu"}, {"Unmatched argument"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            String label = String.join(" ", cases[i]);
            Result r = run(cases[i]);
            assertThat(r.code()).as(label).isEqualTo(2);
            assertThat(r.err()).as(label).contains(cases[i + 1]);
            assertThat(r.out()).as(label).doesNotContain("fwd+bwd ms").doesNotContain("max |u - sin t|");
            r.assertNoStackTrace();
        }
    }

    @Test
    void helpListsTheSubcommands() {
        Result r = run("bench", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("solver").contains("accuracy");
        Result solver = run("bench", "solver", "--help");
        assertThat(solver.code()).isZero();
        assertThat(solver.out()).contains("--quick").contains("--threads").contains("--max-seconds").contains("--out");
    }
}
