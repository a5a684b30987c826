package org.mnn.discover;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A discovered model's coefficients as a Tablesaw table: a column "term" (ODE text form), then one
 * column per variable; one row per library term that some equation uses, in library order.
 */
public final class CoefficientTable {
    private CoefficientTable() { }

    public static Table of(DiscoveredModel model) {
        double[][] xi = model.coefficients();
        List<String> names = model.library().names();
        List<Integer> used = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            for (double[] row : xi) {
                if (row[k] != 0) {
                    used.add(k);
                    break;
                }
            }
        }
        StringColumn term = StringColumn.create("term");
        used.forEach(k -> term.append(names.get(k)));
        Table table = Table.create("coefficients", term);
        for (int d = 0; d < xi.length; d++) {
            DoubleColumn c = DoubleColumn.create(model.variables().get(d));
            for (int k : used) {
                c.append(xi[d][k]);
            }
            table.addColumns(c);
        }
        return table;
    }
}
