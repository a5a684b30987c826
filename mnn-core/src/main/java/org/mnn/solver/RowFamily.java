package org.mnn.solver;

/** The families of NeuRLP rows (method.md section 3); each has its own weight and residual norm. */
public enum RowFamily {
    /** sum_{d,k} c[s,e,d,k] u[s,d,k] = b[s,e]. */
    EQUATION,
    /** u[s,d,k] = v[s,d,k] at the first S_iv steps. */
    INITIAL,
    /** u[0,d,k] = u[N-1,d,k], k &lt; R, when the problem is periodic. */
    PERIODIC,
    /** Taylor expansion of derivative i from t_s to t_{s+1}. */
    FORWARD,
    /** Taylor expansion of derivative i from t_s back to t_{s-1}. */
    BACKWARD,
    /** Central difference of derivative R-1 against derivative R (top order only). */
    CENTRAL;

    /** Smoothness rows carry the slack eps. */
    boolean smoothness() {
        return this == FORWARD || this == BACKWARD || this == CENTRAL;
    }
}
