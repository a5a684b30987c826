package org.mnn.solver;

/**
 * The solver's innermost loops over the {@value BandedNeuRlpSolver#LANES} interleaved lanes of a
 * group ({@code [slot][lane]} arrays): one lane per batch item, so every statement does the same
 * arithmetic on 4 adjacent numbers, which is one 256-bit SIMD instruction. Two implementations:
 * {@link ScalarLaneKernels}, plain Java (C2 does not vectorise these indirect, short loops
 * itself), and {@link VectorLaneKernels} on the JDK's vector API, which is an incubator module in
 * Java 17 to 25 and therefore exists only in a JVM started with
 * {@code --add-modules jdk.incubator.vector} (this project's launchers, kernel and tests pass it).
 * {@link #get()} picks the vector one when the module is there and the CPU has 256-bit vectors,
 * else the scalar one: a library user who starts Java without the flag gets correct results, only
 * slower. The system property {@code mnn.simd=false} forces the scalar one.
 *
 * <p>Both do the same IEEE operations in the same order (multiplies and adds, never fused into
 * FMA), so their results are equal bit for bit.
 */
abstract class LaneKernels {
    static final int LANES = BandedNeuRlpSolver.LANES;
    /** Offsets into {@link #rowProducts}' output. */
    static final int AZ = 0;
    static final int AW = LANES;
    static final int PRODUCTS = 2 * LANES;
    /** Offsets into {@link #smoothnessSums}' output. */
    static final int TAYLOR_SUM = 0;
    static final int CENTRAL_SUM = LANES;
    static final int SUMS = 2 * LANES; // at least PRODUCTS: the scalar kernel's scratch

    /** {@link #pivotRow}'s flags. */
    static final int ZERO_PIVOT = 1;
    static final int SMALL_PIVOT = 2;

    private static final LaneKernels CHOSEN = choose();

    /** The kernels this JVM runs: vector where available (see the class comment), else scalar. */
    static LaneKernels get() {
        return CHOSEN;
    }

    /** A short description for benchmark reports, e.g. "vector API, 256-bit". */
    abstract String description();

    /**
     * The products of one row with z and w per lane ({@code out[PRODUCTS]}): A z at {@link #AZ}
     * and A w at {@link #AW}, over the stencil's entries k0..k1-1. Entry k's value for lane q is
     * {@code vals[k * LANES + q]}, its column {@code base + colOffset[k]}; z and w are interleaved
     * by lane.
     */
    abstract void rowProducts(double[] vals, int[] colOffset, int k0, int k1, int base, double[] z, double[] w,
                              double[] out);

    /**
     * The backward pass's step-size sums over a stencil's smoothness rows (Taylor and central;
     * right-hand side 0, so A z is the residual), per lane ({@code out[SUMS]}): each row adds
     * {@code weight * (A z . P w + A w . P z)} to {@link #TAYLOR_SUM} or {@link #CENTRAL_SUM}, in
     * row order, where P z and P w take the powered entries with {@code pvals} (power * value: the
     * entry's derivative times its step). A row with the slack adds {@code eps[q]} to A z and w's
     * slack slot (at {@code slackW}) to A w. Values and layout as in {@link #rowProducts}.
     */
    abstract void smoothnessSums(RowStencil st, double[] vals, double[] pvals, int base, double[] z, double[] w,
                                 double[] eps, int slackW, double[] out);

    /**
     * Refinement's residual of one row and its scatter, per lane: with {@code res[0..3]} holding
     * the row's right-hand side less its slack term, res -= sum_k vals[k] * x[base + colOffset[k]]
     * over entries k0..k1-1; then res = weight * res, and r[base + colOffset[k]] += vals[k] * res
     * for every entry (x and r interleaved by lane; {@code res} keeps weight * residual).
     */
    abstract void rowResidual(double[] vals, int[] colOffset, int k0, int k1, int base, double weight, double[] x,
                              double[] r, double[] res);

    /**
     * The Crout update of band row g against the rows j = lo..g-1 before it, per lane, fused with
     * the forward substitution and (when {@code border} is given: the slack as the only border
     * unknown) the slack's row. With s_j = L'[g][j] - sum_k w[k] L[j][k] (k from max(lo, first(j))
     * to j-1; L' the assembled entry), stores w[j - lo] = s_j (that is D[j] L[g][j]) and
     * L[g][j] = s_j / D[j] (through {@code invD}); writes the pivot, M[g][g] - sum_j s_j L[g][j]
     * with M[g][g] from {@code diag}, to {@code pivot[0..3]}; subtracts sum_j L[g][j] x[j] from
     * x[g]; and subtracts sum_j L[e][j] s_j from the slack's entry of row g in {@code border}.
     */
    abstract void croutRow(BandLayout layout, int g, int lo, double[] l, double[] w, double[] invD, double[] x,
                           double[] diag, double[] border, double[] pivot);

    /**
     * Finishes band row g after {@link #croutRow}: its pivots d ({@code pivot[0..3]}) against the
     * diagonal entries o of M ({@code diag} at {@code di}). Returns {@link #ZERO_PIVOT}, writing
     * nothing, if a pivot is not above {@link Pivots#TOLERANCE} * o (NaN included: zero in working
     * precision); else stores 1/d in {@code invD} at {@code di} and, when {@code border} is given
     * (the slack as the only border unknown), the slack's entry of L, e = border / d, back into
     * {@code border}, subtracts e * x[g] (at {@code xg}) from the slack's x (at {@code xe}) and
     * e * d * e from the Schur pivots {@code schur[0..3]}; adds {@link #SMALL_PIVOT} if a pivot is
     * below {@link NeuRlpOptions#AUTO_REFINEMENT_PIVOT} * o (comparisons, not ratios: no division
     * on the critical path).
     */
    abstract int pivotRow(double[] pivot, double[] diag, double[] invD, int di, double[] border, double[] x, int xg,
                          int xe, double[] schur);

    /**
     * Assembly: for each slot i, the sum over its terms k (from the previous slot's end to
     * {@code slotEnd[i]}) of {@code coef[k] * table[a[k]]} per lane is kept in {@code sums} (from
     * index {@code at} on, 4 per slot) and added to {@code target} at slot {@code base + slotOff[i]}.
     * Returns the next free index of {@code sums}.
     */
    abstract int addTermSums(double[] target, int base, int[] slotOff, int[] slotEnd, int[] a, double[] coef,
                             double[] table, double[] sums, int at);

    /** {@link #addTermSums} again with the sums it kept (the table did not change). */
    abstract int addSums(double[] target, int base, int[] slotOff, double[] sums, int at);

    /** x[k] = x[k] * invD[k] - border[k] * e per lane over {@code count} slots (x from {@code xFrom},
     * invD and border from 0); e is the slot of x at {@code eFrom}, outside the range. */
    abstract void scaleAndSubtract(double[] x, int xFrom, double[] invD, double[] border, int count, int eFrom);

    /** x[k] -= l[k] * v per lane over {@code count} slots, of x from {@code xFrom} and of l from
     * {@code lFrom}; v is the slot of {@code v} at {@code vFrom} (read before any write: it may be a
     * later slot of x). */
    abstract void subtractScaled(double[] x, int xFrom, double[] l, int lFrom, int count, double[] v, int vFrom);

    /** y[yFrom] -= sum over {@code count} slots of a[k] * b[k] per lane, in slot order; the slots of
     * a and b start at {@code aFrom} and {@code bFrom} and must not overlap y's. */
    abstract void subtractDot(double[] y, int yFrom, double[] a, int aFrom, double[] b, int bFrom, int count);

    private static LaneKernels choose() {
        if (!Boolean.parseBoolean(System.getProperty("mnn.simd", "true"))) {
            return new ScalarLaneKernels();
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return new ScalarLaneKernels();
        }
        try {
            // loaded by name: without the module the class cannot even be linked; its constructor
            // refuses CPUs without 256-bit vectors, where the API would run as slow Java loops
            return (LaneKernels) Class.forName("org.mnn.solver.VectorLaneKernels").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new ScalarLaneKernels();
        }
    }
}
