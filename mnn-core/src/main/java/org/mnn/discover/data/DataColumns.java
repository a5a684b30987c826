package org.mnn.discover.data;

import java.util.List;

/**
 * Which columns of a table or CSV file hold what. Immutable; build it from {@link #defaults()}, e.g.
 * {@code DataColumns.defaults().time("t").variables(List.of("x", "y")).trajectory("run").inputs(List.of("u"))}.
 *
 * @param time       the time column; null: the one column named {@code t} or {@code time} (any case)
 * @param variables  the state variables, in this order; empty: every column that is not time, trajectory or input,
 *                   in table order
 * @param trajectory the column whose value names the trajectory (experiment) of each row; null: one trajectory
 * @param inputs     measured external inputs (forcing, control), in this order; may be empty
 */
public record DataColumns(String time, List<String> variables, String trajectory, List<String> inputs) {

    public DataColumns {
        // Null lists mean "not given", so callers (CLI options, notebooks) need not spell out empty lists.
        variables = variables == null ? List.of() : List.copyOf(variables);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    /** Time column found by name, every other column a state variable, one trajectory, no inputs. */
    public static DataColumns defaults() {
        return new DataColumns(null, List.of(), null, List.of());
    }

    public DataColumns time(String column) {
        return new DataColumns(column, variables, trajectory, inputs);
    }

    public DataColumns variables(List<String> columns) {
        return new DataColumns(time, columns, trajectory, inputs);
    }

    public DataColumns variables(String... columns) {
        return variables(List.of(columns));
    }

    public DataColumns trajectory(String column) {
        return new DataColumns(time, variables, column, inputs);
    }

    public DataColumns inputs(List<String> columns) {
        return new DataColumns(time, variables, trajectory, columns);
    }

    public DataColumns inputs(String... columns) {
        return inputs(List.of(columns));
    }
}
