package org.mnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.RowFamily;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mechanistic block as a DL4J {@link ComputationGraph} vertex (configuration): a batch of
 * linear ODEs whose parameters come from upstream layers, solved with NeuRLP
 * ({@link BandedNeuRlpSolver}); gradients flow back into those layers. The implementation is
 * {@link NeuRlpVertexImpl}.
 *
 * <p>One minibatch row is one ODE (method.md section 2) with N grid points, D state dimensions,
 * E equations and order R:
 * <pre>
 *   sum_{d,k} c[s,e,d,k] * u_d^(k)(t_s) = b[s,e]      e &lt; E, s &lt; N
 *   u_d^(k)(t_s) = v[s,d,k]                          s &lt; S_iv, k &lt; K
 *   u_d^(k)(t_0) = u_d^(k)(t_{N-1})                  k &lt; R, if periodic
 * </pre>
 *
 * <h2>Inputs</h2>
 * Every parameter either comes from a vertex input or is fixed in this configuration. The
 * inputs are 2-D {@code [minibatch, features]} DOUBLE arrays, in this order, counting only the
 * parameters configured as inputs; the features of one row are laid out row-major:
 * <table>
 *   <caption>vertex inputs</caption>
 *   <tr><th>parameter</th><th>source</th><th>features per row</th><th>layout of a row</th></tr>
 *   <tr><td>coefficients c</td><td>{@link Source#INPUT_PER_STEP}</td><td>N*E*D*(R+1)</td><td>[N][E][D][R+1]</td></tr>
 *   <tr><td></td><td>{@link Source#INPUT_CONSTANT}</td><td>E*D*(R+1)</td><td>[E][D][R+1] (same at every step)</td></tr>
 *   <tr><td>right-hand side b</td><td>{@link Source#INPUT_PER_STEP}</td><td>N*E</td><td>[N][E]</td></tr>
 *   <tr><td></td><td>{@link Source#INPUT_CONSTANT}</td><td>E</td><td>[E]</td></tr>
 *   <tr><td>initial values v</td><td>{@link InitialValueSource#INPUT}</td><td>S_iv*D*K</td><td>[S_iv][D][K]</td></tr>
 *   <tr><td>step sizes h</td><td>{@link StepSource#INPUT_PER_ITEM}</td><td>1</td><td>one h for all N-1 steps of the row</td></tr>
 *   <tr><td></td><td>{@link StepSource#INPUT_PER_STEP}</td><td>N-1</td><td>h_s = t_{s+1} - t_s</td></tr>
 * </table>
 * Step sizes must be positive and finite: the vertex does not transform them (the paper's
 * sigmoid-and-clip parametrisation belongs upstream: e.g. a dense layer with a softplus or
 * sigmoid activation). A step size shared by the whole data set and learned as a free parameter
 * is a dense layer fed with a constant input of ones. Fixed values ({@link Source#FIXED} etc.)
 * are the same for every row.
 *
 * <h2>Output</h2>
 * {@code [minibatch, N*D*(R+1)]}: u and all its derivatives, a row laid out {@code [N][D][R+1]}:
 * feature {@link #outputIndex(int, int, int) (s*D + d)*(R+1) + k} is u_d^(k)(t_s).
 *
 * <h2>Precision</h2>
 * NeuRLP works in float64 (method.md: single precision can produce NaNs), so the network must be
 * built with {@code .dataType(DataType.DOUBLE)} and every input must be DOUBLE; anything else is
 * an error, never a silent cast.
 *
 * <h2>Serialisation</h2>
 * A JavaBean (no-argument constructor, getters and setters) so that DL4J's Jackson-based JSON and
 * {@code ModelSerializer} store and restore it; derived values have no {@code get} prefix and are
 * not serialised. Build instances with {@link #builder(int, int, int)}.
 */
public class NeuRlpVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    /** Where coefficients or the right-hand side come from. */
    public enum Source {
        /** A vertex input with one set of values per grid step. */
        INPUT_PER_STEP,
        /** A vertex input with one set of values, the same at every step. */
        INPUT_CONSTANT,
        /** Fixed values in the configuration (a right-hand side without values is zero). */
        FIXED
    }

    /** Where initial values come from. */
    public enum InitialValueSource {
        /** No initial rows (S_iv = K = 0). */
        NONE,
        /** A vertex input, {@code [S_iv][D][K]} per row. */
        INPUT,
        /** Fixed values {@code [S_iv][D][K]} in the configuration, the same for every row. */
        FIXED
    }

    /** Where step sizes come from. */
    public enum StepSource {
        /** A vertex input with one step size per row, used for all N-1 steps (a uniform grid). */
        INPUT_PER_ITEM,
        /** A vertex input with N-1 step sizes per row. */
        INPUT_PER_STEP,
        /** One fixed step size h for every step of every row. */
        FIXED
    }

    /** Names of the parameters that can be inputs, in input order. */
    public static final String COEFFICIENTS = "coefficients";
    public static final String RHS = "rhs";
    public static final String INITIAL_VALUES = "initial values";
    public static final String STEPS = "steps";

    private int points;
    private int dims;
    private int order;
    private int equations;
    private int initialSteps;
    private int initialOrder;
    private boolean periodic;

    private Source coefficientSource = Source.INPUT_PER_STEP;
    private double[] fixedCoefficients;
    private Source rhsSource = Source.FIXED;
    private double[] fixedRhs;
    private InitialValueSource initialValueSource = InitialValueSource.NONE;
    private double[] fixedInitialValues;
    private StepSource stepSource = StepSource.FIXED;
    private double fixedStep;

    // NeuRLP options as plain fields (NeuRlpOptions itself is not a JavaBean)
    private boolean slack = true;
    private double alpha;
    private boolean centralRows = true;
    /** Maximum refinement steps; -1 = automatic (see NeuRlpOptions#withRefinement). */
    private int refinement = -1;
    private double equationWeight = 1;
    private double initialWeight = 1;
    private double periodicWeight = 1;
    private double forwardWeight = 1;
    private double backwardWeight = 1;
    private double centralWeight = 1;

    /** For JSON; use {@link #builder(int, int, int)}. */
    public NeuRlpVertex() {
    }

    /** Starts a configuration with N grid points, D state dimensions and order R (E = D). */
    public static Builder builder(int points, int dims, int order) {
        return new Builder(points, dims, order);
    }

    // ---- derived values (not serialised) ------------------------------------------------------

    /** The parameters read from inputs, in input order ({@link #COEFFICIENTS}, {@link #RHS},
     * {@link #INITIAL_VALUES}, {@link #STEPS}). */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>(4);
        if (coefficientSource != Source.FIXED) {
            names.add(COEFFICIENTS);
        }
        if (rhsSource != Source.FIXED) {
            names.add(RHS);
        }
        if (initialValueSource == InitialValueSource.INPUT) {
            names.add(INITIAL_VALUES);
        }
        if (stepSource != StepSource.FIXED) {
            names.add(STEPS);
        }
        return names;
    }

    /** Features per row of the input that carries {@code parameter} (one of the name constants). */
    public long inputFeatures(String parameter) {
        switch (parameter) {
            case COEFFICIENTS:
                return coefficientsPerSlice() * (coefficientSource == Source.INPUT_PER_STEP ? points : 1);
            case RHS:
                return (long) equations * (rhsSource == Source.INPUT_PER_STEP ? points : 1);
            case INITIAL_VALUES:
                return (long) initialSteps * dims * initialOrder;
            case STEPS:
                return stepSource == StepSource.INPUT_PER_STEP ? points - 1 : 1;
            default:
                throw new IllegalArgumentException("unknown parameter '" + parameter + "'; expected one of "
                        + List.of(COEFFICIENTS, RHS, INITIAL_VALUES, STEPS));
        }
    }

    /** The layout of one row of the input carrying {@code parameter}, e.g. "[N=8][E=1][D=1][R+1=3]". */
    public String inputLayout(String parameter) {
        switch (parameter) {
            case COEFFICIENTS:
                return (coefficientSource == Source.INPUT_PER_STEP ? "[N=" + points + "]" : "")
                        + "[E=" + equations + "][D=" + dims + "][R+1=" + (order + 1) + "]";
            case RHS:
                return (rhsSource == Source.INPUT_PER_STEP ? "[N=" + points + "]" : "") + "[E=" + equations + "]";
            case INITIAL_VALUES:
                return "[S_iv=" + initialSteps + "][D=" + dims + "][K=" + initialOrder + "]";
            case STEPS:
                return stepSource == StepSource.INPUT_PER_STEP ? "[N-1=" + (points - 1) + "]" : "[1] (one step per item)";
            default:
                return inputFeatures(parameter) + " features";
        }
    }

    /** Features per output row: N*D*(R+1). */
    public long outputSize() {
        return (long) points * dims * (order + 1);
    }

    /** The output feature holding u_d^(k)(t_s). */
    public int outputIndex(int s, int d, int k) {
        return (s * dims + d) * (order + 1) + k;
    }

    /** The solver options these fields describe. */
    public NeuRlpOptions neuRlpOptions() {
        NeuRlpOptions o = NeuRlpOptions.defaults().withSlack(slack).withCentralRows(centralRows);
        if (slack) {
            o = o.withAlpha(alpha);
        } else if (alpha != 0) {
            throw new IllegalArgumentException("NeuRlpVertex: alpha = " + alpha + " needs slack = true");
        }
        if (refinement >= 0) {
            o = o.withRefinement(refinement);
        }
        return o.withWeight(RowFamily.EQUATION, equationWeight)
                .withWeight(RowFamily.INITIAL, initialWeight)
                .withWeight(RowFamily.PERIODIC, periodicWeight)
                .withWeight(RowFamily.FORWARD, forwardWeight)
                .withWeight(RowFamily.BACKWARD, backwardWeight)
                .withWeight(RowFamily.CENTRAL, centralWeight);
    }

    private long coefficientsPerSlice() {
        return (long) equations * dims * (order + 1);
    }

    /**
     * Checks that the fields describe a solvable configuration; an
     * {@link IllegalArgumentException} names the first problem. Called when a vertex is built,
     * instantiated or asked for its output type.
     */
    public void validate() {
        require(points >= 2, "grid points N: expected at least 2, got " + points);
        require(dims >= 1, "state dimensions D: expected at least 1, got " + dims);
        require(order >= 1, "order R: expected at least 1, got " + order);
        require(equations >= 0, "equations E: expected at least 0, got " + equations);
        require(coefficientSource != null && rhsSource != null && initialValueSource != null && stepSource != null,
                "every parameter needs a source (coefficients " + coefficientSource + ", rhs " + rhsSource
                        + ", initial values " + initialValueSource + ", steps " + stepSource + ")");
        if (coefficientSource == Source.FIXED) {
            long constant = coefficientsPerSlice();
            require(fixedCoefficients != null && (fixedCoefficients.length == constant
                            || fixedCoefficients.length == constant * points),
                    "fixed coefficients: expected " + constant + " values [E][D][R+1] (constant in time) or "
                            + constant * points + " values [N][E][D][R+1] (per step), got "
                            + (fixedCoefficients == null ? "none" : String.valueOf(fixedCoefficients.length)));
            finite("fixed coefficients", fixedCoefficients);
        }
        if (rhsSource == Source.FIXED && fixedRhs != null && fixedRhs.length > 0) {
            require(fixedRhs.length == equations || fixedRhs.length == (long) equations * points,
                    "fixed rhs: expected " + equations + " values [E] (constant in time) or " + (long) equations * points
                            + " values [N][E] (per step), or none for zero, got " + fixedRhs.length);
            finite("fixed rhs", fixedRhs);
        }
        require(initialSteps >= 0 && initialSteps <= points,
                "initial steps S_iv: expected 0.." + points + ", got " + initialSteps);
        require(initialOrder >= 0 && initialOrder <= order,
                "initial order K: expected 0.." + order + " given derivatives, got " + initialOrder);
        boolean anyInitial = initialSteps > 0 && initialOrder > 0;
        if (initialValueSource == InitialValueSource.NONE) {
            require(!anyInitial, "initial values: source NONE but S_iv = " + initialSteps + " and K = " + initialOrder
                    + "; choose INPUT or FIXED, or set S_iv = K = 0");
        } else {
            require(anyInitial, "initial values: source " + initialValueSource + " needs S_iv >= 1 and K >= 1, got S_iv = "
                    + initialSteps + ", K = " + initialOrder);
        }
        if (initialValueSource == InitialValueSource.FIXED) {
            long n = (long) initialSteps * dims * initialOrder;
            require(fixedInitialValues != null && fixedInitialValues.length == n,
                    "fixed initial values: expected " + n + " values [S_iv][D][K], got "
                            + (fixedInitialValues == null ? "none" : String.valueOf(fixedInitialValues.length)));
            finite("fixed initial values", fixedInitialValues);
        }
        if (stepSource == StepSource.FIXED) {
            require(fixedStep > 0 && Double.isFinite(fixedStep),
                    "fixed step h: expected a positive finite number, got " + fixedStep);
        }
        require(!inputNames().isEmpty(), "no parameter comes from an input; a graph vertex needs at least one input");
        neuRlpOptions();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("NeuRlpVertex: " + message);
        }
    }

    private static void finite(String what, double[] a) {
        for (int i = 0; i < a.length; i++) {
            require(Double.isFinite(a[i]), what + "[" + i + "]: expected a finite number, got " + a[i]);
        }
    }

    // ---- GraphVertex ---------------------------------------------------------------------------

    @Override
    public NeuRlpVertex clone() {
        NeuRlpVertex c = new NeuRlpVertex();
        c.points = points;
        c.dims = dims;
        c.order = order;
        c.equations = equations;
        c.initialSteps = initialSteps;
        c.initialOrder = initialOrder;
        c.periodic = periodic;
        c.coefficientSource = coefficientSource;
        c.fixedCoefficients = fixedCoefficients == null ? null : fixedCoefficients.clone();
        c.rhsSource = rhsSource;
        c.fixedRhs = fixedRhs == null ? null : fixedRhs.clone();
        c.initialValueSource = initialValueSource;
        c.fixedInitialValues = fixedInitialValues == null ? null : fixedInitialValues.clone();
        c.stepSource = stepSource;
        c.fixedStep = fixedStep;
        c.slack = slack;
        c.alpha = alpha;
        c.centralRows = centralRows;
        c.refinement = refinement;
        c.equationWeight = equationWeight;
        c.initialWeight = initialWeight;
        c.periodicWeight = periodicWeight;
        c.forwardWeight = forwardWeight;
        c.backwardWeight = backwardWeight;
        c.centralWeight = centralWeight;
        return c;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return Math.max(1, inputNames().size());
    }

    @Override
    public int maxVertexInputs() {
        return Math.max(1, inputNames().size());
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        try {
            validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("NeuRlpVertex '" + name + "': " + e.getMessage().replaceFirst("^NeuRlpVertex: ", ""), e);
        }
        if (networkDatatype != DataType.DOUBLE) {
            throw new IllegalArgumentException("NeuRlpVertex '" + name + "': the NeuRLP solver works in float64 and needs a"
                    + " DOUBLE network, got data type " + networkDatatype
                    + "; build the configuration with .dataType(DataType.DOUBLE)");
        }
        return new NeuRlpVertexImpl(graph, name, idx, clone(), networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        try {
            validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputTypeException(e.getMessage(), e);
        }
        List<String> names = inputNames();
        if (vertexInputs.length != names.size()) {
            throw new InvalidInputTypeException("NeuRlpVertex: expected " + names.size() + " inputs " + names + ", got "
                    + vertexInputs.length);
        }
        for (int i = 0; i < vertexInputs.length; i++) {
            InputType t = vertexInputs[i];
            long expected = inputFeatures(names.get(i));
            if (!(t instanceof InputType.InputTypeFeedForward)) {
                throw new InvalidInputTypeException("NeuRlpVertex: input " + i + " (" + names.get(i)
                        + ") must be feed-forward [minibatch, " + expected + "], got " + t);
            }
            long size = ((InputType.InputTypeFeedForward) t).getSize();
            if (size > 0 && size != expected) {
                throw new InvalidInputTypeException("NeuRlpVertex: input " + i + " (" + names.get(i) + "): expected "
                        + expected + " features " + inputLayout(names.get(i)) + ", got " + size);
            }
        }
        return InputType.feedForward(outputSize());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        long solver = solverDoublesPerItem();
        long in = 0;
        for (String name : inputNames()) {
            in += inputFeatures(name);
        }
        // per example: the solver's factor and a float64 copy of the inputs and outputs (training also keeps gradients)
        return new LayerMemoryReport.Builder(null, NeuRlpVertex.class, inputTypes.length > 0 ? inputTypes[0] : out, out)
                .standardMemory(0, 0)
                .workingMemory(0, solver + in + outputSize(), 0, solver + 2 * in + 2 * outputSize())
                .cacheMemory(0, 0)
                .build();
    }

    private long solverDoublesPerItem() {
        OdeBatch.Builder b = OdeBatch.builder(1, points, dims, order).equations(equations)
                .coefficients(new double[(int) coefficientsPerSlice()], false)
                .rhs(new double[equations], false)
                .periodic(periodic)
                .uniformStep(1.0);
        if (initialSteps > 0 && initialOrder > 0) {
            b.initialValues(initialSteps, initialOrder, new double[initialSteps * dims * initialOrder]);
        }
        return BandedNeuRlpSolver.factorDoublesPerItem(b.build(), neuRlpOptions());
    }

    // ---- equals, hashCode, toString -------------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NeuRlpVertex)) {
            return false;
        }
        NeuRlpVertex v = (NeuRlpVertex) o;
        return points == v.points && dims == v.dims && order == v.order && equations == v.equations
                && initialSteps == v.initialSteps && initialOrder == v.initialOrder && periodic == v.periodic
                && coefficientSource == v.coefficientSource && Arrays.equals(fixedCoefficients, v.fixedCoefficients)
                && rhsSource == v.rhsSource && Arrays.equals(fixedRhs, v.fixedRhs)
                && initialValueSource == v.initialValueSource && Arrays.equals(fixedInitialValues, v.fixedInitialValues)
                && stepSource == v.stepSource && Double.compare(fixedStep, v.fixedStep) == 0
                && slack == v.slack && Double.compare(alpha, v.alpha) == 0 && centralRows == v.centralRows
                && refinement == v.refinement
                && Double.compare(equationWeight, v.equationWeight) == 0
                && Double.compare(initialWeight, v.initialWeight) == 0
                && Double.compare(periodicWeight, v.periodicWeight) == 0
                && Double.compare(forwardWeight, v.forwardWeight) == 0
                && Double.compare(backwardWeight, v.backwardWeight) == 0
                && Double.compare(centralWeight, v.centralWeight) == 0;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(points, dims, order, equations, initialSteps, initialOrder, periodic, coefficientSource,
                rhsSource, initialValueSource, stepSource, fixedStep, slack, alpha, centralRows, refinement,
                equationWeight, initialWeight, periodicWeight, forwardWeight, backwardWeight, centralWeight);
        h = 31 * h + Arrays.hashCode(fixedCoefficients);
        h = 31 * h + Arrays.hashCode(fixedRhs);
        return 31 * h + Arrays.hashCode(fixedInitialValues);
    }

    @Override
    public String toString() {
        return "NeuRlpVertex(N=" + points + ", D=" + dims + ", R=" + order + ", E=" + equations
                + ", S_iv=" + initialSteps + ", K=" + initialOrder + (periodic ? ", periodic" : "")
                + ", coefficients=" + coefficientSource + ", rhs=" + rhsSource + ", initialValues=" + initialValueSource
                + ", steps=" + stepSource + (stepSource == StepSource.FIXED ? " h=" + fixedStep : "")
                + ", inputs=" + inputNames() + ", " + neuRlpOptionsString() + ")";
    }

    private String neuRlpOptionsString() {
        try {
            return neuRlpOptions().toString();
        } catch (IllegalArgumentException e) {
            return "invalid options: " + e.getMessage();
        }
    }

    // ---- bean properties (JSON) -------------------------------------------------------------------

    public int getPoints() { return points; }
    public void setPoints(int points) { this.points = points; }
    public int getDims() { return dims; }
    public void setDims(int dims) { this.dims = dims; }
    public int getOrder() { return order; }
    public void setOrder(int order) { this.order = order; }
    public int getEquations() { return equations; }
    public void setEquations(int equations) { this.equations = equations; }
    public int getInitialSteps() { return initialSteps; }
    public void setInitialSteps(int initialSteps) { this.initialSteps = initialSteps; }
    public int getInitialOrder() { return initialOrder; }
    public void setInitialOrder(int initialOrder) { this.initialOrder = initialOrder; }
    public boolean isPeriodic() { return periodic; }
    public void setPeriodic(boolean periodic) { this.periodic = periodic; }
    public Source getCoefficientSource() { return coefficientSource; }
    public void setCoefficientSource(Source coefficientSource) { this.coefficientSource = coefficientSource; }
    public double[] getFixedCoefficients() { return fixedCoefficients; }
    public void setFixedCoefficients(double[] fixedCoefficients) { this.fixedCoefficients = fixedCoefficients; }
    public Source getRhsSource() { return rhsSource; }
    public void setRhsSource(Source rhsSource) { this.rhsSource = rhsSource; }
    public double[] getFixedRhs() { return fixedRhs; }
    public void setFixedRhs(double[] fixedRhs) { this.fixedRhs = fixedRhs; }
    public InitialValueSource getInitialValueSource() { return initialValueSource; }
    public void setInitialValueSource(InitialValueSource s) { this.initialValueSource = s; }
    public double[] getFixedInitialValues() { return fixedInitialValues; }
    public void setFixedInitialValues(double[] fixedInitialValues) { this.fixedInitialValues = fixedInitialValues; }
    public StepSource getStepSource() { return stepSource; }
    public void setStepSource(StepSource stepSource) { this.stepSource = stepSource; }
    public double getFixedStep() { return fixedStep; }
    public void setFixedStep(double fixedStep) { this.fixedStep = fixedStep; }
    public boolean isSlack() { return slack; }
    public void setSlack(boolean slack) { this.slack = slack; }
    public double getAlpha() { return alpha; }
    public void setAlpha(double alpha) { this.alpha = alpha; }
    public boolean isCentralRows() { return centralRows; }
    public void setCentralRows(boolean centralRows) { this.centralRows = centralRows; }
    public int getRefinement() { return refinement; }
    public void setRefinement(int refinement) { this.refinement = refinement; }
    public double getEquationWeight() { return equationWeight; }
    public void setEquationWeight(double w) { this.equationWeight = w; }
    public double getInitialWeight() { return initialWeight; }
    public void setInitialWeight(double w) { this.initialWeight = w; }
    public double getPeriodicWeight() { return periodicWeight; }
    public void setPeriodicWeight(double w) { this.periodicWeight = w; }
    public double getForwardWeight() { return forwardWeight; }
    public void setForwardWeight(double w) { this.forwardWeight = w; }
    public double getBackwardWeight() { return backwardWeight; }
    public void setBackwardWeight(double w) { this.backwardWeight = w; }
    public double getCentralWeight() { return centralWeight; }
    public void setCentralWeight(double w) { this.centralWeight = w; }

    // ---- builder --------------------------------------------------------------------------------

    /**
     * Fluent construction. Defaults: E = D; coefficients from an input, per step; right-hand side
     * fixed at zero; no initial values; NeuRLP defaults (slack with alpha = 0, central rows, all
     * weights 1, automatic refinement). Step sizes must be chosen ({@link #steps} or
     * {@link #fixedStep}). {@link #build()} validates.
     */
    public static final class Builder {
        private final NeuRlpVertex v = new NeuRlpVertex();
        private boolean equationsSet;

        private Builder(int points, int dims, int order) {
            v.points = points;
            v.dims = dims;
            v.order = order;
        }

        public Builder equations(int e) {
            v.equations = e;
            equationsSet = true;
            return this;
        }

        /** Coefficients from an input: {@link Source#INPUT_PER_STEP} or {@link Source#INPUT_CONSTANT}. */
        public Builder coefficients(Source source) {
            if (source == Source.FIXED) {
                throw new IllegalArgumentException("NeuRlpVertex: fixed coefficients need values; use fixedCoefficients(double[])");
            }
            v.coefficientSource = source;
            v.fixedCoefficients = null;
            return this;
        }

        /** Fixed coefficients, {@code [E][D][R+1]} (constant in time) or {@code [N][E][D][R+1]}. */
        public Builder fixedCoefficients(double... values) {
            v.coefficientSource = Source.FIXED;
            v.fixedCoefficients = values.clone();
            return this;
        }

        /** Right-hand side from an input: {@link Source#INPUT_PER_STEP} or {@link Source#INPUT_CONSTANT}. */
        public Builder rhs(Source source) {
            if (source == Source.FIXED) {
                return fixedRhs();
            }
            v.rhsSource = source;
            v.fixedRhs = null;
            return this;
        }

        /** A fixed right-hand side, {@code [E]} or {@code [N][E]}; no values: zero. */
        public Builder fixedRhs(double... values) {
            v.rhsSource = Source.FIXED;
            v.fixedRhs = values.length == 0 ? null : values.clone();
            return this;
        }

        /** Derivatives 0..k-1 of every dimension at the first {@code sIv} steps, from an input
         * {@code [S_iv][D][K]} per row. */
        public Builder initialValues(int sIv, int k) {
            v.initialValueSource = InitialValueSource.INPUT;
            v.initialSteps = sIv;
            v.initialOrder = k;
            v.fixedInitialValues = null;
            return this;
        }

        /** Fixed initial values {@code [S_iv][D][K]}, the same for every row. */
        public Builder fixedInitialValues(int sIv, int k, double... values) {
            v.initialValueSource = InitialValueSource.FIXED;
            v.initialSteps = sIv;
            v.initialOrder = k;
            v.fixedInitialValues = values.clone();
            return this;
        }

        /** Step sizes from an input: {@link StepSource#INPUT_PER_ITEM} or {@link StepSource#INPUT_PER_STEP}. */
        public Builder steps(StepSource source) {
            if (source == StepSource.FIXED) {
                throw new IllegalArgumentException("NeuRlpVertex: a fixed step needs a value; use fixedStep(h)");
            }
            v.stepSource = source;
            v.fixedStep = 0;
            return this;
        }

        /** One fixed step size h on every step of every row. */
        public Builder fixedStep(double h) {
            v.stepSource = StepSource.FIXED;
            v.fixedStep = h;
            return this;
        }

        public Builder periodic(boolean p) {
            v.periodic = p;
            return this;
        }

        /** Copies slack, alpha, central rows, weights and refinement from {@code options}
         * (refinement is stored as the number of steps it gives at this order). */
        public Builder options(NeuRlpOptions options) {
            v.slack = options.slack();
            v.alpha = options.alpha();
            v.centralRows = options.centralRows();
            v.refinement = options.refinementSteps(v.order);
            v.equationWeight = options.weight(RowFamily.EQUATION);
            v.initialWeight = options.weight(RowFamily.INITIAL);
            v.periodicWeight = options.weight(RowFamily.PERIODIC);
            v.forwardWeight = options.weight(RowFamily.FORWARD);
            v.backwardWeight = options.weight(RowFamily.BACKWARD);
            v.centralWeight = options.weight(RowFamily.CENTRAL);
            return this;
        }

        public NeuRlpVertex build() {
            if (!equationsSet) {
                v.equations = v.dims;
            }
            if (v.stepSource == StepSource.FIXED && v.fixedStep == 0) {
                throw new IllegalArgumentException("NeuRlpVertex: choose the step sizes: steps(StepSource.INPUT_PER_ITEM),"
                        + " steps(StepSource.INPUT_PER_STEP) or fixedStep(h)");
            }
            NeuRlpVertex out = v.clone();
            out.validate();
            return out;
        }
    }
}
