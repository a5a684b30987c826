package org.mnn.kernel.ext;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} as {@code text/html} (an escaped HTML table, numbers right-aligned to six
 * significant digits) and {@code text/plain} (the same cells in fixed-width columns). Tables of more
 * than {@link #MAX_ROWS} rows show their first {@link #HEAD_ROWS} and a note "... N more rows";
 * more than {@link #MAX_COLUMNS} columns likewise.
 */
public final class TableDisplay {
    public static final int MAX_ROWS = 60;
    public static final int HEAD_ROWS = 50;
    public static final int MAX_COLUMNS = 40;
    public static final int HEAD_COLUMNS = 30;

    private TableDisplay() {
    }

    public static DisplayData bundle(Table table) {
        DisplayData data = new DisplayData();
        data.putText(text(table));
        data.putHTML(html(table));
        return data;
    }

    /** Rows shown: all, or the first {@link #HEAD_ROWS} of a long table. */
    static int shownRows(Table t) {
        return t.rowCount() > MAX_ROWS ? HEAD_ROWS : t.rowCount();
    }

    static int shownColumns(Table t) {
        return t.columnCount() > MAX_COLUMNS ? HEAD_COLUMNS : t.columnCount();
    }

    /** "name: 120 rows x 3 columns" */
    static String caption(Table t) {
        String name = t.name() == null || t.name().isBlank() ? "Table" : t.name();
        return name + ": " + t.rowCount() + (t.rowCount() == 1 ? " row" : " rows") + " x "
                + t.columnCount() + (t.columnCount() == 1 ? " column" : " columns");
    }

    public static String html(Table t) {
        int rows = shownRows(t);
        int cols = shownColumns(t);
        List<Column<?>> columns = t.columns();
        StringBuilder sb = new StringBuilder();
        sb.append("<table class=\"mnn-table\" style=\"border-collapse:collapse\">\n<caption style=\"text-align:left\">")
          .append(escape(caption(t))).append("</caption>\n<thead><tr>");
        for (int c = 0; c < cols; c++) {
            Column<?> col = columns.get(c);
            sb.append("<th style=\"text-align:").append(numeric(col) ? "right" : "left")
              .append("\">")
              .append(escape(col.name())).append("</th>");
        }
        if (cols < columns.size()) {
            sb.append("<th>&hellip; ").append(columns.size() - cols).append(" more columns</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < rows; r++) {
            sb.append("<tr>");
            for (int c = 0; c < cols; c++) {
                Column<?> col = columns.get(c);
                sb.append("<td style=\"text-align:").append(numeric(col) ? "right" : "left").append("\">")
                  .append(escape(cell(col, r))).append("</td>");
            }
            if (cols < columns.size()) {
                sb.append("<td>&hellip;</td>");
            }
            sb.append("</tr>\n");
        }
        if (rows < t.rowCount()) {
            int span = cols + (cols < columns.size() ? 1 : 0);
            sb.append("<tr><td colspan=\"").append(Math.max(1, span))
              .append("\" style=\"text-align:left;font-style:italic\">... ").append(t.rowCount() - rows)
              .append(" more rows</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        return sb.toString();
    }

    public static String text(Table t) {
        int rows = shownRows(t);
        int cols = shownColumns(t);
        List<Column<?>> columns = t.columns();
        List<String[]> lines = new ArrayList<>();
        String[] header = new String[cols];
        for (int c = 0; c < cols; c++) {
            header[c] = columns.get(c).name();
        }
        lines.add(header);
        for (int r = 0; r < rows; r++) {
            String[] line = new String[cols];
            for (int c = 0; c < cols; c++) {
                line[c] = cell(columns.get(c), r);
            }
            lines.add(line);
        }
        int[] width = new int[cols];
        for (String[] line : lines) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        StringBuilder sb = new StringBuilder(caption(t));
        for (String[] line : lines) {
            sb.append('\n');
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    sb.append("  ");
                }
                String cell = line[c];
                String pad = " ".repeat(width[c] - cell.length());
                sb.append(numeric(columns.get(c)) ? pad + cell : cell + pad);
            }
            if (cols < columns.size()) {
                sb.append("  ...");
            }
        }
        if (cols < columns.size()) {
            sb.append('\n').append("... ").append(columns.size() - cols).append(" more columns");
        }
        if (rows < t.rowCount()) {
            sb.append('\n').append("... ").append(t.rowCount() - rows).append(" more rows");
        }
        return sb.toString();
    }

    private static boolean numeric(Column<?> col) {
        return col instanceof NumericColumn;
    }

    /** A cell's text: empty when missing, numbers formatted ({@link #number}), else Tablesaw's own. */
    static String cell(Column<?> col, int row) {
        if (col.isMissing(row)) {
            return "";
        }
        // by class, not by ColumnType.DOUBLE: Tablesaw's type constants can be null while its
        // classes initialise in a circle (seen when the first Tablesaw use in a JVM is a cell)
        if (col instanceof DoubleColumn || col instanceof FloatColumn) {
            return number(((NumericColumn<?>) col).getDouble(row));
        }
        String s = col.getString(row);
        return s == null ? "" : s;
    }

    /**
     * Six significant digits without trailing zeros: {@code 1}, {@code 0.333333}, {@code 123457};
     * scientific outside [1e-4, 1e6): {@code 1.5e-07}, {@code 2.34568e+09}.
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e6) {
            BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
            return d.toPlainString();
        }
        String s = String.format(Locale.ROOT, "%.5e", v); // 1.50000e-07
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + s.substring(e);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
