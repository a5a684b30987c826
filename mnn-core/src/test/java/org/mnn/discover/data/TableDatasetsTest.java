package org.mnn.discover.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.mnn.discover.Dataset;
import org.mnn.discover.Trajectory;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tables a notebook user already has: numeric or text columns, rows named by their index. */
class TableDatasetsTest {

    private static Table table(double[] t, double[] x) {
        return Table.create("t", DoubleColumn.create("t", t), DoubleColumn.create("x", x));
    }

    @Test
    void numericAndTextColumnsWithTrajectoriesAndInputs() {
        Table table = Table.create("runs",
                IntColumn.create("run", 7, 3, 7, 3, 7),
                DoubleColumn.create("t", 0, 0, 0.25, 1, 1),
                StringColumn.create("x", "1.5", "2", "-3", "4e2", "0.125"),
                DoubleColumn.create("u", 9, 8, 7, 6, 5));

        Dataset data = TableDatasets.fromTable(table, "runs table", DataColumns.defaults().trajectory("run").inputs("u"));

        assertThat(data.source()).isEqualTo("runs table");
        assertThat(data.variables()).containsExactly("x");
        assertThat(data.trajectories()).extracting(Trajectory::label)
                .containsExactly("runs table, trajectory run=7", "runs table, trajectory run=3");
        Trajectory seven = data.trajectories().get(0);
        assertThat(seven.times()).containsExactly(0, 0.25, 1);
        assertThat(seven.state(0)).containsExactly(1.5, -3, 0.125);
        assertThat(seven.inputs()).isDeepEqualTo(new double[][] {{9}, {7}, {5}});
        Trajectory three = data.trajectories().get(1);
        assertThat(three.times()).containsExactly(0, 1);
        assertThat(three.state(0)).containsExactly(2, 400);
    }

    @Test
    void missingNumberNamesTheRowIndex() {
        Table table = table(new double[] {0, 1, 2}, new double[] {1, Double.NaN, 3});
        DataException e = (DataException) org.assertj.core.api.Assertions.catchThrowable(
                () -> TableDatasets.fromTable(table, "nb", DataColumns.defaults()));
        assertThat(e).hasMessage("nb, row index 1, column \"x\": expected a number, got a missing value (NaN or empty)");
        assertThat(e.source()).isEqualTo("nb");
        assertThat(e.row()).isEqualTo(1);
        assertThat(e.column()).isEqualTo("x");
    }

    @Test
    void infiniteNumber() {
        Table table = table(new double[] {0, 1}, new double[] {1, Double.NEGATIVE_INFINITY});
        assertThatThrownBy(() -> TableDatasets.fromTable(table, "nb", DataColumns.defaults()))
                .isInstanceOf(DataException.class)
                .hasMessage("nb, row index 1, column \"x\": expected a finite number, got -Infinity");
    }

    @Test
    void badTextCell() {
        Table table = Table.create("t", StringColumn.create("time", "0", "one"), DoubleColumn.create("x", 1, 2));
        assertThatThrownBy(() -> TableDatasets.fromTable(table, "nb", DataColumns.defaults()))
                .isInstanceOf(DataException.class)
                .hasMessage("nb, row index 1, column \"time\": expected a number, got \"one\"");
    }

    @Test
    void columnOfOtherType() {
        Table table = Table.create("t", DoubleColumn.create("t", 0, 1),
                DateColumn.create("x", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2)));
        assertThatThrownBy(() -> TableDatasets.fromTable(table, "nb", DataColumns.defaults()))
                .isInstanceOf(DataException.class)
                .hasMessage("nb, row index 0, column \"x\": expected numbers, but the column holds LOCAL_DATE values");
    }

    @Test
    void decreasingTime() {
        Table table = table(new double[] {0, 2, 1}, new double[] {1, 2, 3});
        assertThatThrownBy(() -> TableDatasets.fromTable(table, "nb", DataColumns.defaults()))
                .isInstanceOf(DataException.class)
                .hasMessage("nb, row index 2, column \"t\": time goes backwards: t = 1.0 here, after t = 2.0 on row index 1; "
                        + "time stamps must increase within a trajectory");
    }

    @Test
    void constantVariableAndEmptyTable() {
        assertThatThrownBy(() -> TableDatasets.fromTable(table(new double[] {0, 1}, new double[] {4, 4}), "nb",
                DataColumns.defaults()))
                .isInstanceOf(DataException.class)
                .hasMessage("nb, column \"x\": the state variable is constant (4.0 from row index 0 to row index 1); "
                        + "discovery cannot use it: leave it out of the state variables or make it an input");
        assertThatThrownBy(() -> TableDatasets.fromTable(table(new double[0], new double[0]), "nb",
                DataColumns.defaults()))
                .isInstanceOf(DataException.class).hasMessage("nb: no data rows");
    }

    @Test
    void unknownColumn() {
        assertThatThrownBy(() -> TableDatasets.fromTable(table(new double[] {0, 1}, new double[] {1, 2}), "nb",
                DataColumns.defaults().inputs("u")))
                .isInstanceOf(DataException.class)
                .hasMessage("nb, column \"u\": no such column (given as input); columns: t, x");
    }
}
