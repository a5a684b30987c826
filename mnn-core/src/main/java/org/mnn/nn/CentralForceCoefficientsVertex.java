package org.mnn.nn;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Coefficients of a central-force system u'' = c(t) u (method.md section 2 with E = D, order 2):
 * input {@code c [minibatch, N]} (one scalar per grid step, e.g. from an encoder), output the
 * {@link NeuRlpVertex} coefficients {@code Source.INPUT_PER_STEP}, {@code [minibatch, N*D*D*3]}
 * laid out {@code [N][E=D][D][R+1=3]}, of
 * <pre>
 *   u_e''(t_s) - c[s] * u_e(t_s) = 0      e &lt; D
 * </pre>
 * (coefficient -c[s] on u_e, 1 on u_e'', everything else 0). With c = -GM/|r|^3 this is the
 * Kepler problem in relative coordinates. The gradient to c is {@code -sum_e dL/dcoef[s][e][e][0]}.
 * No parameters; float64 only.
 */
public class CentralForceCoefficientsVertex extends ParameterFreeVertex {
    private static final long serialVersionUID = 1L;

    private int points;
    private int dims;

    /** For JSON. */
    public CentralForceCoefficientsVertex() {
    }

    /** N grid points, D state dimensions. */
    public CentralForceCoefficientsVertex(int points, int dims) {
        this.points = points;
        this.dims = dims;
        validate();
    }

    public void validate() {
        if (points < 1) {
            throw new IllegalArgumentException("CentralForceCoefficientsVertex: points N: expected at least 1, got " + points);
        }
        if (dims < 1) {
            throw new IllegalArgumentException("CentralForceCoefficientsVertex: dims D: expected at least 1, got " + dims);
        }
    }

    public int getPoints() { return points; }
    public void setPoints(int points) { this.points = points; }
    public int getDims() { return dims; }
    public void setDims(int dims) { this.dims = dims; }

    /** Output features per row: N*D*D*3. */
    public long outputSize() {
        return (long) points * dims * dims * 3;
    }

    @Override
    public CentralForceCoefficientsVertex clone() {
        CentralForceCoefficientsVertex c = new CentralForceCoefficientsVertex();
        c.points = points;
        c.dims = dims;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CentralForceCoefficientsVertex && ((CentralForceCoefficientsVertex) o).points == points
                && ((CentralForceCoefficientsVertex) o).dims == dims;
    }

    @Override
    public int hashCode() {
        return 31 * points + dims + 23;
    }

    @Override
    public String toString() {
        return "CentralForceCoefficientsVertex(N=" + points + ", D=" + dims + ")";
    }

    @Override
    int inputCount() {
        return 1;
    }

    @Override
    org.deeplearning4j.nn.graph.vertex.GraphVertex create(ComputationGraph graph, String name, int idx,
                                                         DataType networkDatatype) {
        return new CentralForceCoefficientsVertexImpl(graph, name, idx, points, dims, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 1) {
            throw new InvalidInputTypeException("CentralForceCoefficientsVertex: expected 1 input (c), got "
                    + vertexInputs.length);
        }
        if (!(vertexInputs[0] instanceof InputType.InputTypeFeedForward)) {
            throw new InvalidInputTypeException("CentralForceCoefficientsVertex: input c must be feed-forward [minibatch, "
                    + points + "], got " + vertexInputs[0]);
        }
        long size = ((InputType.InputTypeFeedForward) vertexInputs[0]).getSize();
        if (size > 0 && size != points) {
            throw new InvalidInputTypeException("CentralForceCoefficientsVertex: input c: expected " + points
                    + " features, got " + size);
        }
        return InputType.feedForward(outputSize());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, CentralForceCoefficientsVertex.class, inputTypes[0], out)
                .standardMemory(0, 0)
                .workingMemory(0, outputSize(), 0, outputSize() + points)
                .cacheMemory(0, 0)
                .build();
    }
}
