package org.mnn.solver.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * dL/d(parameters) of a batch as INDArrays, each in the shape of the argument it belongs to
 * (see {@link Nd4jBatches#batch}): coefficients [B,N,E,D,R+1] or [B,E,D,R+1], rhs [B,N,E] or
 * [B,E], initial values [B,S_iv,D,K] (null when the batch has none), steps [N-1] or [B,N-1].
 * A parameter shared over steps or items gets the sum of its uses.
 */
public record Nd4jGradients(INDArray coefficients, INDArray rhs, INDArray initialValues, INDArray steps) {
}
