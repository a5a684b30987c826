package org.mnn.discover.data;

import java.util.Locale;
import java.util.regex.Pattern;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads single cells of a table as numbers or trajectory keys, and names the cell in every error. Text columns
 * (all columns of a CSV file) are parsed here rather than by Tablesaw, so that a bad cell is reported with its
 * exact text instead of being turned into a missing value.
 */
record TableCells(Table table, String source, RowPlaces places) {

    /** Plain decimal numbers only: no hexadecimal, no Java suffixes such as {@code 1d}, no locale commas. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** Spellings of NaN and infinity found in data files (Python, R, Excel exports, Java). */
    private static final Pattern NOT_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)");

    double number(String column, int row) {
        Column<?> col = table.column(column);
        if (col instanceof NumericColumn<?> numbers) {
            // Tablesaw stores a missing double as NaN, so the two cannot be told apart here.
            if (numbers.isMissing(row)) {
                throw error(row, column, "expected a number, got a missing value (NaN or empty)");
            }
            double value = numbers.getDouble(row);
            if (!Double.isFinite(value)) {
                throw error(row, column, "expected a finite number, got " + value);
            }
            return value;
        }
        if (!(col instanceof StringColumn)) {
            throw error(row, column, "expected numbers, but the column holds " + col.type().name() + " values");
        }
        String text = col.getString(row).strip();
        if (text.isEmpty()) {
            throw error(row, column, "expected a number, got an empty cell");
        }
        if (NOT_FINITE.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
            throw error(row, column, "expected a finite number, got \"" + text + "\"");
        }
        if (!NUMBER.matcher(text).matches()) {
            throw error(row, column, "expected a number, got \"" + text + "\"");
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw error(row, column, "expected a finite number, got \"" + text + "\" (too large for a double)");
        }
        return value;
    }

    /** The trajectory a row belongs to: the cell's text, or the number as Tablesaw prints it. */
    String key(String column, int row) {
        Column<?> col = table.column(column);
        String key = col.isMissing(row) ? "" : col.getUnformattedString(row).strip();
        if (key.isEmpty()) {
            throw error(row, column, "expected the name of a trajectory, got an empty cell");
        }
        return key;
    }

    /** A cell as the user wrote it, for messages that quote values. */
    String shown(String column, int row) {
        return table.column(column).getUnformattedString(row).strip();
    }

    DataException error(int row, String column, String detail) {
        return new DataException(source, places.numberOf(row), places.nameOf(row), column, detail);
    }
}
