package org.mnn.discover.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnn.discover.Dataset;
import org.mnn.discover.Trajectory;

/** Good CSV files: values read exactly, in file order, grouped into trajectories. */
class CsvDatasetsTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsTwoTrajectoriesWithInputsAndUnevenTimes() throws IOException {
        Path file = write("runs.csv", """
                run,t,x,u,y
                a,0,1.5,10,-2
                a,0.1,1.25,11,-2.5e-1
                b,0,7,0,3
                a,0.35,1.125,12,0.0625
                b,2,8,1,4
                b,2.5,9,2,5
                """);

        Dataset data = CsvDatasets.read(file, DataColumns.defaults().trajectory("run").inputs("u"));

        assertThat(data.source()).isEqualTo(file.toString());
        assertThat(data.variables()).containsExactly("x", "y");
        assertThat(data.inputs()).containsExactly("u");
        assertThat(data.trajectories()).hasSize(2);
        Trajectory a = data.trajectories().get(0);
        assertThat(a.label()).isEqualTo(file + ", trajectory run=a");
        assertThat(a.times()).containsExactly(0, 0.1, 0.35);
        assertThat(a.states()).isDeepEqualTo(new double[][] {{1.5, -2}, {1.25, -0.25}, {1.125, 0.0625}});
        assertThat(a.inputs()).isDeepEqualTo(new double[][] {{10}, {11}, {12}});
        Trajectory b = data.trajectories().get(1);
        assertThat(b.label()).isEqualTo(file + ", trajectory run=b");
        assertThat(b.times()).containsExactly(0, 2, 2.5);
        assertThat(b.states()).isDeepEqualTo(new double[][] {{7, 3}, {8, 4}, {9, 5}});
        assertThat(b.inputs()).isDeepEqualTo(new double[][] {{0}, {1}, {2}});
    }

    @Test
    void trajectoriesMayDifferInLengthAndKeepOrderOfFirstAppearance() throws IOException {
        Path file = write("exp.csv", """
                time,x,run
                0,1,2
                1,2,2
                0,5,1
                0.5,6,1
                0.75,7,1
                """);

        Dataset data = CsvDatasets.read(file, DataColumns.defaults().trajectory("run"));

        assertThat(data.trajectories()).extracting(Trajectory::label)
                .containsExactly(file + ", trajectory run=2", file + ", trajectory run=1");
        assertThat(data.trajectories()).extracting(Trajectory::size).containsExactly(2, 3);
        assertThat(data.trajectories().get(1).state(0)).containsExactly(5, 6, 7);
        assertThat(data.totalPoints()).isEqualTo(5);
    }

    @Test
    void inputsAndVariablesKeepTheGivenOrder() throws IOException {
        Path file = write("order.csv", """
                u1,x,T,y,u2
                1,2,0,3,4
                5,6,1,7,8
                """);

        Dataset data = CsvDatasets.read(file, DataColumns.defaults().variables("y", "x").inputs("u2", "u1"));

        Trajectory only = data.trajectories().get(0);
        assertThat(only.label()).isEqualTo(file.toString());
        assertThat(only.times()).containsExactly(0, 1);
        assertThat(data.variables()).containsExactly("y", "x");
        assertThat(only.states()).isDeepEqualTo(new double[][] {{3, 2}, {7, 6}});
        assertThat(only.inputs()).isDeepEqualTo(new double[][] {{4, 1}, {8, 5}});
    }

    @Test
    void defaultsFindTheTimeColumnInAnyCaseAndUseEveryOtherColumn() throws IOException {
        Path file = write("defaults.csv", "x,TIME,y\n1,0,2\n3,1,5\n");

        Dataset data = CsvDatasets.read(file, DataColumns.defaults());

        assertThat(data.variables()).containsExactly("x", "y");
        assertThat(data.inputs()).isEmpty();
        assertThat(data.trajectories().get(0).times()).containsExactly(0, 1);
    }

    @Test
    void acceptsQuotesSpacesCrlfExponentsAndAByteOrderMark() throws IOException {
        Path file = write("excel.csv", "\uFEFFt,\"x\"\r\n 0 ,\"-1E-3\"\r\n+.5, 2.\r\n");

        Dataset data = CsvDatasets.read(file, DataColumns.defaults());

        assertThat(data.variables()).containsExactly("x");
        assertThat(data.trajectories().get(0).times()).containsExactly(0, 0.5);
        assertThat(data.trajectories().get(0).state(0)).containsExactly(-0.001, 2);
    }

    @Test
    void lineNumbersCountBlankLinesAndLineBreaksInsideQuotes() throws IOException {
        // The header is on line 2, data rows on lines 3, 6 (after a blank line and a quoted cell over 2 lines) and 8.
        Path file = write("lines.csv", "\nt,x,note\n0,1,\"two\nlines\"\n\n1,2,ok\n\n2,oops,ok\n");

        assertThat(CsvRecords.scan(Files.readString(file)).lines()).containsExactly(2, 3, 6, 8);
        DataException e = CsvErrors.expect(file, DataColumns.defaults().variables("x"));
        assertThat(e.getMessage()).isEqualTo(file + ", line 8, column \"x\": expected a number, got \"oops\"");
        assertThat(e.row()).isEqualTo(8);
    }

    @Test
    void numberedTrajectoryKeysAndHashSignsAreData() throws IOException {
        Path file = write("keys.csv", "t,x,run\n0,1,#1\n1,2,#1\n");

        Dataset data = CsvDatasets.read(file, DataColumns.defaults().trajectory("run"));

        assertThat(data.trajectories().get(0).label()).isEqualTo(file + ", trajectory run=#1");
        assertThat(data.trajectories().get(0).size()).isEqualTo(2);
    }

    @Test
    void optionsAreImmutableAndNullListsMeanDefaults() {
        DataColumns base = DataColumns.defaults();
        DataColumns full = base.time("t").variables(List.of("x", "y")).trajectory("run").inputs(List.of("u1"));

        assertThat(base).isEqualTo(new DataColumns(null, null, null, null));
        assertThat(full).isEqualTo(new DataColumns("t", List.of("x", "y"), "run", List.of("u1")));
        assertThat(base.variables()).isEmpty();
    }
}
