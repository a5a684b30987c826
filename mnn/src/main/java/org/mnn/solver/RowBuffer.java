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

    /** Scratch for powers of the step size. */
    final double[] powers;

    RowBuffer(int maxRows, int stride, int order, boolean derivatives) {
        this.powers = new double[order + 1];
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
        hIndex[2 * r] = -1;
        hIndex[2 * r + 1] = -1;
        return r;
    }

    void add(int r, int column, double value) {
        int p = r * stride + nnz[r]++;
        col[p] = column;
        val[p] = value;
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
