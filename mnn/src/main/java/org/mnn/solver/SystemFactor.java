package org.mnn.solver;

/**
 * The factorisation of every batch item's normal matrix M = A^T W A, kept from the forward pass
 * so that the backward pass costs one more solve.
 */
interface SystemFactor {
    /** Solves M x = b for batch item {@code item}, in place; x is in global unknown order
     * (u[s,d,k] at s*D*(R+1) + d*(R+1) + k, then the slack). */
    void solve(int item, double[] x);

    /** Throws if a later solve has reused this factorisation's storage. */
    default void checkValid() {
    }
}
