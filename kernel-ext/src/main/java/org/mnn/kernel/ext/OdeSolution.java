package org.mnn.kernel.ext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mnn.ode.TimeGrid;
import org.mnn.ode.text.OdeSystem;
import org.mnn.solver.NonlinearSolution;
import org.mnn.solver.TextProblem;

/**
 * What {@code %%ode} leaves in a notebook variable: the grid and every solution column as plain
 * {@code double[]} (copies on each call). Columns are named as in {@code mnn solve}'s CSV:
 * {@code t}, then each variable and its derivatives ({@code x, x', x''}).
 */
public final class OdeSolution {
    private final String equations;
    private final List<String> variables;
    private final double[] times;
    /** column name (x, x', ...) -> values, in CSV order */
    private final Map<String, double[]> columns;
    private final boolean linear;
    private final int iterations;
    private final double residual;

    public OdeSolution(String equations, List<String> variables, double[] times, Map<String, double[]> columns,
                       boolean linear, int iterations, double residual) {
        this.equations = equations;
        this.variables = List.copyOf(variables);
        this.times = times.clone();
        this.columns = new LinkedHashMap<>();
        columns.forEach((k, v) -> {
            if (v.length != times.length) {
                throw new IllegalArgumentException("column " + k + " has " + v.length + " values, the grid " + times.length);
            }
            this.columns.put(k, v.clone());
        });
        for (String v : variables) {
            if (!columns.containsKey(v)) {
                throw new IllegalArgumentException("no column for variable " + v);
            }
        }
        this.linear = linear;
        this.iterations = iterations;
        this.residual = residual;
    }

    /** Collects a solver result. */
    public static OdeSolution of(String equations, OdeSystem system, NonlinearSolution solution) {
        TimeGrid grid = solution.grid();
        Map<String, double[]> columns = new LinkedHashMap<>();
        List<String> names = TextProblem.columns(system);
        int c = 1;
        for (int d = 0; d < system.dims(); d++) {
            for (int k = 0; k <= system.order(d); k++) {
                double[] col = new double[grid.points()];
                for (int s = 0; s < col.length; s++) {
                    col[s] = solution.u(s, d, k);
                }
                columns.put(names.get(c++), col);
            }
        }
        return new OdeSolution(equations.strip(), system.variables(), grid.times(), columns,
                system.isLinear(), solution.iterations(), solution.residualNorm());
    }

    /** The equations as given. */
    public String equations() { return equations; }

    /** The variables in the order of the system (x, y, z). */
    public List<String> variables() { return variables; }

    /** Column names: t, then x, x', ... */
    public List<String> columns() {
        List<String> names = new ArrayList<>();
        names.add("t");
        names.addAll(columns.keySet());
        return Collections.unmodifiableList(names);
    }

    /** Grid points. */
    public int points() { return times.length; }

    /** The time grid. */
    public double[] times() { return times.clone(); }

    /**
     * The values of a variable ({@code "x"}) or of one of its derivatives ({@code "x'"}), or the
     * grid ({@code "t"}), one per grid point.
     */
    public double[] values(String column) {
        if ("t".equals(column)) {
            return times();
        }
        double[] v = columns.get(column);
        if (v == null) {
            throw new IllegalArgumentException("no column '" + column + "': the columns are " + columns());
        }
        return v.clone();
    }

    /** The k-th derivative of a variable. */
    public double[] derivative(String variable, int k) {
        return values(variable + "'".repeat(k));
    }

    /** The value of a column at grid point {@code s}. */
    public double value(String column, int s) {
        return "t".equals(column) ? times[s] : values0(column)[s];
    }

    double[] values0(String column) {
        double[] v = columns.get(column);
        if (v == null) {
            throw new IllegalArgumentException("no column '" + column + "': the columns are " + columns());
        }
        return v;
    }

    public boolean linear() { return linear; }

    /** Linear NeuRLP solves of the final Gauss-Newton run (1 for a linear system). */
    public int iterations() { return iterations; }

    /** Equation residual norm at the solution. */
    public double residual() { return residual; }

    /**
     * The solution as a Tablesaw table named {@code name} (columns t, x, x', ...), shown as an HTML
     * table when it is a cell's value.
     */
    public tech.tablesaw.api.Table table(String name) {
        tech.tablesaw.api.Table table = tech.tablesaw.api.Table.create(name);
        for (String column : columns()) {
            table.addColumns(tech.tablesaw.api.DoubleColumn.create(column, values(column)));
        }
        return table;
    }

    /** {@link #table(String)} named "ode solution". */
    public tech.tablesaw.api.Table table() {
        return table("ode solution");
    }

    /** The solution as CSV (header t,x,x',...; as {@code mnn solve} writes it). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(String.join(",", columns())).append('\n');
        for (int s = 0; s < times.length; s++) {
            sb.append(times[s]);
            for (double[] col : columns.values()) {
                sb.append(',').append(col[s]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "OdeSolution[%s; %d points, t = %s .. %s; columns %s; %s, residual %.3e]",
                equations.replace("\n", "; "), times.length, times[0], times[times.length - 1], columns(),
                linear ? "linear, one NeuRLP solve" : "nonlinear, " + iterations + " iterations", residual);
    }
}
