package org.mnn.kernel.ext;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableDisplayTest {

    @Test
    void numbersAreFormattedToSixSignificantDigits() {
        assertThat(TableDisplay.number(1.0)).isEqualTo("1");
        assertThat(TableDisplay.number(1.0 / 3)).isEqualTo("0.333333");
        assertThat(TableDisplay.number(-2.5)).isEqualTo("-2.5");
        assertThat(TableDisplay.number(123456.789)).isEqualTo("123457");
        assertThat(TableDisplay.number(0)).isEqualTo("0");
        assertThat(TableDisplay.number(1.5e-7)).isEqualTo("1.5e-07");
        assertThat(TableDisplay.number(2.3456789e9)).isEqualTo("2.34568e+09");
        assertThat(TableDisplay.number(1e6)).isEqualTo("1e+06");
        assertThat(TableDisplay.number(Double.NaN)).isEqualTo("NaN");
        assertThat(TableDisplay.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void cellsAndNamesAreEscaped() {
        Table t = Table.create("<b>coefficients</b>",
                StringColumn.create("term", "x<y", "a & b", "\"q\""),
                DoubleColumn.create("value", 1.0 / 3, Double.NaN, 2e-9),
                IntColumn.create("n", 1, 2, 3));
        String html = TableDisplay.html(t);
        assertThat(html).contains("&lt;b&gt;coefficients&lt;/b&gt;: 3 rows x 3 columns")
                .contains("<td style=\"text-align:left\">x&lt;y</td>")
                .contains("a &amp; b").contains("&quot;q&quot;")
                .contains(">0.333333</td>").contains(">2e-09</td>")
                .doesNotContain("<b>").doesNotContain("more rows");
        // NaN is Tablesaw's missing value of a double column: an empty cell
        assertThat(html).contains("<td style=\"text-align:right\"></td>");
        String text = TableDisplay.text(t);
        assertThat(text).startsWith("<b>coefficients</b>: 3 rows x 3 columns\nterm   ")
                .contains("x<y").contains("0.333333");
    }

    @Test
    void longTablesShowTheirHeadAndHowManyRowsAreLeft() {
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5;
        }
        Table t = Table.create("long", DoubleColumn.create("x", v));
        String html = TableDisplay.html(t);
        assertThat(html.split("<tr>", -1).length - 1).isEqualTo(1 + TableDisplay.HEAD_ROWS + 1);
        assertThat(html).contains("... 950 more rows").contains(">24.5</td>").doesNotContain(">25</td>");
        assertThat(TableDisplay.text(t)).endsWith("\n... 950 more rows").contains("24.5");
        Table shortT = Table.create("short", DoubleColumn.create("x", new double[TableDisplay.MAX_ROWS]));
        assertThat(TableDisplay.html(shortT)).doesNotContain("more rows");
    }

    @Test
    void wideTablesShowTheirFirstColumns() {
        Table t = Table.create("wide");
        for (int c = 0; c < 45; c++) {
            t.addColumns(IntColumn.create("c" + c, 1, 2));
        }
        assertThat(TableDisplay.html(t)).contains("c29").doesNotContain("c30<").contains("15 more columns");
        assertThat(TableDisplay.text(t)).contains("... 15 more columns");
    }
}
