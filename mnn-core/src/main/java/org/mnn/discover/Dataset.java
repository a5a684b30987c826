package org.mnn.discover;

import java.util.List;

/**
 * Data for discovery: the names of the state variables and of the measured inputs, and one or
 * more trajectories (experiments) that share them and are fitted together. Trajectories may
 * differ in length and in their time grids.
 */
public record Dataset(String source, List<String> variables, List<String> inputs, List<Trajectory> trajectories) {

    public Dataset {
        variables = List.copyOf(variables);
        inputs = List.copyOf(inputs);
        trajectories = List.copyOf(trajectories);
        if (variables.isEmpty()) {
            throw new IllegalArgumentException(source + ": no state variables");
        }
        if (trajectories.isEmpty()) {
            throw new IllegalArgumentException(source + ": no trajectories");
        }
        for (Trajectory tr : trajectories) {
            if (tr.dims() != variables.size() || tr.inputCount() != inputs.size()) {
                throw new IllegalArgumentException(tr.label() + ": " + tr.dims() + " states and " + tr.inputCount()
                        + " inputs, expected " + variables.size() + " (" + variables + ") and " + inputs.size()
                        + " (" + inputs + ")");
            }
        }
    }

    /** One trajectory without inputs. */
    public static Dataset of(String source, List<String> variables, Trajectory trajectory) {
        return new Dataset(source, variables, List.of(), List.of(trajectory));
    }

    public int totalPoints() {
        return trajectories.stream().mapToInt(Trajectory::size).sum();
    }

    /** Standard deviation of every state variable over all samples of all trajectories. */
    public double[] standardDeviations() {
        return standardDeviations(List.of(this));
    }

    /** Standard deviation of every state variable over all samples of the given datasets together
     * (population form; 0 for a constant variable). */
    static double[] standardDeviations(List<Dataset> parts) {
        int dims = parts.get(0).variables().size();
        double[] sum = new double[dims];
        double[] sq = new double[dims];
        long n = 0;
        for (Dataset part : parts) {
            for (Trajectory tr : part.trajectories()) {
                for (double[] row : tr.states()) {
                    for (int d = 0; d < dims; d++) {
                        sum[d] += row[d];
                        sq[d] += row[d] * row[d];
                    }
                    n++;
                }
            }
        }
        double[] sd = new double[dims];
        for (int d = 0; d < dims; d++) {
            double mean = sum[d] / n;
            sd[d] = Math.sqrt(Math.max(sq[d] / n - mean * mean, 0));
        }
        return sd;
    }

    /** State variables followed by inputs: the names a library's terms may use. */
    public List<String> signals() {
        return java.util.stream.Stream.concat(variables.stream(), inputs.stream()).toList();
    }
}
