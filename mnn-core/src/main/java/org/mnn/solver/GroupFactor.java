package org.mnn.solver;

/** One group's factor, interleaved by lane: L (envelope rows), 1/D, the border rows of L;
 * the Schur complement per lane ({@code [lane][m*m]}). */
final class GroupFactor {
    final double[] l;
    final double[] invD;
    final double[] border;
    final double[] schur;
    /** Whether the forward solve was refined; the backward solve then is too. */
    boolean refined;

    GroupFactor(BandLayout layout) {
        l = new double[Math.toIntExact(layout.factorLength() * BandedNeuRlpSolver.LANES)];
        invD = new double[layout.bandSize * BandedNeuRlpSolver.LANES];
        border = new double[layout.borderSize * layout.bandSize * BandedNeuRlpSolver.LANES];
        schur = new double[layout.borderSize * layout.borderSize * BandedNeuRlpSolver.LANES];
    }
}
