package org.mnn.discover.data;

/**
 * Data that cannot be used for discovery. The message names where the problem is, as far as it is about one
 * place: {@code data.csv, line 17, column "x": expected a number, got "abc"}. The parts are also available
 * separately, so that a caller (a notebook, the command line) can point at the cell.
 */
public class DataException extends IllegalArgumentException {

    private final String source;
    private final int row;
    private final String column;

    /**
     * @param source the file or table the data came from
     * @param row    the row's number as named in {@code place} (a file line, or a table's row index); -1 if none
     * @param place  how the message names the row, e.g. {@code "line 17"}; null if the problem is not about a row
     * @param column the column name; null if the problem is not about one column
     * @param detail what is wrong, e.g. {@code expected a number, got "abc"}
     */
    public DataException(String source, int row, String place, String column, String detail) {
        super(message(source, place, column, detail));
        this.source = source;
        this.row = row;
        this.column = column;
    }

    /** A problem with the whole source, not one row or column. */
    public DataException(String source, String detail) {
        this(source, -1, null, null, detail);
    }

    private static String message(String source, String place, String column, String detail) {
        StringBuilder sb = new StringBuilder(source);
        if (place != null) {
            sb.append(", ").append(place);
        }
        if (column != null) {
            sb.append(", column \"").append(column).append('"');
        }
        return sb.append(": ").append(detail).toString();
    }

    public String source() { return source; }

    /**
     * The row as the message names it: for CSV files the 1-based line number (header = line 1), for tables the
     * row index; -1 if the problem is not about one row.
     */
    public int row() { return row; }

    /** The column the problem is in, or null. */
    public String column() { return column; }
}
