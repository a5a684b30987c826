package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * Where the entries of M = A^T W A live for the banded solver. Unknowns keep their global
 * (step-major) order. Most of them form the band part, whose profile (envelope) repeats from
 * step to step: row g couples only with columns g-len[g % b] .. g. The rest form a small dense
 * border, eliminated by a Schur complement: the slack eps (its column touches every smoothness
 * row) and, for periodic problems, the unknowns of step 0 (the periodic rows tie them to step
 * N-1). A Cholesky-type factorisation creates no fill outside the envelope, so the factor costs
 * O(N b len) memory and O(N b len^2) time per item: linear in N.
 */
final class BandLayout {
    final int block;
    final int points;
    /** First global index of the band part (b for periodic problems, else 0). */
    final int shift;
    /** Number of band unknowns. */
    final int bandSize;
    /** Number of border unknowns: step 0 if periodic, then the slack. */
    final int borderSize;
    /** Global index of the slack, or -1. */
    final int slackColumn;
    /** Envelope width of rows with local index p. */
    final int[] len;
    /** Offset of local row p inside a step's slice of the factor storage. */
    final int[] cum;
    /** Factor storage per step (sum of len). */
    final int stepStride;
    /** How many steps apart two band unknowns of one row can be (2 with central rows). */
    final int span;
    private final int[] firstOf;
    private final int[] baseOf;

    BandLayout(OdeBatch batch, NeuRlpRows rows) {
        block = batch.blockSize();
        points = batch.points();
        shift = batch.periodic() ? block : 0;
        bandSize = points * block - shift;
        slackColumn = rows.unknowns() > points * block ? points * block : -1;
        borderSize = shift + (slackColumn >= 0 ? 1 : 0);
        len = new int[block];
        int maxSpan = 0;
        // Rows are translation invariant in s; the first few steps contain every row pattern
        // (boundary steps only lack rows), so their envelope is the envelope of all steps.
        RowBuffer buf = rows.newBuffer();
        for (int s = 0; s < Math.min(points, 8); s++) {
            rows.rowsEndingAt(0, s, buf);
            for (int r = 0; r < buf.count; r++) {
                int base = r * buf.stride;
                int lo = Integer.MAX_VALUE;
                int hi = -1;
                for (int p = 0; p < buf.nnz[r]; p++) {
                    int c = buf.col[base + p];
                    if (c >= shift) {
                        lo = Math.min(lo, c);
                        hi = Math.max(hi, c);
                    }
                }
                if (hi < 0) {
                    continue;
                }
                maxSpan = Math.max(maxSpan, hi / block - lo / block);
                for (int p = 0; p < buf.nnz[r]; p++) {
                    int c = buf.col[base + p];
                    if (c >= shift) {
                        len[c % block] = Math.max(len[c % block], c - lo);
                    }
                }
            }
        }
        span = maxSpan;
        cum = new int[block];
        int total = 0;
        for (int p = 0; p < block; p++) {
            cum[p] = total;
            total += len[p];
        }
        stepStride = total;
        // per-row tables: the factorisation's inner loops look these up instead of dividing
        firstOf = new int[bandSize];
        baseOf = new int[bandSize];
        for (int g = shift; g < points * block; g++) {
            int p = g % block;
            firstOf[g - shift] = Math.max(shift, g - len[p]);
            baseOf[g - shift] = (g / block) * stepStride + cum[p] - (g - len[p]);
        }
    }

    /** Border position of global unknown g, or -1 if g is in the band. */
    int borderIndex(int g) {
        if (g < shift) {
            return g;
        }
        return g == slackColumn ? borderSize - 1 : -1;
    }

    /** Global index of border unknown e. */
    int borderColumn(int e) {
        return e < shift ? e : slackColumn;
    }

    /** First column of band row g's envelope. */
    int first(int g) {
        return firstOf[g - shift];
    }

    /** Index of entry (g, j), j in [first(g), g), in the factor storage: {@code rowBase(g) + j}. */
    int rowBase(int g) {
        return baseOf[g - shift];
    }

    /** Factor storage per item. */
    long factorLength() {
        return (long) points * stepStride;
    }
}
