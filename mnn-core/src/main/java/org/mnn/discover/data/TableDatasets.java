package org.mnn.discover.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mnn.discover.Dataset;
import org.mnn.discover.Trajectory;
import tech.tablesaw.api.Table;

/**
 * Discovery data from a Tablesaw table, e.g. one a notebook user has loaded or computed. Columns may be numeric
 * or text (text cells are parsed as decimal numbers). Every used cell is checked; the first problem in row order
 * is reported as a {@link DataException}. CSV files come through here too ({@link CsvDatasets}).
 */
public final class TableDatasets {

    private TableDatasets() {}

    /**
     * @param source names the table in messages and labels, e.g. {@code "experiment 3"}; rows are named by their
     *               row index in {@code table}
     */
    public static Dataset fromTable(Table table, String source, DataColumns columns) {
        return convert(table, source, columns, RowPlaces.tableRows());
    }

    static Dataset convert(Table table, String source, DataColumns columns, RowPlaces places) {
        List<String> names = table.columnNames();
        ColumnRoles roles = ColumnRoles.resolve(names, columns, source);
        int n = table.rowCount();
        if (n == 0) {
            throw new DataException(source, "no data rows");
        }
        TableCells cells = new TableCells(table, source, places);
        List<String> used = roles.used(names);
        Map<String, double[]> numbers = new LinkedHashMap<>();
        used.stream().filter(c -> !c.equals(roles.trajectory())).forEach(c -> numbers.put(c, new double[n]));
        String[] keys = new String[n];
        // Row by row, then column by column: the reported cell is the first bad one when reading the file.
        for (int row = 0; row < n; row++) {
            for (String column : used) {
                if (column.equals(roles.trajectory())) {
                    keys[row] = cells.key(column, row);
                } else {
                    numbers.get(column)[row] = cells.number(column, row);
                }
            }
        }
        List<Trajectory> trajectories = Trajectories.split(roles, cells, numbers, keys);
        requireVarying(roles.variables(), numbers, cells);
        return new Dataset(source, roles.variables(), roles.inputs(), trajectories);
    }

    /** A state that never changes has a zero derivative everywhere: discovery can learn nothing about it. */
    private static void requireVarying(List<String> variables, Map<String, double[]> numbers, TableCells cells) {
        for (String variable : variables) {
            double[] values = numbers.get(variable);
            boolean constant = true;
            for (double v : values) {
                constant &= v == values[0];
            }
            if (constant) {
                RowPlaces places = cells.places();
                String rows = places.nameOf(0) + " to " + places.nameOf(values.length - 1);
                throw new DataException(cells.source(), -1, null, variable, "the state variable is constant ("
                        + cells.shown(variable, 0) + " from " + rows + "); discovery cannot use it: "
                        + "leave it out of the state variables or make it an input");
            }
        }
    }
}
