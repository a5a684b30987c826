package org.mnn.solver;

import java.util.Arrays;

/**
 * How NeuRLP relaxes the ODE: the least-squares problem
 * {@code min 1/2 ||W^(1/2)(A z - beta)||^2 - alpha*eps} over the row families of
 * {@link RowFamily}. Immutable; the {@code with...} methods return modified copies.
 *
 * <p>The default is the accurate configuration of method.md: slack eps present with alpha = 0,
 * central rows on, all weights 1. alpha &gt; 0 rewards a large eps and biases the solution
 * (an error floor near 1e-3 on u'' + u = 0), so it is opt-in.
 */
public final class NeuRlpOptions {
    private final double[] weights;
    private final boolean slack;
    private final double alpha;
    private final boolean centralRows;
    /** Maximum refinement steps, or -1 for automatic. */
    private final int refinement;

    private NeuRlpOptions(double[] weights, boolean slack, double alpha, boolean centralRows, int refinement) {
        this.weights = weights;
        this.slack = slack;
        this.alpha = alpha;
        this.centralRows = centralRows;
        this.refinement = refinement;
    }

    public static NeuRlpOptions defaults() {
        double[] w = new double[RowFamily.values().length];
        Arrays.fill(w, 1.0);
        return new NeuRlpOptions(w, true, 0.0, true, -1);
    }

    /** The configuration of the scalable follow-up paper: no slack, no central rows. */
    public static NeuRlpOptions withoutSlackOrCentralRows() {
        return defaults().withSlack(false).withCentralRows(false);
    }

    public NeuRlpOptions withWeight(RowFamily family, double weight) {
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight of " + family + " rows: expected a positive finite number, got " + weight);
        }
        double[] w = weights.clone();
        w[family.ordinal()] = weight;
        return new NeuRlpOptions(w, slack, alpha, centralRows, refinement);
    }

    public NeuRlpOptions withSlack(boolean on) {
        return new NeuRlpOptions(weights, on, on ? alpha : 0.0, centralRows, refinement);
    }

    /** Reward for the slack eps; only meaningful with slack on. */
    public NeuRlpOptions withAlpha(double a) {
        if (!Double.isFinite(a) || a < 0) {
            throw new IllegalArgumentException("alpha: expected a finite number >= 0, got " + a);
        }
        if (a != 0 && !slack) {
            throw new IllegalArgumentException("alpha: " + a + " needs the slack eps; enable it with withSlack(true)");
        }
        return new NeuRlpOptions(weights, slack, a, centralRows, refinement);
    }

    public NeuRlpOptions withCentralRows(boolean on) {
        return new NeuRlpOptions(weights, slack, alpha, on, refinement);
    }

    /**
     * At most {@code maxSteps} steps of iterative refinement with row residuals after each solve
     * (0 = none). The default is automatic: up to {@link #AUTO_REFINEMENT_STEPS} steps where the
     * normal equations lose accuracy, that is for R &gt;= 3 (forming A^T W A rounds away the
     * h^(2R) products of small steps) and for any batch item group whose factorisation had a
     * pivot below {@link #AUTO_REFINEMENT_PIVOT} of its diagonal (for example R = 2 without slack
     * and central rows below h = 0.005); none otherwise, where it would only cost time.
     */
    public NeuRlpOptions withRefinement(int maxSteps) {
        if (maxSteps < 0) {
            throw new IllegalArgumentException("refinement steps: expected >= 0, got " + maxSteps);
        }
        return new NeuRlpOptions(weights, slack, alpha, centralRows, maxSteps);
    }

    /** Refinement steps of the automatic setting. */
    public static final int AUTO_REFINEMENT_STEPS = 10;
    /** Smallest pivot / diagonal ratio the automatic setting accepts without refinement (measured:
     * the default configuration stays above 2e-4 down to h = 0.001 at R = 2; without slack and
     * central rows the ratio is 5e-7 at h = 0.01 and 7e-8 at h = 0.005, where accuracy starts
     * to go). */
    public static final double AUTO_REFINEMENT_PIVOT = 1e-7;

    /** Whether refinement is automatic ({@link #withRefinement} not called). */
    public boolean automaticRefinement() {
        return refinement < 0;
    }

    /** Maximum refinement steps for order R: the set number, or for the automatic setting
     * {@link #AUTO_REFINEMENT_STEPS} (applied for R &gt;= 3 always, otherwise on small pivots). */
    public int refinementSteps(int order) {
        return refinement >= 0 ? refinement : AUTO_REFINEMENT_STEPS;
    }

    public double weight(RowFamily family) { return weights[family.ordinal()]; }
    public boolean slack() { return slack; }
    public double alpha() { return alpha; }
    public boolean centralRows() { return centralRows; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NeuRLP(");
        sb.append("slack=").append(slack).append(", alpha=").append(alpha)
          .append(", central=").append(centralRows)
          .append(", refinement=").append(refinement < 0 ? "auto" : String.valueOf(refinement)).append(", weights={");
        for (RowFamily f : RowFamily.values()) {
            sb.append(f.name().toLowerCase()).append('=').append(weight(f)).append(f.ordinal() < 5 ? ", " : "");
        }
        return sb.append("})").toString();
    }
}
