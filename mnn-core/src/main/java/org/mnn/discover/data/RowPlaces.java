package org.mnn.discover.data;

import java.util.function.IntUnaryOperator;

/**
 * How messages name a table row: by the line of the CSV file it came from, or by the table's own row index
 * (what a notebook user passes to {@code table.row(i)}).
 */
record RowPlaces(String unit, IntUnaryOperator number) {

    static RowPlaces tableRows() {
        return new RowPlaces("row index", r -> r);
    }

    /** {@code lines[r]} is the file line on which data row r starts. */
    static RowPlaces fileLines(int[] lines) {
        return new RowPlaces("line", r -> lines[r]);
    }

    /** When the file's lines cannot be matched to rows: the 1-based count of data rows. */
    static RowPlaces dataRows() {
        return new RowPlaces("data row", r -> r + 1);
    }

    int numberOf(int row) {
        return number.applyAsInt(row);
    }

    String nameOf(int row) {
        return unit + " " + numberOf(row);
    }
}
