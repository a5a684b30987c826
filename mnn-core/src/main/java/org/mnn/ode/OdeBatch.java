package org.mnn.ode;

import java.util.Arrays;

/**
 * A batch of B linear ODE problems on grids of N points, in the form NeuRLP solves
 * (method.md section 2):
 *
 * <pre>
 *   sum_{d,k} c[s,e,d,k] * u_d^(k)(t_s) = b[s,e]      e = 0..E-1, s = 0..N-1
 *   u_d^(k)(t_s) = v[s,d,k]                          s &lt; S_iv, k &lt; K_d
 *   u_d^(k)(t_0) = u_d^(k)(t_{N-1})                  k &lt; R, if periodic
 * </pre>
 *
 * Arrays are flat, row-major, batch first:
 * <ul>
 *   <li>coefficients {@code [B][N or 1][E][D][R+1]} (one time slice when constant in time);</li>
 *   <li>rhs {@code [B][N or 1][E]};</li>
 *   <li>initial values {@code [B][S_iv][D][Kmax]} with {@code Kmax = max_d K_d};</li>
 *   <li>steps {@code [B or 1][N-1]}, h_s = t_{s+1} - t_s (shared by the batch or per item).</li>
 * </ul>
 * Instances are immutable in intent: the arrays are not copied (batches are large and built
 * every training step), so callers must not change them while a solve is running.
 * Construction validates everything; see {@link Builder#build()}.
 */
public final class OdeBatch {
    private final int batch;
    private final int points;
    private final int dims;
    private final int equations;
    private final int order;
    private final double[] coefficients;
    private final boolean coefficientsPerStep;
    private final double[] rhs;
    private final boolean rhsPerStep;
    private final int initialSteps;
    private final int[] initialOrders;
    private final int maxInitialOrder;
    private final double[] initialValues;
    private final boolean periodic;
    private final double[] steps;
    private final boolean stepsPerItem;

    private OdeBatch(Builder b) {
        this.batch = b.batch;
        this.points = b.points;
        this.dims = b.dims;
        this.equations = b.equations;
        this.order = b.order;
        this.coefficients = b.coefficients;
        this.coefficientsPerStep = b.coefficientsPerStep;
        this.rhs = b.rhs;
        this.rhsPerStep = b.rhsPerStep;
        this.initialSteps = b.initialSteps;
        this.initialOrders = b.initialOrders;
        this.maxInitialOrder = Arrays.stream(b.initialOrders).max().orElse(0);
        this.initialValues = b.initialValues;
        this.periodic = b.periodic;
        this.steps = b.steps;
        this.stepsPerItem = b.stepsPerItem;
    }

    /** Starts a batch of {@code batch} problems, {@code points} grid points, {@code dims} state
     * dimensions and order {@code order}; E defaults to D. */
    public static Builder builder(int batch, int points, int dims, int order) {
        return new Builder(batch, points, dims, order);
    }

    public int batch() { return batch; }
    public int points() { return points; }
    public int dims() { return dims; }
    public int equations() { return equations; }
    public int order() { return order; }
    /** Unknowns per step: D*(R+1). */
    public int blockSize() { return dims * (order + 1); }
    public boolean coefficientsPerStep() { return coefficientsPerStep; }
    public boolean rhsPerStep() { return rhsPerStep; }
    public int initialSteps() { return initialSteps; }
    /** K_d: how many derivatives (0..K_d-1) of dimension d are given at the first S_iv steps. */
    public int initialOrder(int d) { return initialOrders[d]; }
    public int maxInitialOrder() { return maxInitialOrder; }
    public boolean periodic() { return periodic; }
    public boolean stepsPerItem() { return stepsPerItem; }

    /** The flat arrays, shared and not copied (see the class comment). */
    public double[] coefficients() { return coefficients; }
    public double[] rhs() { return rhs; }
    public double[] initialValues() { return initialValues; }
    public double[] steps() { return steps; }

    public int coefficientIndex(int item, int s, int e, int d, int k) {
        int slices = coefficientsPerStep ? points : 1;
        int slice = coefficientsPerStep ? s : 0;
        return (((item * slices + slice) * equations + e) * dims + d) * (order + 1) + k;
    }

    public double coefficient(int item, int s, int e, int d, int k) {
        return coefficients[coefficientIndex(item, s, e, d, k)];
    }

    public int rhsIndex(int item, int s, int e) {
        return rhsPerStep ? (item * points + s) * equations + e : item * equations + e;
    }

    public int initialIndex(int item, int s, int d, int k) {
        return ((item * initialSteps + s) * dims + d) * maxInitialOrder + k;
    }

    /** Offset of item's steps in {@link #steps()}: h_s is {@code steps()[stepOffset(item) + s]}. */
    public int stepOffset(int item) {
        return stepsPerItem ? item * (points - 1) : 0;
    }

    public double step(int item, int s) {
        return steps[stepOffset(item) + s];
    }

    /** Fluent construction with validation on {@link #build()}. */
    public static final class Builder {
        private final int batch;
        private final int points;
        private final int dims;
        private final int order;
        private int equations;
        private double[] coefficients;
        private boolean coefficientsPerStep;
        private double[] rhs;
        private boolean rhsPerStep = true;
        private int initialSteps;
        private int[] initialOrders;
        private double[] initialValues = new double[0];
        private boolean periodic;
        private double[] steps;
        private boolean stepsPerItem;

        private Builder(int batch, int points, int dims, int order) {
            this.batch = batch;
            this.points = points;
            this.dims = dims;
            this.order = order;
            this.equations = dims;
            this.initialOrders = new int[Math.max(dims, 0)];
        }

        public Builder equations(int e) { this.equations = e; return this; }

        /** Coefficients {@code [B][N][E][D][R+1]} if perStep, else {@code [B][E][D][R+1]}. */
        public Builder coefficients(double[] c, boolean perStep) {
            this.coefficients = c;
            this.coefficientsPerStep = perStep;
            return this;
        }

        /** Right-hand side {@code [B][N][E]} if perStep, else {@code [B][E]}. */
        public Builder rhs(double[] b, boolean perStep) {
            this.rhs = b;
            this.rhsPerStep = perStep;
            return this;
        }

        /** Right-hand side {@code [B][N][E]}. */
        public Builder rhs(double[] b) { return rhs(b, true); }

        /** Values of derivatives 0..k-1 of every dimension at the first {@code sIv} steps,
         * {@code [B][sIv][D][k]}. */
        public Builder initialValues(int sIv, int k, double[] values) {
            int[] ks = new int[Math.max(dims, 0)];
            Arrays.fill(ks, k);
            return initialValues(sIv, ks, values);
        }

        /** Per-dimension counts of given derivatives; values {@code [B][sIv][D][max k]}
         * (entries beyond a dimension's own count are ignored). */
        public Builder initialValues(int sIv, int[] kPerDim, double[] values) {
            this.initialSteps = sIv;
            this.initialOrders = kPerDim == null ? null : kPerDim.clone();
            this.initialValues = values;
            return this;
        }

        public Builder periodic(boolean p) { this.periodic = p; return this; }

        /** Step sizes {@code [N-1]} shared by the batch, or {@code [B][N-1]} if perItem. */
        public Builder steps(double[] h, boolean perItem) {
            this.steps = h;
            this.stepsPerItem = perItem;
            return this;
        }

        /** A uniform grid with step h, shared by the batch. */
        public Builder uniformStep(double h) {
            double[] hs = new double[Math.max(points - 1, 0)];
            Arrays.fill(hs, h);
            return steps(hs, false);
        }

        public OdeBatch build() {
            positive("batch size B", batch, 1);
            positive("grid points N", points, 2);
            positive("state dimensions D", dims, 1);
            positive("order R", order, 1);
            positive("equations E", equations, 0);
            if (initialSteps < 0 || initialSteps > points) {
                throw new InvalidProblemException("initial steps S_iv: expected 0.." + points
                        + " (the grid has N = " + points + " points), got " + initialSteps);
            }
            if (initialOrders == null) {
                throw new InvalidProblemException("initial orders: missing; expected one count per dimension (D = "
                        + dims + ")");
            }
            if (initialOrders.length != dims) {
                throw new InvalidProblemException("initial orders: expected one count per dimension (D = "
                        + dims + "), got " + initialOrders.length + " counts " + Arrays.toString(initialOrders));
            }
            for (int d = 0; d < dims; d++) {
                if (initialOrders[d] < 0 || initialOrders[d] > order) {
                    throw new InvalidProblemException("initial orders[dim " + d + "]: expected 0.." + order
                            + " given derivatives (order R = " + order + "), got " + initialOrders[d]);
                }
            }
            long ePerStep = (long) equations * dims * (order + 1);
            require("coefficients", coefficients, (long) batch * (coefficientsPerStep ? points : 1) * ePerStep,
                    shape("B", batch, coefficientsPerStep ? "N" : null, points, "E", equations, "D", dims, "R+1", order + 1),
                    (long) batch * (coefficientsPerStep ? 1 : points) * ePerStep,
                    coefficientsPerStep ? "the time-constant layout [B][E][D][R+1]; pass perStep = false"
                            : "the per-step layout [B][N][E][D][R+1]; pass perStep = true");
            if (equations > 0 || rhs != null) {
                require("rhs", rhs, (long) batch * (rhsPerStep ? points : 1) * equations,
                        shape("B", batch, rhsPerStep ? "N" : null, points, "E", equations),
                        (long) batch * (rhsPerStep ? 1 : points) * equations,
                        rhsPerStep ? "the time-constant layout [B][E]; pass perStep = false"
                                : "the per-step layout [B][N][E]; pass perStep = true");
            } else {
                rhs = new double[0];
            }
            int kMax = Arrays.stream(initialOrders).max().orElse(0);
            long ivLength = (long) batch * initialSteps * dims * kMax;
            if (initialValues == null && ivLength == 0) {
                initialValues = new double[0];
            }
            if (ivLength > 0 || initialValues == null || initialValues.length > 0) {
                require("initial values", initialValues, ivLength,
                        shape("B", batch, "S_iv", initialSteps, "D", dims, "K", kMax), -1, null);
            }
            require("steps", steps, (long) (stepsPerItem ? batch : 1) * (points - 1),
                    stepsPerItem ? shape("B", batch, "N-1", points - 1) : shape("N-1", points - 1),
                    (long) (stepsPerItem ? 1 : batch) * (points - 1),
                    stepsPerItem ? "the shared layout [N-1]; pass perItem = false"
                            : "the per-item layout [B][N-1]; pass perItem = true");
            finite("coefficients", coefficients, new String[] {"item", coefficientsPerStep ? "step" : null, "equation", "dim", "order"},
                    new int[] {batch, coefficientsPerStep ? points : 1, equations, dims, order + 1});
            finite("rhs", rhs, new String[] {"item", rhsPerStep ? "step" : null, "equation"},
                    new int[] {batch, rhsPerStep ? points : 1, equations});
            finite("initial values", initialValues, new String[] {"item", "step", "dim", "order"},
                    new int[] {batch, initialSteps, dims, kMax});
            for (int i = 0; i < steps.length; i++) {
                if (!(steps[i] > 0) || !Double.isFinite(steps[i])) {
                    throw new InvalidProblemException("steps" + position(i, new String[] {stepsPerItem ? "item" : null, "step"},
                            new int[] {stepsPerItem ? batch : 1, points - 1})
                            + ": expected a positive finite step size, got " + steps[i]);
                }
            }
            return new OdeBatch(this);
        }

        private static void positive(String field, int value, int min) {
            if (value < min) {
                throw new InvalidProblemException(field + ": expected at least " + min + ", got " + value
                        + (field.startsWith("batch") ? " (empty batch)" : ""));
            }
        }

        /** Length check; if the actual length is that of the other layout ({@code otherLength}),
         * the message says so ({@code otherHint}). */
        private static void require(String field, double[] a, long expected, String shape, long otherLength,
                                    String otherHint) {
            if (a == null) {
                throw new InvalidProblemException(field + ": missing; expected " + expected + " values " + shape
                        + ", got null");
            }
            if (a.length != expected) {
                String hint = a.length == otherLength && otherHint != null ? " (that is the length of " + otherHint + ")" : "";
                throw new InvalidProblemException(field + ": expected " + expected + " values " + shape
                        + ", got " + a.length + hint);
            }
        }

        private static String shape(Object... nameSize) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < nameSize.length; i += 2) {
                if (nameSize[i] == null) {
                    continue;
                }
                if (sb.length() > 1) {
                    sb.append(" x ");
                }
                sb.append(nameSize[i]).append('=').append(nameSize[i + 1]);
            }
            return sb.append(')').toString();
        }

        private static void finite(String field, double[] a, String[] names, int[] sizes) {
            for (int i = 0; i < a.length; i++) {
                if (!Double.isFinite(a[i])) {
                    throw new InvalidProblemException(field + position(i, names, sizes)
                            + ": expected a finite number, got " + a[i]);
                }
            }
        }

        /** "[item 1, step 4, dim 0]" for flat index i of an array with the given axes; axes named
         * null have size 1 and are left out. */
        private static String position(int flat, String[] names, int[] sizes) {
            int[] idx = new int[sizes.length];
            for (int a = sizes.length - 1; a >= 0; a--) {
                idx[a] = flat % sizes[a];
                flat /= sizes[a];
            }
            StringBuilder sb = new StringBuilder("[");
            for (int a = 0; a < sizes.length; a++) {
                if (names[a] == null) {
                    continue;
                }
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(names[a]).append(' ').append(idx[a]);
            }
            return sb.append(']').toString();
        }
    }
}
