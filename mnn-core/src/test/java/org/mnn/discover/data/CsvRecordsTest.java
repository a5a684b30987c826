package org.mnn.discover.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/** The scan that gives each CSV record its line: it must split records exactly as Tablesaw does. */
class CsvRecordsTest {

    @Test
    void linesAndCellCounts() {
        CsvRecords r = CsvRecords.scan("a,b\r\n\r\n1,\"x\r\ny\"\r\n  \t \n\"q\"\"\n,\",3\r4,5");
        assertThat(r.lines()).containsExactly(1, 3, 6, 8);
        assertThat(r.cells()).containsExactly(2, 2, 2, 2);
        assertThat(r.dataLines()).containsExactly(3, 6, 8);
    }

    @Test
    void emptyAndBlankTexts() {
        assertThat(CsvRecords.scan("").count()).isZero();
        assertThat(CsvRecords.scan(" \n\t\r\n").count()).isZero();
        assertThat(CsvRecords.scan(",").cells()).containsExactly(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "t,x\n0,1\n1,2\n",
        "t,x\n\n0,1\n   \n1,2",
        "\n\nt,x\r\n0,\"1\r\n\r\n2\"\r\n1,2\r\n",
        "t,x\r0,1\r\r1,2\r",
        "t,x\n0,\"a,\"\"b\"\"\"\n1, \"c\"\n",
        "t,x\n0,a\"b\n1,2\n",
        "t,x\n#0,1\n1,2\n",
        "t,x\n,\n1,2\n",
    })
    void agreesWithTablesaw(String text) {
        Table table = Table.read().usingOptions(CsvReadOptions.builder(new StringReader(text))
                .columnTypes(name -> ColumnType.STRING).missingValueIndicator("").commentPrefix('\0').build());
        assertThat(CsvRecords.scan(text).count() - 1).isEqualTo(table.rowCount());
    }
}
