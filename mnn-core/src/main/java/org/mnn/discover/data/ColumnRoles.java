package org.mnn.discover.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@link DataColumns} checked against the columns a table has: every name exists, no column has
 * two roles, and the defaults (time column, state variables) are filled in.
 *
 * @param trajectory null when all rows form one trajectory
 */
record ColumnRoles(String time, List<String> variables, String trajectory, List<String> inputs) {

    static ColumnRoles resolve(List<String> available, DataColumns options, String source) {
        String time = options.time() != null ? options.time() : defaultTime(available, source);
        // Role of each column named so far, to catch a column given twice, e.g. as state variable and as input.
        Map<String, String> roles = new LinkedHashMap<>();
        claim(roles, time, "time column", available, source);
        if (options.trajectory() != null) {
            claim(roles, options.trajectory(), "trajectory column", available, source);
        }
        for (String input : options.inputs()) {
            claim(roles, input, "input", available, source);
        }
        List<String> variables = options.variables();
        if (variables.isEmpty()) {
            variables = available.stream().filter(c -> !roles.containsKey(c)).toList();
            if (variables.isEmpty()) {
                throw new DataException(source, "no column is left for the state variables; columns: "
                        + String.join(", ", available) + " (" + describe(roles) + ")");
            }
        } else {
            for (String variable : variables) {
                claim(roles, variable, "state variable", available, source);
            }
        }
        return new ColumnRoles(time, variables, options.trajectory(), options.inputs());
    }

    /** Every column used, in table order, so that cells are checked in the order they appear in the file. */
    List<String> used(List<String> available) {
        List<String> used = new ArrayList<>();
        for (String column : available) {
            boolean hasRole = column.equals(time) || column.equals(trajectory);
            if (hasRole || variables.contains(column) || inputs.contains(column)) {
                used.add(column);
            }
        }
        return used;
    }

    private static String defaultTime(List<String> available, String source) {
        List<String> candidates = available.stream()
                .filter(c -> c.equalsIgnoreCase("t") || c.equalsIgnoreCase("time")).toList();
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String problem = candidates.isEmpty()
                ? "no time column: expected a column named t or time (any case), or name it with the time option"
                : "two columns could be the time column (" + String.join(", ", candidates)
                  + "); name one with the time option";
        throw new DataException(source, problem + "; columns: " + String.join(", ", available));
    }

    private static void claim(Map<String, String> roles, String column, String role, List<String> available,
                              String source) {
        if (!available.contains(column)) {
            throw new DataException(source, -1, null, column, "no such column (given as " + role + "); columns: "
                    + String.join(", ", available));
        }
        String earlier = roles.putIfAbsent(column, role);
        if (earlier != null) {
            throw new DataException(source, -1, null, column, earlier.equals(role)
                    ? "given twice as " + role
                    : "used twice, as " + earlier + " and as " + role + "; a column can have one role only");
        }
    }

    private static String describe(Map<String, String> roles) {
        StringBuilder sb = new StringBuilder();
        roles.forEach((c, r) -> sb.append(sb.isEmpty() ? "" : ", ").append(c).append(": ").append(r));
        return sb.toString();
    }
}
