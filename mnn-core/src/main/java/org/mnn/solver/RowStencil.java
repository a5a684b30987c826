package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * The rows ending at an interior step, compiled once per batch shape: away from the boundaries
 * (initial rows, the first central row, periodic rows) every step has the same rows with the
 * same columns shifted by D*(R+1). The stencil records each entry's column offset and where
 * its value comes from (a coefficient, scale*h^p of the Taylor step, scale*H^p of the central
 * pair), so the hot loops evaluate rows with a few multiplications instead of running the
 * general generator. Steps outside [{@link #first}, {@link #last}] use {@link NeuRlpRows}.
 */
final class RowStencil {
    static final int COEFFICIENT = 0;
    static final int TAYLOR = 1;
    static final int CENTRAL = 2;

    /** Interior steps this stencil covers, inclusive. */
    final int first;
    final int last;
    final int rows;
    final RowFamily[] family;
    final double[] weight;
    final boolean[] slack;
    /** Kind of each row's values: COEFFICIENT, TAYLOR or CENTRAL. */
    final int[] kind;
    final int[] equation;
    /** Range of the entries' powers (central rows of order 1 have H^-1). */
    final int minPower;
    final int maxPower;
    /** Where entry k's value comes from: see {@link #fillTable}. */
    final int[] tableIndex;
    final double[] tableScale;
    /** Entries of row r are start[r] .. start[r+1]-1. */
    final int[] start;
    final int[] colOffset;
    final double[] scale;
    final int[] power;
    private final int block;

    private RowStencil(int first, int last, RowBuffer buf, int s, int block) {
        this.first = first;
        this.last = last;
        this.block = block;
        rows = buf.count;
        family = new RowFamily[rows];
        weight = new double[rows];
        slack = new boolean[rows];
        kind = new int[rows];
        equation = new int[rows];
        start = new int[rows + 1];
        int entries = 0;
        for (int r = 0; r < rows; r++) {
            entries += buf.nnz[r];
        }
        colOffset = new int[entries];
        scale = new double[entries];
        power = new int[entries];
        int k = 0;
        int lo = 0;
        int hi = 0;
        for (int r = 0; r < rows; r++) {
            family[r] = buf.family[r];
            weight[r] = buf.weight[r];
            slack[r] = buf.slack[r];
            equation[r] = buf.equation[r];
            kind[r] = switch (buf.family[r]) {
                case EQUATION -> COEFFICIENT;
                case FORWARD, BACKWARD -> TAYLOR;
                case CENTRAL -> CENTRAL;
                default -> throw new IllegalStateException(buf.family[r] + " rows are not interior rows");
            };
            start[r] = k;
            for (int p = 0; p < buf.nnz[r]; p++, k++) {
                int e = r * buf.stride + p;
                colOffset[k] = buf.col[e] - s * block;
                scale[k] = buf.scale[e];
                power[k] = buf.power[e];
                lo = Math.min(lo, power[k]);
                hi = Math.max(hi, power[k]);
            }
        }
        start[rows] = k;
        minPower = lo;
        maxPower = hi;
        tableIndex = new int[entries];
        tableScale = new double[entries];
        int span = hi - lo + 1;
        for (int r = 0; r < rows; r++) {
            for (int e = start[r]; e < start[r + 1]; e++) {
                switch (kind[r]) {
                    case COEFFICIENT -> {
                        tableIndex[e] = 2 * span + equation[r] * block + colOffset[e];
                        tableScale[e] = 1.0;
                    }
                    case TAYLOR -> {
                        tableIndex[e] = power[e] - lo;
                        tableScale[e] = scale[e];
                    }
                    default -> {
                        tableIndex[e] = span + power[e] - lo;
                        tableScale[e] = scale[e];
                    }
                }
            }
        }
    }

    /** The stencil of a batch, or null when it has no interior steps. */
    static RowStencil of(OdeBatch batch, NeuRlpOptions options, NeuRlpRows generator) {
        int n = batch.points();
        int first = Math.max(Math.max(1, batch.initialSteps()), options.centralRows() && n >= 3 ? 2 : 1);
        int last = batch.periodic() ? n - 2 : n - 1;
        if (first > last) {
            return null;
        }
        RowBuffer buf = generator.newBuffer(false);
        generator.rowsEndingAt(0, first, buf);
        return new RowStencil(first, last, buf, first, batch.blockSize());
    }

    int entries() {
        return start[rows];
    }

    /**
     * The per-step inputs of every entry for {@code lanes} items, interleaved {@code [slot][lane]}:
     * powers of h, powers of H and the step's coefficients. Entry k's value is
     * {@code tableScale[k] * table[tableIndex[k] * lanes + lane]}: a handful of numbers per item
     * and step instead of one per entry.
     */
    void fillTable(OdeBatch batch, int[] items, int lanes, int s, double[] table) {
        double[] steps = batch.steps();
        double[] c = batch.coefficients();
        int span = maxPower - minPower + 1;
        int coefficients = batch.equations() * block;
        for (int q = 0; q < lanes; q++) {
            int hOff = batch.stepOffset(items[q]) + s - 1;
            double h = steps[hOff];
            powersOf(h, table, 0, lanes, q);
            if (s >= 2) {
                powersOf(steps[hOff - 1] + h, table, span, lanes, q);
            }
            int cBase = batch.coefficientIndex(items[q], s, 0, 0, 0);
            for (int i = 0; i < coefficients; i++) {
                table[(2 * span + i) * lanes + q] = c[cBase + i];
            }
        }
    }

    /** Scratch size for {@link #fillTable}. */
    int tableSize(OdeBatch batch, int lanes) {
        return (2 * (maxPower - minPower + 1) + batch.equations() * block) * lanes;
    }

    /** table[(at + p - minPower) * lanes + q] = x^p for minPower &lt;= p &lt;= maxPower. */
    private void powersOf(double x, double[] table, int at, int lanes, int q) {
        double v = RowBuffer.ipow(x, minPower);
        for (int p = minPower; p <= maxPower; p++) {
            table[(at + p - minPower) * lanes + q] = v;
            v *= x;
        }
    }

    /**
     * Values of every entry at step s of item, written to {@code out[k*stride + lane]} (stride and
     * lane interleave several items).
     */
    void values(OdeBatch batch, int item, int s, double[] out, int stride, int lane) {
        int hOff = batch.stepOffset(item) + s - 1;
        double[] steps = batch.steps();
        double h = steps[hOff];
        double bigH = s >= 2 ? steps[hOff - 1] + h : Double.NaN;
        double[] c = batch.coefficients();
        int cBase = batch.coefficientIndex(item, s, 0, 0, 0);
        for (int r = 0; r < rows; r++) {
            int k0 = start[r];
            int k1 = start[r + 1];
            switch (kind[r]) {
                case COEFFICIENT -> {
                    int base = cBase + equation[r] * block;
                    for (int k = k0; k < k1; k++) {
                        out[k * stride + lane] = c[base + colOffset[k]];
                    }
                }
                case TAYLOR -> {
                    for (int k = k0; k < k1; k++) {
                        out[k * stride + lane] = scale[k] * RowBuffer.ipow(h, power[k]);
                    }
                }
                default -> {
                    for (int k = k0; k < k1; k++) {
                        out[k * stride + lane] = scale[k] * RowBuffer.ipow(bigH, power[k]);
                    }
                }
            }
        }
    }
}
