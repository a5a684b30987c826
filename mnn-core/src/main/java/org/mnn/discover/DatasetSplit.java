package org.mnn.discover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A dataset cut in time: every trajectory's first part for fitting, its last part (a fraction of
 * its samples) held out to score the fitted model's simulation, e.g. {@code byTime(data, 0.2)}
 * holds out every trajectory's last 20%.
 */
public record DatasetSplit(Dataset train, Dataset test, double fraction) {

    /** Fewest samples either part of a trajectory may have. */
    public static final int MIN_POINTS = 2;

    /**
     * @param fraction of each trajectory's samples to hold out, in (0, 1): the last
     *                 {@code round(fraction * N)} samples (at least {@value #MIN_POINTS}) go to the test part
     * @throws IllegalArgumentException if the fraction is out of range or a trajectory is too short to split
     */
    public static DatasetSplit byTime(Dataset data, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("hold-out fraction must be between 0 and 1 (exclusive), got " + fraction);
        }
        List<Trajectory> train = new ArrayList<>();
        List<Trajectory> test = new ArrayList<>();
        for (Trajectory tr : data.trajectories()) {
            int n = tr.size();
            int held = Math.max(MIN_POINTS, (int) Math.round(fraction * n));
            int kept = n - held;
            if (kept < MIN_POINTS) {
                throw new IllegalArgumentException(tr.label() + ": " + n + " samples are too few to hold out "
                        + fraction + " of them and keep " + MIN_POINTS + " for fitting");
            }
            train.add(slice(tr, 0, kept));
            test.add(slice(tr, kept, n));
        }
        return new DatasetSplit(new Dataset(data.source(), data.variables(), data.inputs(), train),
                new Dataset(data.source(), data.variables(), data.inputs(), test), fraction);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) of a trajectory. */
    static Trajectory slice(Trajectory tr, int from, int to) {
        return new Trajectory(tr.label(), Arrays.copyOfRange(tr.times(), from, to),
                Arrays.copyOfRange(tr.states(), from, to), Arrays.copyOfRange(tr.inputs(), from, to));
    }
}
