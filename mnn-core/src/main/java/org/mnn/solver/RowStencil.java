package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * The rows ending at a step, compiled once per batch shape. Rows are translation invariant: away
 * from the boundaries every step has the same rows with the same columns shifted by D*(R+1), so
 * one stencil serves all interior steps, and each boundary step (initial rows, the first
 * Taylor and central rows, the periodic rows) gets its own. A stencil records each entry's
 * column offset and where its value comes from, so the hot loops evaluate rows with a few
 * multiplications instead of running the general generator {@link NeuRlpRows}:
 * <ul>
 *   <li>COEFFICIENT (equation rows): the step's coefficients, right-hand side from the batch;</li>
 *   <li>TAYLOR: scale * h^p with h = h_{s-1};</li>
 *   <li>CENTRAL: scale * H^p with H = h_{s-2} + h_{s-1};</li>
 *   <li>CONSTANT (initial and periodic rows): the entry itself; initial rows take their right-hand
 *       side from the batch's initial values.</li>
 * </ul>
 */
final class RowStencil {
    static final int COEFFICIENT = 0;
    static final int TAYLOR = 1;
    static final int CENTRAL = 2;
    static final int CONSTANT = 3;

    /** Steps this stencil covers, inclusive. */
    final int first;
    final int last;
    final int rows;
    final double[] weight;
    final boolean[] slack;
    /** Kind of each row's values: COEFFICIENT, TAYLOR, CENTRAL or CONSTANT. */
    final int[] kind;
    /** Equation index of a COEFFICIENT row. */
    final int[] equation;
    /** For an initial row, the offset d*Kmax + k of its value from the step's first initial
     * value; -1 for every other row. */
    final int[] initial;
    /** Entries of row r are start[r] .. start[r+1]-1. */
    final int[] start;
    /** Entries poweredFrom[r] .. start[r+1]-1 of a smoothness row have a nonzero power of the step
     * (its entries are ordered so; they alone depend on the step size); start[r+1] for other rows. */
    final int[] poweredFrom;
    final int[] colOffset;
    final double[] scale;
    final int[] power;
    /** Where entry k's value comes from: {@code tableScale[k] * table[tableIndex[k]]} (see
     * {@link #fillTable}). */
    final int[] tableIndex;
    final double[] tableScale;
    /** Range of the smoothness entries' powers (central rows of order 1 have H^-1). */
    final int minPower;
    final int maxPower;
    /** The entries of COEFFICIENT rows: the only ones that change when only the coefficients do. */
    final int[] coefficientEntries;
    private final int block;
    private final int coefficientSlots;

    private RowStencil(int first, int last, RowBuffer buf, int s, OdeBatch batch) {
        this.first = first;
        this.last = last;
        this.block = batch.blockSize();
        this.coefficientSlots = batch.equations() * block;
        rows = buf.count;
        weight = new double[rows];
        slack = new boolean[rows];
        kind = new int[rows];
        equation = new int[rows];
        initial = new int[rows];
        start = new int[rows + 1];
        poweredFrom = new int[rows];
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
        int ivBase = s < batch.initialSteps() ? batch.initialIndex(0, s, 0, 0) : 0;
        for (int r = 0; r < rows; r++) {
            weight[r] = buf.weight[r];
            slack[r] = buf.slack[r];
            equation[r] = buf.equation[r];
            kind[r] = switch (buf.family[r]) {
                case EQUATION -> COEFFICIENT;
                case FORWARD, BACKWARD -> TAYLOR;
                case CENTRAL -> CENTRAL;
                case INITIAL, PERIODIC -> CONSTANT;
            };
            initial[r] = buf.family[r] == RowFamily.INITIAL ? buf.source[r] - ivBase : -1;
            start[r] = k;
            boolean smooth = kind[r] == TAYLOR || kind[r] == CENTRAL;
            // unpowered entries first, then the powered ones
            for (int pass = 0; pass < 2; pass++) {
                if (pass == 1) {
                    poweredFrom[r] = smooth ? k : start[r] + buf.nnz[r];
                }
                for (int p = 0; p < buf.nnz[r]; p++) {
                    int e = r * buf.stride + p;
                    if ((smooth && buf.power[e] != 0) != (pass == 1)) {
                        continue;
                    }
                    colOffset[k] = buf.col[e] - s * block;
                    scale[k] = buf.scale[e];
                    power[k] = buf.power[e];
                    lo = Math.min(lo, power[k]);
                    hi = Math.max(hi, power[k]);
                    k++;
                }
            }
        }
        start[rows] = k;
        minPower = lo;
        maxPower = hi;
        coefficientEntries = java.util.stream.IntStream.range(0, rows).filter(r -> kind[r] == COEFFICIENT)
                .flatMap(r -> java.util.stream.IntStream.range(start[r], start[r + 1])).toArray();
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
                    case CENTRAL -> {
                        tableIndex[e] = span + power[e] - lo;
                        tableScale[e] = scale[e];
                    }
                    default -> {
                        tableIndex[e] = 2 * span + coefficientSlots;
                        tableScale[e] = scale[e];
                    }
                }
            }
        }
    }

    /**
     * The stencil of every step: {@code result[s]} covers the rows ending at step s. Interior
     * steps share one instance (its {@link #first}..{@link #last}); boundary steps have their own.
     */
    static RowStencil[] perStep(OdeBatch batch, NeuRlpOptions options, NeuRlpRows generator) {
        int n = batch.points();
        RowStencil[] out = new RowStencil[n];
        int span = options.centralRows() && n >= 3 ? 2 : 1;
        int first = Math.max(Math.max(1, batch.initialSteps()), span);
        int last = n - 1;
        if (batch.periodic()) {
            // step 0 is the banded solver's border: its plans differ while rows reach back to it,
            // and the periodic rows end at the last step
            first = Math.max(first, span + 1);
            last = n - 2;
        }
        RowBuffer buf = generator.newBuffer();
        if (first <= last) {
            generator.rowsEndingAt(0, first, buf);
            RowStencil interior = new RowStencil(first, last, buf, first, batch);
            for (int s = first; s <= last; s++) {
                out[s] = interior;
            }
        }
        for (int s = 0; s < n; s++) {
            if (out[s] == null) {
                generator.rowsEndingAt(0, s, buf);
                out[s] = new RowStencil(s, s, buf, s, batch);
            }
        }
        return out;
    }

    int entries() {
        return start[rows];
    }

    /** Size of {@link #fillTable}'s table for one lane. */
    int tableSlots() {
        return 2 * (maxPower - minPower + 1) + coefficientSlots + 1;
    }

    /**
     * The per-step inputs of every entry for {@code lanes} items, interleaved {@code [slot][lane]}:
     * powers of h, powers of H, the step's coefficients and the constant 1. Entry k's value is
     * {@code tableScale[k] * table[tableIndex[k] * lanes + lane]}: a handful of numbers per item
     * and step instead of one per entry.
     */
    void fillTable(OdeBatch batch, int[] items, int lanes, int s, double[] table) {
        double[] steps = batch.steps();
        int span = maxPower - minPower + 1;
        for (int q = 0; q < lanes; q++) {
            if (s >= 1) {
                int hOff = batch.stepOffset(items[q]) + s - 1;
                double h = steps[hOff];
                powersOf(h, table, 0, lanes, q);
                if (s >= 2) {
                    powersOf(steps[hOff - 1] + h, table, span, lanes, q);
                }
            }
            table[(2 * span + coefficientSlots) * lanes + q] = 1.0;
        }
        fillCoefficients(batch, items, lanes, s, table);
    }

    /** The coefficient part of {@link #fillTable}'s table: step s's coefficients of every lane. */
    void fillCoefficients(OdeBatch batch, int[] items, int lanes, int s, double[] table) {
        double[] c = batch.coefficients();
        int at = 2 * (maxPower - minPower + 1);
        for (int q = 0; q < lanes && coefficientSlots > 0; q++) {
            int cBase = batch.coefficientIndex(items[q], s, 0, 0, 0);
            for (int i = 0; i < coefficientSlots; i++) {
                table[(at + i) * lanes + q] = c[cBase + i];
            }
        }
    }

    /** table[(at + p - minPower) * lanes + q] = x^p for minPower &lt;= p &lt;= maxPower. */
    private void powersOf(double x, double[] table, int at, int lanes, int q) {
        double v = minPower == 0 ? 1.0 : RowBuffer.ipow(x, minPower);
        for (int p = minPower; p <= maxPower; p++) {
            table[(at + p - minPower) * lanes + q] = v;
            v *= x;
        }
    }
}
