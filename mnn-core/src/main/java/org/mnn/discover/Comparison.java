package org.mnn.discover;

/**
 * A discovered model against the true one, term by term over the same library: the largest
 * relative error of a true coefficient, the spurious terms (found but not true) and the missed
 * ones (true but not found). A missed term counts as relative error 1.
 */
public record Comparison(double maxRelativeError, int spurious, int missed) {

    public static Comparison of(DiscoveredModel found, DiscoveredModel truth) {
        if (!found.variables().equals(truth.variables()) || !found.library().names().equals(truth.library().names())) {
            throw new IllegalArgumentException("models over different variables or libraries: "
                    + found.variables() + " " + found.library() + " vs " + truth.variables() + " " + truth.library());
        }
        double[][] a = found.coefficients();
        double[][] b = truth.coefficients();
        double maxRel = 0;
        int spurious = 0;
        int missed = 0;
        for (int d = 0; d < a.length; d++) {
            for (int k = 0; k < a[d].length; k++) {
                if (b[d][k] != 0) {
                    maxRel = Math.max(maxRel, Math.abs(a[d][k] - b[d][k]) / Math.abs(b[d][k]));
                    missed += a[d][k] == 0 ? 1 : 0;
                } else if (a[d][k] != 0) {
                    spurious++;
                }
            }
        }
        return new Comparison(maxRel, spurious, missed);
    }

    public boolean exactSupport() {
        return spurious == 0 && missed == 0;
    }
}
