package org.mnn.nn;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A polynomial library evaluated on an auxiliary trajectory (method.md section 4): inputs
 * {@code xi [minibatch, degree+1]} (the coefficients, e.g. from an encoder) and
 * {@code y [minibatch, N]} (the auxiliary trajectory, e.g. the data itself); output
 * {@code b [minibatch, N]} with
 * <pre>
 *   b[s] = sum_{j=0..degree} xi[j] * y[s]^j
 * </pre>
 * which is the layout of a {@link NeuRlpVertex} right-hand side {@code Source.INPUT_PER_STEP}
 * with one equation: the linear-in-u ODE {@code u' = Theta(y) xi}. Gradients flow to both inputs
 * (to y: {@code sum_j j xi[j] y^(j-1)}). No parameters; float64 only.
 */
public class PolynomialRhsVertex extends ParameterFreeVertex {
    private static final long serialVersionUID = 1L;

    private int points;
    private int degree;

    /** For JSON. */
    public PolynomialRhsVertex() {
    }

    /** A library 1, y, ..., y^degree on N points. */
    public PolynomialRhsVertex(int points, int degree) {
        this.points = points;
        this.degree = degree;
        validate();
    }

    public void validate() {
        if (points < 1) {
            throw new IllegalArgumentException("PolynomialRhsVertex: points N: expected at least 1, got " + points);
        }
        if (degree < 0) {
            throw new IllegalArgumentException("PolynomialRhsVertex: degree: expected at least 0, got " + degree);
        }
    }

    public int getPoints() { return points; }
    public void setPoints(int points) { this.points = points; }
    public int getDegree() { return degree; }
    public void setDegree(int degree) { this.degree = degree; }

    @Override
    public PolynomialRhsVertex clone() {
        PolynomialRhsVertex c = new PolynomialRhsVertex();
        c.points = points;
        c.degree = degree;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolynomialRhsVertex && ((PolynomialRhsVertex) o).points == points
                && ((PolynomialRhsVertex) o).degree == degree;
    }

    @Override
    public int hashCode() {
        return 31 * points + degree + 17;
    }

    @Override
    public String toString() {
        return "PolynomialRhsVertex(N=" + points + ", degree=" + degree + ")";
    }

    @Override
    int inputCount() {
        return 2;
    }

    @Override
    org.deeplearning4j.nn.graph.vertex.GraphVertex create(ComputationGraph graph, String name, int idx,
                                                         DataType networkDatatype) {
        return new PolynomialRhsVertexImpl(graph, name, idx, points, degree, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2) {
            throw new InvalidInputTypeException("PolynomialRhsVertex: expected 2 inputs (xi, y), got " + vertexInputs.length);
        }
        long[] expected = {degree + 1, points};
        String[] names = {"xi", "y"};
        for (int i = 0; i < 2; i++) {
            if (!(vertexInputs[i] instanceof InputType.InputTypeFeedForward)) {
                throw new InvalidInputTypeException("PolynomialRhsVertex: input " + i + " (" + names[i]
                        + ") must be feed-forward [minibatch, " + expected[i] + "], got " + vertexInputs[i]);
            }
            long size = ((InputType.InputTypeFeedForward) vertexInputs[i]).getSize();
            if (size > 0 && size != expected[i]) {
                throw new InvalidInputTypeException("PolynomialRhsVertex: input " + i + " (" + names[i] + "): expected "
                        + expected[i] + " features, got " + size);
            }
        }
        return InputType.feedForward(points);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, PolynomialRhsVertex.class, inputTypes[0], out)
                .standardMemory(0, 0)
                .workingMemory(0, points, 0, 2L * points + degree + 1)
                .cacheMemory(0, 0)
                .build();
    }
}
