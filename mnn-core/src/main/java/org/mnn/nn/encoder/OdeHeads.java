package org.mnn.nn.encoder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.mnn.nn.NeuRlpVertex;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The heads that turn encoder features {@code [minibatch, nIn]} into the inputs of a
 * {@link NeuRlpVertex}: one dense layer per parameter the vertex reads from an input
 * ({@link NeuRlpVertex#inputNames()}), each with the width and layout the vertex expects
 * ({@link NeuRlpVertex#inputFeatures(String)}): so coefficients and right-hand side are constant
 * or time-varying, step sizes per item or per step, exactly as the vertex is configured.
 *
 * <ul>
 *   <li><b>coefficients</b> {@code prefix_coef}, right-hand side {@code prefix_rhs}, initial
 *       values {@code prefix_iv}: dense, identity activation (configurable). Optional templates
 *       ({@link Builder#coefficientTemplate}, ...) are written into the biases by
 *       {@link #initialise(ComputationGraph)}, so that training starts near a known ODE (a
 *       coefficient head that starts at zero gives a degenerate ODE).</li>
 *   <li><b>step sizes</b>, sigmoid-parametrised and clipped as in the paper:
 *       {@code h = hMin + (hMax - hMin) * sigmoid(z)}, z from a dense layer
 *       ({@code prefix_h_z}, sigmoid activation), then {@link ScaleVertex} {@code prefix_h_scaled}
 *       and {@link ShiftVertex} {@code prefix_h}; h lies in (hMin, hMax) for every z. The bias
 *       starts at {@code logit((h0 - hMin)/(hMax - hMin))}, so a fresh head gives h about h0.</li>
 * </ul>
 * A parameter can instead come from an existing vertex ({@link Builder#external}), e.g. the right-
 * hand side from a {@link org.mnn.nn.PolynomialRhsVertex} over an auxiliary trajectory (see
 * {@link ConsistencyOutputs}).
 *
 * <pre>
 *   NeuRlpVertex ode = NeuRlpVertex.builder(50, 1, 2).coefficients(Source.INPUT_CONSTANT)
 *           .rhs(Source.INPUT_PER_STEP).initialValues(1, 2).steps(StepSource.INPUT_PER_ITEM).build();
 *   String features = MlpEncoder.builder(50).hidden(64, 64).build().addTo(g, "x");
 *   OdeHeads heads = OdeHeads.builder(ode).steps(0.01, 0.5, 0.1).build();
 *   String u = heads.addTo(g, features, 64, "ode");        // adds the heads and the vertex "ode"
 *   ... new ComputationGraph(g.build()); net.init(); heads.initialise(net);
 * </pre>
 */
public final class OdeHeads {
    private final NeuRlpVertex vertex;
    private final String prefix;
    private final Activation activation;
    private final double hMin;
    private final double hMax;
    private final double h0;
    private final Map<String, String> external;
    private final Map<String, double[]> templates;

    private OdeHeads(Builder b) {
        vertex = b.vertex;
        prefix = b.prefix;
        activation = b.activation;
        hMin = b.hMin;
        hMax = b.hMax;
        h0 = b.h0;
        external = new LinkedHashMap<>(b.external);
        templates = new LinkedHashMap<>(b.templates);
    }

    /** Heads for {@code vertex}. Defaults: prefix "head", identity activation, steps in (1e-3, 1) starting at 0.1. */
    public static Builder builder(NeuRlpVertex vertex) {
        return new Builder(vertex);
    }

    /** The name of the head layer (or vertex) that feeds {@code parameter} (a NeuRlpVertex name constant). */
    public String headName(String parameter) {
        if (external.containsKey(parameter)) {
            return external.get(parameter);
        }
        switch (parameter) {
            case NeuRlpVertex.COEFFICIENTS:
                return prefix + "_coef";
            case NeuRlpVertex.RHS:
                return prefix + "_rhs";
            case NeuRlpVertex.INITIAL_VALUES:
                return prefix + "_iv";
            case NeuRlpVertex.STEPS:
                return prefix + "_h";
            default:
                throw new IllegalArgumentException("OdeHeads: unknown parameter '" + parameter + "'");
        }
    }

    /**
     * Adds one head per vertex input (except external ones) reading {@code features}
     * ({@code nIn} per row).
     *
     * @return the vertex's input names, in the vertex's input order
     */
    public String[] addTo(ComputationGraphConfiguration.GraphBuilder g, String features, long nIn) {
        List<String> names = new ArrayList<>();
        for (String p : vertex.inputNames()) {
            String name = headName(p);
            names.add(name);
            if (external.containsKey(p)) {
                continue;
            }
            long nOut = vertex.inputFeatures(p);
            if (p.equals(NeuRlpVertex.STEPS)) {
                double q = (h0 - hMin) / (hMax - hMin);
                g.addLayer(name + "_z", new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(Activation.SIGMOID)
                        .biasInit(Math.log(q / (1 - q))).build(), features);
                g.addVertex(name + "_scaled", new ScaleVertex(hMax - hMin), name + "_z");
                g.addVertex(name, new ShiftVertex(hMin), name + "_scaled");
            } else {
                g.addLayer(name, new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(activation).build(), features);
            }
        }
        return names.toArray(new String[0]);
    }

    /** Adds the heads and the vertex itself, named {@code odeName}; returns {@code odeName}. */
    public String addTo(ComputationGraphConfiguration.GraphBuilder g, String features, long nIn, String odeName) {
        g.addVertex(odeName, vertex, addTo(g, features, nIn));
        return odeName;
    }

    /**
     * Writes the templates into the head biases of an initialised network (no template: the
     * bias is left as DL4J initialised it). A constant template {@code [E][D][R+1]} for a per-step
     * coefficient head is repeated at every step; likewise for the right-hand side.
     */
    public void initialise(ComputationGraph net) {
        for (Map.Entry<String, double[]> e : templates.entrySet()) {
            String p = e.getKey();
            if (!vertex.inputNames().contains(p) || external.containsKey(p)) {
                throw new IllegalStateException("OdeHeads: a template for '" + p + "', which has no head");
            }
            int n = (int) vertex.inputFeatures(p);
            double[] t = e.getValue();
            if (n % t.length != 0) {
                throw new IllegalArgumentException("OdeHeads: template for '" + p + "' has " + t.length
                        + " values; the head has " + n + " " + vertex.inputLayout(p));
            }
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = t[i % t.length];
            }
            INDArray bias = Nd4j.create(b, new long[] {1, n}, DataType.DOUBLE);
            net.getLayer(headName(p)).setParam("b", bias.castTo(net.getLayer(headName(p)).getParam("b").dataType()));
        }
    }

    /** The step-size transform h(z) = hMin + (hMax - hMin) sigmoid(z) (for tests and read-out). */
    public double step(double z) {
        return hMin + (hMax - hMin) / (1 + Math.exp(-z));
    }

    /** Fluent construction; {@link #build()} validates. */
    public static final class Builder {
        private final NeuRlpVertex vertex;
        private String prefix = "head";
        private Activation activation = Activation.IDENTITY;
        private double hMin = 1e-3;
        private double hMax = 1;
        private double h0 = 0.1;
        private final Map<String, String> external = new LinkedHashMap<>();
        private final Map<String, double[]> templates = new LinkedHashMap<>();

        private Builder(NeuRlpVertex vertex) {
            this.vertex = vertex;
        }

        public Builder prefix(String p) {
            prefix = p;
            return this;
        }

        /** Activation of the coefficient, rhs and initial-value heads (identity by default). */
        public Builder activation(Activation a) {
            activation = a;
            return this;
        }

        /** Step sizes h in (hMin, hMax), starting near h0: 0 &lt; hMin &lt; h0 &lt; hMax. */
        public Builder steps(double hMin, double hMax, double h0) {
            this.hMin = hMin;
            this.hMax = hMax;
            this.h0 = h0;
            return this;
        }

        /** Takes {@code parameter} from the existing vertex or layer {@code name} instead of a head. */
        public Builder external(String parameter, String name) {
            external.put(parameter, name);
            return this;
        }

        /** Starting coefficients, {@code [E][D][R+1]} or the head's full layout (see {@link #initialise}). */
        public Builder coefficientTemplate(double... c) {
            templates.put(NeuRlpVertex.COEFFICIENTS, c.clone());
            return this;
        }

        /** Starting right-hand side, {@code [E]} or {@code [N][E]}. */
        public Builder rhsTemplate(double... b) {
            templates.put(NeuRlpVertex.RHS, b.clone());
            return this;
        }

        /** Starting initial values, {@code [S_iv][D][K]}. */
        public Builder initialValueTemplate(double... v) {
            templates.put(NeuRlpVertex.INITIAL_VALUES, v.clone());
            return this;
        }

        public OdeHeads build() {
            if (vertex == null) {
                throw new IllegalArgumentException("OdeHeads: no vertex");
            }
            vertex.validate();
            if (!(hMin > 0 && hMin < h0 && h0 < hMax && Double.isFinite(hMax))) {
                throw new IllegalArgumentException("OdeHeads: steps: expected 0 < hMin < h0 < hMax, got hMin=" + hMin
                        + ", h0=" + h0 + ", hMax=" + hMax);
            }
            for (String p : external.keySet()) {
                if (!vertex.inputNames().contains(p)) {
                    throw new IllegalArgumentException("OdeHeads: external '" + p + "' is not an input of " + vertex
                            + "; inputs: " + vertex.inputNames());
                }
            }
            if (prefix == null || prefix.isEmpty() || activation == null) {
                throw new IllegalArgumentException("OdeHeads: prefix and activation must be set");
            }
            return new OdeHeads(this);
        }
    }
}
