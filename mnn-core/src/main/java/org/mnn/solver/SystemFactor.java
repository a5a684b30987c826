package org.mnn.solver;

/**
 * The factorisation of every batch item's normal matrix M = A^T W A, kept from the forward pass
 * so that the backward pass costs one more solve. Items are solved in groups of {@link #lanes()}
 * interleaved items (the banded solver factors several items in lock-step for instruction-level
 * parallelism).
 */
interface SystemFactor {
    /** Items solved together; x vectors are interleaved {@code [unknown][lane]}. */
    int lanes();

    /**
     * Solves M x = b in place for the items {@code items[0..lanes()-1]} (a group starting at a
     * multiple of lanes(); a short last group repeats its last item); x is in global unknown
     * order (u[s,d,k] at s*D*(R+1) + d*(R+1) + k, then the slack), interleaved by lane.
     */
    void solve(int[] items, double[] x);

    /**
     * Whether {@link #solveAll} is this factor's natural (fast) path: a factorisation held as
     * batched tensors solves every item in one pass, so the adjoint asks for that instead of
     * one solve per group.
     */
    default boolean batched() {
        return false;
    }

    /** Solves M x = b in place for every item; x is {@code [B][n]}, items contiguous, global order. */
    default void solveAll(double[] x) {
        throw new UnsupportedOperationException("this factorisation solves groups of " + lanes() + " items");
    }

    /** The rows of every step as the solve compiled them ({@link RowStencil#perStep}), so that
     * the backward pass need not compile them again; null if the solver has none. */
    default RowStencil[] stencils() {
        return null;
    }

    /** Throws if a later solve has reused this factorisation's storage. */
    default void checkValid() {
    }
}
