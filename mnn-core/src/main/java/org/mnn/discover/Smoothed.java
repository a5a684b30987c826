package org.mnn.discover;

/**
 * One trajectory's signals (states, then inputs) smoothed by {@link LocalPolynomial} with the
 * half-width that generalised cross-validation picks per signal: values {@code [N][S]} and
 * slopes {@code [N][S]}.
 */
record Smoothed(double[][] values, double[][] slopes, int[] halfWidths) {

    static final int DEGREE = 3;

    static Smoothed of(Trajectory tr) {
        int n = tr.size();
        int d = tr.dims();
        int signals = d + tr.inputCount();
        double[][] values = new double[n][signals];
        double[][] slopes = new double[n][signals];
        int[] widths = new int[signals];
        for (int s = 0; s < signals; s++) {
            double[] x = column(tr, s);
            LocalPolynomial lp = LocalPolynomial.chooseByGcv(tr.times(), x, DEGREE);
            LocalPolynomial.Fit fit = lp.fit(tr.times(), x);
            widths[s] = lp.halfWidth();
            for (int i = 0; i < n; i++) {
                values[i][s] = fit.values()[i];
                slopes[i][s] = fit.slopes()[i];
            }
        }
        return new Smoothed(values, slopes, widths);
    }

    /** Signal s of a trajectory: a state for s &lt; D, else input s - D. */
    static double[] column(Trajectory tr, int s) {
        int d = tr.dims();
        double[] x = new double[tr.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = s < d ? tr.states()[i][s] : tr.inputs()[i][s - d];
        }
        return x;
    }
}
