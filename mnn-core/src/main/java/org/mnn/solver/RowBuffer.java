package org.mnn.solver;

/**
 * The NeuRLP rows of one step of one batch item, as flat arrays (reused from step to step, so
 * the hot loops allocate nothing). Row r has {@code nnz[r]} entries at
 * {@code r*stride .. r*stride + nnz[r] - 1} of {@code col}/{@code val}; columns are global
 * unknown indices {@code s*D*(R+1) + d*(R+1) + k}; a smoothness row also has a +1 in the slack
 * column when {@code slack[r]}.
 *
 * <p>For the backward pass each row also says where its parameters came from: {@code source[r]}
 * is the index of its right-hand side in the batch (rhs for equation rows, initial values for
 * initial rows, -1 otherwise); {@code coef} holds, per entry of an equation row, the index of the
 * coefficient; smoothness rows depend on up to two step sizes {@code hIndex[2r], hIndex[2r+1]}
 * (indices into the batch's step array, -1 if unused) with derivatives of the entries in
 * {@code dval[(2r + j)*stride + p]}.
 */
final class RowBuffer {
    final int stride;
    int count;
    final RowFamily[] family;
    final int[] nnz;
    final int[] col;
    final double[] val;
    final boolean[] slack;
    final double[] rhs;
    final double[] weight;
    final int[] source;
    final int[] coef;
    final int[] hIndex;
    final double[] dval;

    final boolean derivatives;

    /** Per entry: smoothness entries are scale * h^power (Taylor rows, h = the row's step) or
     * scale * H^power (central rows, H = sum of its two steps); recorded so that
     * {@link RowStencil} can re-evaluate rows for any step without the generator. */
    final double[] scale;
    final int[] power;
    /** Equation index of an equation row, else -1. */
    final int[] equation;

    RowBuffer(int maxRows, int stride, boolean derivatives) {
        scale = new double[maxRows * stride];
        power = new int[maxRows * stride];
        equation = new int[maxRows];
        this.stride = stride;
        this.derivatives = derivatives;
        family = new RowFamily[maxRows];
        nnz = new int[maxRows];
        col = new int[maxRows * stride];
        val = new double[maxRows * stride];
        slack = new boolean[maxRows];
        rhs = new double[maxRows];
        weight = new double[maxRows];
        source = new int[maxRows];
        coef = new int[maxRows * stride];
        hIndex = new int[2 * maxRows];
        dval = new double[2 * maxRows * stride];
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
        hIndex[2 * r] = -1;
        hIndex[2 * r + 1] = -1;
        return r;
    }

    void add(int r, int column, double value) {
        int p = r * stride + nnz[r]++;
        col[p] = column;
        val[p] = value;
    }

    /** Adds entry {@code sc * x^pow} where x is the row's step variable (h or H); with
     * derivatives, both step slots get d(entry)/dx (for H = h_a + h_b, dH/dh_a = dH/dh_b = 1). */
    void addPower(int r, int column, double x, double sc, int pow) {
        int local = nnz[r];
        int p = r * stride + local;
        scale[p] = sc;
        power[p] = pow;
        if (derivatives) {
            double d = pow == 0 ? 0.0 : sc * pow * ipow(x, pow - 1);
            dval[2 * r * stride + local] = d;
            dval[(2 * r + 1) * stride + local] = d;
        }
        add(r, column, sc * ipow(x, pow));
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
