package org.mnn.solver;

/**
 * The NeuRLP rows of one step of one batch item, as flat arrays (reused from step to step, so
 * the loops over rows allocate nothing). Row r has {@code nnz[r]} entries at
 * {@code r*stride .. r*stride + nnz[r] - 1} of {@code col}/{@code val}; columns are global
 * unknown indices {@code s*D*(R+1) + d*(R+1) + k}; a smoothness row also has a +1 in the slack
 * column when {@code slack[r]}.
 *
 * <p>Each entry also records how its value is made, so that {@link RowStencil} can re-evaluate
 * the rows for any step without this generator: smoothness entries are
 * {@code scale * h^power} (Taylor rows, h = the row's step) or {@code scale * H^power} (central
 * rows, H = sum of their two steps); other entries are their value (scale = value, power 0).
 * {@code source[r]} is the index of a row's right-hand side in the batch (rhs for equation rows,
 * initial values for initial rows, -1 otherwise).
 */
final class RowBuffer {
    final int stride;
    int count;
    final RowFamily[] family;
    final int[] nnz;
    final int[] col;
    final double[] val;
    final double[] scale;
    final int[] power;
    final boolean[] slack;
    final double[] rhs;
    final double[] weight;
    final int[] source;
    /** Equation index of an equation row, else -1. */
    final int[] equation;

    RowBuffer(int maxRows, int stride) {
        this.stride = stride;
        family = new RowFamily[maxRows];
        nnz = new int[maxRows];
        col = new int[maxRows * stride];
        val = new double[maxRows * stride];
        scale = new double[maxRows * stride];
        power = new int[maxRows * stride];
        slack = new boolean[maxRows];
        rhs = new double[maxRows];
        weight = new double[maxRows];
        source = new int[maxRows];
        equation = new int[maxRows];
    }

    /** Starts a new row and returns its index. */
    int begin(RowFamily f, double w, double b, boolean withSlack, int src) {
        int r = count++;
        family[r] = f;
        nnz[r] = 0;
        weight[r] = w;
        rhs[r] = b;
        slack[r] = withSlack;
        source[r] = src;
        equation[r] = -1;
        return r;
    }

    /** Adds a plain entry (a coefficient or a constant): scale = value, power 0. */
    void add(int r, int column, double value) {
        int p = r * stride + nnz[r]++;
        col[p] = column;
        val[p] = value;
        scale[p] = value;
        power[p] = 0;
    }

    /** Adds entry {@code sc * x^pow} where x is the row's step variable (h or H). */
    void addPower(int r, int column, double x, double sc, int pow) {
        int p = r * stride + nnz[r];
        add(r, column, sc * ipow(x, pow));
        scale[p] = sc;
        power[p] = pow;
    }

    /** x^n for a small integer n of either sign, without Math.pow (this runs per step). */
    static double ipow(double x, int n) {
        double base = n < 0 ? 1.0 / x : x;
        double result = 1.0;
        for (int i = Math.abs(n); i > 0; i--) {
            result *= base;
        }
        return result;
    }

    /** A · x over the row's entries, with {@code slackValue} in the slack column. */
    double dot(int r, double[] x, int offset, double slackValue) {
        int base = r * stride;
        double sum = slack[r] ? slackValue : 0.0;
        for (int p = 0; p < nnz[r]; p++) {
            sum += val[base + p] * x[offset + col[base + p]];
        }
        return sum;
    }
}
