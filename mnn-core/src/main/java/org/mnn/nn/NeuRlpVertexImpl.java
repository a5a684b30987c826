package org.mnn.nn;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.mnn.nn.NeuRlpVertex.InitialValueSource;
import org.mnn.nn.NeuRlpVertex.Source;
import org.mnn.nn.NeuRlpVertex.StepSource;
import org.mnn.ode.InvalidProblemException;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.Gradients;
import org.mnn.solver.IllPosedProblemException;
import org.mnn.solver.nd4j.Nd4jBatches;
import org.mnn.solver.Solution;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The running {@link NeuRlpVertex}: the forward pass copies the inputs into {@code double[]},
 * builds an {@link OdeBatch} and solves it with a {@link BandedNeuRlpSolver} owned by this vertex;
 * the backward pass turns dL/d(output) into dL/d(input) with {@link Solution#backward}.
 *
 * <p>Training and inference keep separate solvers and buffers. A training forward pass keeps
 * its {@link Solution} (whose factor lives in the training solver's reused buffers, see
 * {@link BandedNeuRlpSolver#reusingBuffers()}) until the backward pass, so an inference call in
 * between (a listener evaluating the network, say) cannot overwrite it. The backward pass
 * always differentiates the latest training forward pass (as DL4J's layers do); the solver's
 * own check ({@code Solution.backward} on reused factors) stays as a guard against misuse.
 *
 * <p>Inputs are validated before solving; every message names the vertex, the input (position,
 * parameter and the vertex that feeds it) and, for bad values, the minibatch row and the
 * feature with its meaning.
 */
public class NeuRlpVertexImpl extends BaseGraphVertex {
    private static final long serialVersionUID = 1L;

    private final NeuRlpVertex conf;
    private final List<String> inputNames;
    private final int points;
    private final int dims;
    private final int order;
    private final int equations;
    private final transient Pass training;
    private final transient Pass inference;
    private transient Solution solution;
    private transient Gradients gradientBuffer;
    private transient double[] dLdu;
    private transient double[] stepGradients;

    public NeuRlpVertexImpl(ComputationGraph graph, String name, int vertexIndex, NeuRlpVertex conf, DataType dataType) {
        this(graph, name, vertexIndex, null, null, conf, dataType);
    }

    public NeuRlpVertexImpl(ComputationGraph graph, String name, int vertexIndex, VertexIndices[] inputVertices,
                            VertexIndices[] outputVertices, NeuRlpVertex conf, DataType dataType) {
        super(graph, name, vertexIndex, inputVertices, outputVertices, dataType);
        this.conf = conf;
        this.inputNames = conf.inputNames();
        this.points = conf.getPoints();
        this.dims = conf.getDims();
        this.order = conf.getOrder();
        this.equations = conf.getEquations();
        BandedNeuRlpSolver solver = new BandedNeuRlpSolver(conf.neuRlpOptions());
        this.training = new Pass(solver.reusingBuffers());
        this.inference = new Pass(solver.reusingBuffers());
    }

    /** The configuration (a copy owned by this vertex). */
    public NeuRlpVertex configuration() {
        return conf;
    }

    /** The solution of the last training forward pass, until the vertex is cleared (null otherwise). */
    public Solution lastSolution() {
        return solution;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    // ---- forward ---------------------------------------------------------------------------------

    @Override
    public INDArray doForward(boolean train, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException(prefix() + "cannot do the forward pass: inputs not set");
        }
        Pass pass = train ? training : inference;
        if (train) {
            solution = null;
        }
        OdeBatch batch = pass.batch(inputs);
        Solution sol;
        try {
            sol = pass.solver.solve(batch);
        } catch (IllPosedProblemException e) {
            ArithmeticException wrapped = new ArithmeticException(prefix()
                    + e.getMessage().replaceFirst("^batch item", "minibatch row"));
            wrapped.initCause(e);
            throw wrapped;
        }
        double[] u = sol.values();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.DOUBLE,
                new long[] {batch.batch(), conf.outputSize()}, 'c');
        Nd4jBatches.write(u, out);
        if (train) {
            solution = sol;
        }
        return out;
    }

    // ---- backward --------------------------------------------------------------------------------

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(prefix() + "cannot do the backward pass: inputs or epsilon not set");
        }
        if (solution == null) {
            throw new IllegalStateException(prefix() + "backward pass without a training forward pass"
                    + " (doForward(true, ...) keeps the solution that the backward pass differentiates)");
        }
        OdeBatch batch = solution.batch();
        int rows = batch.batch();
        long outSize = conf.outputSize();
        if (epsilon.dataType() != DataType.DOUBLE) {
            throw new InvalidProblemException(prefix() + "epsilon (dL/doutput): expected data type DOUBLE, got "
                    + epsilon.dataType() + " with shape " + Arrays.toString(epsilon.shape()));
        }
        if (epsilon.rank() != 2 || epsilon.size(0) != rows || epsilon.size(1) != outSize) {
            throw new InvalidProblemException(prefix() + "epsilon (dL/doutput): expected shape [" + rows + ", " + outSize
                    + "] (the output of the forward pass), got " + Arrays.toString(epsilon.shape()));
        }
        int n = rows * (int) outSize;
        if (dLdu == null || dLdu.length != n) {
            dLdu = new double[n];
        }
        Nd4jBatches.read(epsilon, dLdu);
        Gradients g = gradientBuffer;
        if (g == null || g.coefficients().length != batch.coefficients().length || g.rhs().length != batch.rhs().length
                || g.initialValues().length != batch.initialValues().length || g.steps().length != batch.steps().length) {
            g = new Gradients(new double[batch.coefficients().length], new double[batch.rhs().length],
                    new double[batch.initialValues().length], new double[batch.steps().length]);
            gradientBuffer = g;
        }
        solution.backward(dLdu, null, g);

        INDArray[] out = new INDArray[inputNames.size()];
        for (int i = 0; i < out.length; i++) {
            String name = inputNames.get(i);
            INDArray grad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.DOUBLE,
                    new long[] {rows, conf.inputFeatures(name)}, 'c');
            switch (name) {
                case NeuRlpVertex.COEFFICIENTS:
                    Nd4jBatches.write(g.coefficients(), grad);
                    break;
                case NeuRlpVertex.RHS:
                    Nd4jBatches.write(g.rhs(), grad);
                    break;
                case NeuRlpVertex.INITIAL_VALUES:
                    Nd4jBatches.write(g.initialValues(), grad);
                    break;
                default: // steps
                    if (conf.getStepSource() == StepSource.INPUT_PER_STEP) {
                        Nd4jBatches.write(g.steps(), grad);
                    } else {
                        // one h per row drives all N-1 steps: its gradient is the sum over them
                        if (stepGradients == null || stepGradients.length != rows) {
                            stepGradients = new double[rows];
                        }
                        double[] perItem = stepGradients;
                        double[] gs = g.steps();
                        for (int r = 0; r < rows; r++) {
                            double sum = 0;
                            for (int s = 0; s < points - 1; s++) {
                                sum += gs[r * (points - 1) + s];
                            }
                            perItem[r] = sum;
                        }
                        Nd4jBatches.write(perItem, grad);
                    }
            }
            out[i] = grad;
        }
        return new Pair<>(null, out);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalArgumentException(prefix() + "has no parameters; got a gradient view array");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        // per-row masks of the inputs apply to the output row unchanged
        if (maskArrays != null) {
            for (INDArray m : maskArrays) {
                if (m != null) {
                    return new Pair<>(m, currentMaskState);
                }
            }
        }
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public void clear() {
        super.clear();
        solution = null;
    }

    @Override
    public String toString() {
        return "NeuRlpVertexImpl(name=" + vertexName + ", " + conf + ")";
    }

    // ---- inputs -> OdeBatch -----------------------------------------------------------------------

    /** Buffers and solver of one kind of pass (training or inference). The OdeBatch of a pass
     * shares these arrays, so a pass must not start before the previous one's backward pass. */
    private final class Pass {
        final BandedNeuRlpSolver solver;
        double[] coefficients;
        double[] rhs;
        double[] initialValues;
        double[] steps;
        double[] stepsPerItem;

        Pass(BandedNeuRlpSolver solver) {
            this.solver = solver;
        }

        OdeBatch batch(INDArray[] in) {
            if (in.length != inputNames.size()) {
                throw new InvalidProblemException(prefix() + "expected " + inputNames.size() + " inputs " + inputNames
                        + ", got " + in.length);
            }
            long rowsLong = -1;
            for (int i = 0; i < in.length; i++) {
                INDArray a = in[i];
                String name = inputNames.get(i);
                long features = conf.inputFeatures(name);
                if (a == null) {
                    throw new InvalidProblemException(inputPrefix(i) + "missing (null)");
                }
                if (a.dataType() != DataType.DOUBLE) {
                    throw new InvalidProblemException(inputPrefix(i) + "expected data type DOUBLE (the NeuRLP solver works"
                            + " in float64; build the network with .dataType(DataType.DOUBLE) and feed DOUBLE arrays), got "
                            + a.dataType() + " with shape " + Arrays.toString(a.shape()));
                }
                if (a.rank() != 2 || a.size(1) != features) {
                    throw new InvalidProblemException(inputPrefix(i) + "expected shape [minibatch, " + features + "] ("
                            + features + " features per row " + conf.inputLayout(name) + "), got shape "
                            + Arrays.toString(a.shape()) + (a.rank() == 2 ? " (" + a.size(1) + " features)" : ""));
                }
                if (rowsLong < 0) {
                    rowsLong = a.size(0);
                } else if (a.size(0) != rowsLong) {
                    throw new InvalidProblemException(inputPrefix(i) + "expected " + rowsLong + " rows (the minibatch size"
                            + " of input 0 '" + inputNames.get(0) + "'), got shape " + Arrays.toString(a.shape()));
                }
            }
            if (rowsLong < 1 || rowsLong * Math.max(conf.outputSize(), 1) > Integer.MAX_VALUE - 8) {
                throw new InvalidProblemException(prefix() + "minibatch size " + rowsLong + " is empty or too large");
            }
            int rows = (int) rowsLong;

            long perSlice = (long) equations * dims * (order + 1);
            OdeBatch.Builder b = OdeBatch.builder(rows, points, dims, order).equations(equations)
                    .periodic(conf.isPeriodic());
            int i = 0;
            // coefficients
            if (conf.getCoefficientSource() == Source.FIXED) {
                double[] fixed = conf.getFixedCoefficients();
                coefficients = replicate(coefficients, fixed, rows);
                b.coefficients(coefficients, fixed.length != perSlice);
            } else {
                coefficients = readInput(in, i, coefficients, rows);
                b.coefficients(coefficients, conf.getCoefficientSource() == Source.INPUT_PER_STEP);
                i++;
            }
            // rhs
            if (conf.getRhsSource() == Source.FIXED) {
                double[] fixed = conf.getFixedRhs();
                if (fixed == null || fixed.length == 0) {
                    fixed = new double[equations];
                }
                rhs = replicate(rhs, fixed, rows);
                b.rhs(rhs, fixed.length != equations);
            } else {
                rhs = readInput(in, i, rhs, rows);
                b.rhs(rhs, conf.getRhsSource() == Source.INPUT_PER_STEP);
                i++;
            }
            // initial values
            if (conf.getInitialValueSource() == InitialValueSource.FIXED) {
                initialValues = replicate(initialValues, conf.getFixedInitialValues(), rows);
                b.initialValues(conf.getInitialSteps(), conf.getInitialOrder(), initialValues);
            } else if (conf.getInitialValueSource() == InitialValueSource.INPUT) {
                initialValues = readInput(in, i, initialValues, rows);
                b.initialValues(conf.getInitialSteps(), conf.getInitialOrder(), initialValues);
                i++;
            }
            // steps
            switch (conf.getStepSource()) {
                case FIXED:
                    if (steps == null || steps.length != points - 1 || steps[0] != conf.getFixedStep()) {
                        steps = new double[points - 1];
                        Arrays.fill(steps, conf.getFixedStep());
                    }
                    b.steps(steps, false);
                    break;
                case INPUT_PER_STEP:
                    steps = readInput(in, i, steps, rows);
                    checkSteps(i, steps);
                    b.steps(steps, true);
                    break;
                default: {
                    double[] perItem = readInput(in, i, stepsPerItem, rows);
                    stepsPerItem = perItem;
                    checkSteps(i, perItem);
                    int n1 = points - 1;
                    if (steps == null || steps.length != rows * n1) {
                        steps = new double[rows * n1];
                    }
                    for (int r = 0; r < rows; r++) {
                        Arrays.fill(steps, r * n1, (r + 1) * n1, perItem[r]);
                    }
                    b.steps(steps, true);
                }
            }
            try {
                return b.build();
            } catch (InvalidProblemException e) {
                throw new InvalidProblemException(prefix() + e.getMessage());
            }
        }

        /** Copies input {@code i} into {@code buffer} (reallocated if its length is wrong) and checks every
         * value is finite. */
        private double[] readInput(INDArray[] in, int i, double[] buffer, int rows) {
            int n = rows * (int) conf.inputFeatures(inputNames.get(i));
            double[] dst = buffer != null && buffer.length == n ? buffer : new double[n];
            Nd4jBatches.read(in[i], dst);
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(dst[j])) {
                    throw new InvalidProblemException(inputPrefix(i) + position(i, j) + ": expected a finite number, got "
                            + dst[j]);
                }
            }
            return dst;
        }

        private void checkSteps(int i, double[] h) {
            for (int j = 0; j < h.length; j++) {
                if (!(h[j] > 0)) {
                    throw new InvalidProblemException(inputPrefix(i) + position(i, j)
                            + ": expected a positive finite step size, got " + h[j]
                            + " (make steps positive upstream, e.g. with a softplus or sigmoid activation)");
                }
            }
        }

        /** {@code rows} copies of a fixed row; {@code buffer} (the copies made for an earlier pass, or null)
         * is kept while the minibatch size does not change. */
        private double[] replicate(double[] buffer, double[] row, int rows) {
            int n = rows * row.length;
            if (buffer != null && buffer.length == n) {
                return buffer;
            }
            double[] out = new double[n];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(row, 0, out, r * row.length, row.length);
            }
            return out;
        }
    }

    // ---- messages ------------------------------------------------------------------------------------

    private String prefix() {
        return "NeuRlpVertex '" + vertexName + "': ";
    }

    private String inputPrefix(int i) {
        String from = "";
        if (inputVertices != null && i < inputVertices.length && graph != null && graph.getVertices() != null) {
            int idx = inputVertices[i].getVertexIndex();
            if (idx >= 0 && idx < graph.getVertices().length) {
                from = ", from '" + graph.getVertices()[idx].getVertexName() + "'";
            }
        }
        return prefix() + "input " + i + " (" + inputNames.get(i) + from + "): ";
    }

    /** "row 3, feature 7 (step 2, equation 0, dim 0, order 1)" for flat index j of input i. */
    private String position(int i, int j) {
        String name = inputNames.get(i);
        int features = (int) conf.inputFeatures(name);
        int row = j / features;
        int f = j % features;
        String[] axes;
        int[] sizes;
        switch (name) {
            case NeuRlpVertex.COEFFICIENTS:
                boolean perStep = conf.getCoefficientSource() == Source.INPUT_PER_STEP;
                axes = new String[] {perStep ? "step" : null, "equation", "dim", "order"};
                sizes = new int[] {perStep ? points : 1, equations, dims, order + 1};
                break;
            case NeuRlpVertex.RHS:
                boolean rhsPerStep = conf.getRhsSource() == Source.INPUT_PER_STEP;
                axes = new String[] {rhsPerStep ? "step" : null, "equation"};
                sizes = new int[] {rhsPerStep ? points : 1, equations};
                break;
            case NeuRlpVertex.INITIAL_VALUES:
                axes = new String[] {"step", "dim", "order"};
                sizes = new int[] {conf.getInitialSteps(), dims, conf.getInitialOrder()};
                break;
            default:
                if (conf.getStepSource() == StepSource.INPUT_PER_ITEM) {
                    return "row " + row + ", feature " + f + " (the one step size of the row)";
                }
                axes = new String[] {"step"};
                sizes = new int[] {points - 1};
        }
        int[] idx = new int[sizes.length];
        int rest = f;
        for (int a = sizes.length - 1; a >= 0; a--) {
            idx[a] = rest % sizes[a];
            rest /= sizes[a];
        }
        StringBuilder sb = new StringBuilder("row ").append(row).append(", feature ").append(f).append(" (");
        boolean first = true;
        for (int a = 0; a < sizes.length; a++) {
            if (axes[a] == null) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(axes[a]).append(' ').append(idx[a]);
        }
        return sb.append(')').toString();
    }
}
