package org.mnn.discover.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mnn.discover.Trajectory;

/**
 * Splits the checked columns of a table into trajectories: rows grouped by their trajectory key, groups in the
 * order of their first row, rows of a group in table order. Checks that each has at least 2 rows and strictly
 * increasing time stamps (uneven steps are fine).
 */
final class Trajectories {

    private Trajectories() {}

    /** @param keys each row's trajectory key; unused when {@code roles.trajectory()} is null */
    static List<Trajectory> split(ColumnRoles roles, TableCells cells, Map<String, double[]> numbers, String[] keys) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int row = 0; row < keys.length; row++) {
            groups.computeIfAbsent(roles.trajectory() == null ? "" : keys[row], k -> new ArrayList<>()).add(row);
        }
        List<Trajectory> trajectories = new ArrayList<>();
        groups.forEach((key, rows) -> trajectories.add(build(roles, cells, numbers, key, rows)));
        return trajectories;
    }

    private static Trajectory build(ColumnRoles roles, TableCells cells, Map<String, double[]> numbers, String key,
                                    List<Integer> rows) {
        String which = roles.trajectory() == null ? "" : "trajectory " + roles.trajectory() + "=" + key;
        if (rows.size() < 2) {
            String column = roles.trajectory() == null ? roles.time() : roles.trajectory();
            String what = which.isEmpty() ? "there is only 1 data row" : which + " has only 1 row";
            throw cells.error(rows.get(0), column, what + "; a trajectory needs at least 2 time stamps");
        }
        double[] time = numbers.get(roles.time());
        for (int i = 1; i < rows.size(); i++) {
            requireLater(roles.time(), cells, time, rows.get(i - 1), rows.get(i), which);
        }
        int n = rows.size();
        double[] times = new double[n];
        double[][] states = new double[n][roles.variables().size()];
        double[][] inputs = new double[n][roles.inputs().size()];
        for (int i = 0; i < n; i++) {
            int row = rows.get(i);
            times[i] = time[row];
            fill(states[i], roles.variables(), numbers, row);
            fill(inputs[i], roles.inputs(), numbers, row);
        }
        String label = which.isEmpty() ? cells.source() : cells.source() + ", " + which;
        return new Trajectory(label, times, states, inputs);
    }

    private static void requireLater(String column, TableCells cells, double[] time, int before, int row, String which) {
        if (time[row] > time[before]) {
            return;
        }
        RowPlaces places = cells.places();
        String now = column + " = " + cells.shown(column, row);
        String then = column + " = " + cells.shown(column, before);
        String within = which.isEmpty() ? "" : " within " + which;
        throw cells.error(row, column, time[row] == time[before]
                ? "duplicate time stamp" + within + ": " + now + " here and " + then + " on " + places.nameOf(before)
                : "time goes backwards" + within + ": " + now + " here, after " + then + " on " + places.nameOf(before)
                  + "; time stamps must increase within a trajectory");
    }

    private static void fill(double[] target, List<String> columns, Map<String, double[]> numbers, int row) {
        for (int j = 0; j < target.length; j++) {
            target[j] = numbers.get(columns.get(j))[row];
        }
    }
}
