package org.mnn.discover.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every check on CSV data: the exact message, naming the file, the line and the column. */
class CsvDatasetsErrorTest {

    @TempDir
    Path dir;

    private Path file;

    private DataException read(String text, DataColumns columns) throws IOException {
        file = dir.resolve("data.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return CsvErrors.expect(file, columns);
    }

    private DataException read(String text) throws IOException {
        return read(text, DataColumns.defaults());
    }

    private void assertPlace(DataException e, int line, String column) {
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.row()).isEqualTo(line);
        assertThat(e.column()).isEqualTo(column);
    }

    @Test
    void emptyCell() throws IOException {
        DataException e = read("t,x,y\n0,1,2\n1,,3\n");
        assertThat(e).hasMessage(file + ", line 3, column \"x\": expected a number, got an empty cell");
        assertPlace(e, 3, "x");
    }

    @Test
    void blankQuotedCell() throws IOException {
        DataException e = read("t,x\n0,1\n1,\" \"\n");
        assertThat(e).hasMessage(file + ", line 3, column \"x\": expected a number, got an empty cell");
    }

    @Test
    void rowOfEmptyCellsIsNotSkipped() throws IOException {
        DataException e = read("t,x\n0,1\n,\n2,3\n");
        assertThat(e).hasMessage(file + ", line 3, column \"t\": expected a number, got an empty cell");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1,5", "0x10", "1d", "1.2.3", "NA", "null", "-", "# note"})
    void nonNumericCellIsQuoted(String cell) throws IOException {
        DataException e = read("t,x\n0,1\n1,\"" + cell + "\"\n");
        assertThat(e).hasMessage(file + ", line 3, column \"x\": expected a number, got \"" + cell + "\"");
        assertPlace(e, 3, "x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "Infinity", "-Infinity", "inf", "-inf", "+INF"})
    void notFiniteCell(String cell) throws IOException {
        DataException e = read("t,x\n0,1\n1,2\n2," + cell + "\n");
        assertThat(e).hasMessage(file + ", line 4, column \"x\": expected a finite number, got \"" + cell + "\"");
        assertPlace(e, 4, "x");
    }

    @Test
    void numberTooLargeForADouble() throws IOException {
        DataException e = read("t,x\n0,1\n1e999,2\n");
        assertThat(e).hasMessage(file + ", line 3, column \"t\": expected a finite number, got \"1e999\" "
                + "(too large for a double)");
    }

    @Test
    void firstBadCellInFileOrderIsReported() throws IOException {
        DataException e = read("t,x,y\n0,1,2\n1,2,bad\n2,bad,3\n");
        assertThat(e).hasMessage(file + ", line 3, column \"y\": expected a number, got \"bad\"");
    }

    @Test
    void unknownColumnsListTheAvailableOnes() throws IOException {
        String text = "t,x,y\n0,1,2\n1,2,3\n";
        assertThat(read(text, DataColumns.defaults().variables("x", "z")))
                .hasMessage(file + ", column \"z\": no such column (given as state variable); columns: t, x, y");
        assertThat(read(text, DataColumns.defaults().inputs("u")))
                .hasMessage(file + ", column \"u\": no such column (given as input); columns: t, x, y");
        assertThat(read(text, DataColumns.defaults().time("time")))
                .hasMessage(file + ", column \"time\": no such column (given as time column); columns: t, x, y");
        DataException e = read(text, DataColumns.defaults().trajectory("run"));
        assertThat(e).hasMessage(file + ", column \"run\": no such column (given as trajectory column); columns: t, x, y");
        assertPlace(e, -1, "run");
    }

    @Test
    void namesAreMatchedExactly() throws IOException {
        assertThat(read("t,X\n0,1\n1,2\n", DataColumns.defaults().variables("x")))
                .hasMessage(file + ", column \"x\": no such column (given as state variable); columns: t, X");
    }

    @Test
    void columnUsedTwice() throws IOException {
        String text = "t,x,u\n0,1,2\n1,2,3\n";
        DataException e = read(text, DataColumns.defaults().variables("x", "u").inputs("u"));
        assertThat(e).hasMessage(file + ", column \"u\": used twice, as input and as state variable; "
                + "a column can have one role only");
        assertPlace(e, -1, "u");
        assertThat(read(text, DataColumns.defaults().variables("t", "x")))
                .hasMessage(file + ", column \"t\": used twice, as time column and as state variable; "
                        + "a column can have one role only");
        assertThat(read(text, DataColumns.defaults().trajectory("u").inputs("u")))
                .hasMessage(file + ", column \"u\": used twice, as trajectory column and as input; "
                        + "a column can have one role only");
        assertThat(read(text, DataColumns.defaults().inputs("u", "u")))
                .hasMessage(file + ", column \"u\": given twice as input");
    }

    @Test
    void noTimeColumn() throws IOException {
        assertThat(read("s,x\n0,1\n1,2\n")).hasMessage(file + ": no time column: expected a column named t or time "
                + "(any case), or name it with the time option; columns: s, x");
        assertThat(read("t,time,x\n0,0,1\n1,1,2\n")).hasMessage(file + ": two columns could be the time column "
                + "(t, time); name one with the time option; columns: t, time, x");
    }

    @Test
    void noColumnLeftForStates() throws IOException {
        assertThat(read("t,u\n0,1\n1,2\n", DataColumns.defaults().inputs("u")))
                .hasMessage(file + ": no column is left for the state variables; columns: t, u (t: time column, u: input)");
    }

    @Test
    void duplicateTimeStampNamesBothLines() throws IOException {
        DataException e = read("t,x\n0,1\n0.5,2\n0.50,3\n");
        assertThat(e).hasMessage(file + ", line 4, column \"t\": duplicate time stamp: t = 0.50 here and t = 0.5 on line 3");
        assertPlace(e, 4, "t");
    }

    @Test
    void decreasingTimeNamesBothLinesAndValues() throws IOException {
        DataException e = read("t,x\n0,1\n2,2\n1.5,3\n");
        assertThat(e).hasMessage(file + ", line 4, column \"t\": time goes backwards: t = 1.5 here, after t = 2 "
                + "on line 3; time stamps must increase within a trajectory");
    }

    @Test
    void timeIsCheckedWithinEachTrajectory() throws IOException {
        // Time may restart in another trajectory, but not within one, even when its rows are apart.
        DataException e = read("run,t,x\n1,0,1\n2,0,1\n2,1,2\n1,1,2\n1,0.5,3\n",
                DataColumns.defaults().trajectory("run"));
        assertThat(e).hasMessage(file + ", line 6, column \"t\": time goes backwards within trajectory run=1: "
                + "t = 0.5 here, after t = 1 on line 5; time stamps must increase within a trajectory");
    }

    @Test
    void trajectoryWithOneRow() throws IOException {
        DataException e = read("t,x,run\n0,1,a\n1,2,a\n0,3,b\n", DataColumns.defaults().trajectory("run"));
        assertThat(e).hasMessage(file + ", line 4, column \"run\": trajectory run=b has only 1 row; "
                + "a trajectory needs at least 2 time stamps");
        assertPlace(e, 4, "run");
    }

    @Test
    void singleDataRow() throws IOException {
        assertThat(read("t,x\n0,1\n")).hasMessage(file + ", line 2, column \"t\": there is only 1 data row; "
                + "a trajectory needs at least 2 time stamps");
    }

    @Test
    void emptyTrajectoryKey() throws IOException {
        assertThat(read("t,x,run\n0,1,a\n1,2,\n", DataColumns.defaults().trajectory("run")))
                .hasMessage(file + ", line 3, column \"run\": expected the name of a trajectory, got an empty cell");
    }

    @Test
    void constantStateVariable() throws IOException {
        DataException e = read("t,x,z\n0,1,1.5\n1,2,1.5\n2,3,1.5\n");
        assertThat(e).hasMessage(file + ", column \"z\": the state variable is constant (1.5 from line 2 to line 4); "
                + "discovery cannot use it: leave it out of the state variables or make it an input");
        assertPlace(e, -1, "z");
    }

    @Test
    void constantInputIsFine() throws IOException {
        Files.writeString(dir.resolve("ok.csv"), "t,x,u\n0,1,5\n1,2,5\n");
        assertThat(CsvDatasets.read(dir.resolve("ok.csv"), DataColumns.defaults().inputs("u")).inputs())
                .containsExactly("u");
    }

    @Test
    void emptyFile() throws IOException {
        String expected = ": the file is empty; expected a header line with the column names, then one line per time stamp";
        assertThat(read("")).hasMessage(file + expected);
        assertThat(read(" \n\n")).hasMessage(file + expected);
    }

    @Test
    void headerOnly() throws IOException {
        DataException e = read("t,x,y\n");
        assertThat(e).hasMessage(file + ", line 1: only a header line, no data lines");
        assertPlace(e, 1, null);
    }

    @Test
    void rowWithTooFewOrTooManyCells() throws IOException {
        DataException few = read("t,x,y\n0,1,2\n1,2\n2,3,4\n");
        assertThat(few).hasMessage(file + ", line 3: expected 3 cells as in the header (line 1), got 2");
        assertPlace(few, 3, null);
        assertThat(read("t,x,y\n0,1,2\n1,2,3\n\n2,3,4,5\n"))
                .hasMessage(file + ", line 5: expected 3 cells as in the header (line 1), got 4");
        // A comma inside quotes is part of the cell.
        assertThat(read("t,x\n0,\"1,5\"\n1,2,3\n"))
                .hasMessage(file + ", line 3: expected 2 cells as in the header (line 1), got 3");
    }

    @Test
    void duplicateHeaderNames() throws IOException {
        DataException e = read("t,x,x\n0,1,2\n1,2,3\n");
        assertThat(e.getMessage()).startsWith(file + ": Tablesaw could not read the file: ").contains("x");
    }

    @Test
    void missingFileIsAnIoError() {
        Path missing = dir.resolve("missing.csv");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CsvDatasets.read(missing, DataColumns.defaults()))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("missing.csv");
    }

    @Test
    void notUtf8() throws IOException {
        file = dir.resolve("latin1.csv");
        Files.write(file, new byte[] {'t', ',', (byte) 0xE9, '\n', '0', ',', '1', '\n'});
        assertThat(CsvErrors.expect(file, DataColumns.defaults())).hasMessage(file + ": not UTF-8 text");
    }
}
