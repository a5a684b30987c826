/**
 * The mechanistic block for DL4J: {@link org.mnn.nn.NeuRlpVertex}, a
 * {@link org.deeplearning4j.nn.graph.ComputationGraph} vertex whose inputs are the parameters of
 * a batch of linear ODEs (coefficients, right-hand side, initial values, step sizes, each from an
 * upstream layer or fixed) and whose output is the NeuRLP solution u with all its derivatives.
 * Layouts are documented on {@link org.mnn.nn.NeuRlpVertex}.
 *
 * <h2>Why a custom graph vertex</h2>
 * DL4J / ND4J 1.0.0-M2.1 offer three ways to put a differentiable non-standard operation in a
 * network; the project's field notes (shared/field-notes.md, "ND4J / DL4J 1.0.0-M2.1") record
 * what each did for this workload:
 * <ul>
 *   <li><b>A SameDiff op</b>: M2.1 has no user-defined op API, and the built-in linear-algebra
 *       ops have no gradients (cholesky, solve, triangularSolve, lstsq) or a silently wrong one
 *       (matrixInverse). Subclassing an op to override its gradient works only after registering
 *       the subclass in a private map of {@code DifferentialFunctionClassHolder} (SameDiff
 *       otherwise clones it back into the base op). Besides, ND4J pays 10-45 us per op on the
 *       CPU backend, and the NeuRLP solve is thousands of tiny banded operations per item: it
 *       belongs in plain Java over {@code double[]} (org.mnn.solver), not in ND4J ops.</li>
 *   <li><b>{@code SameDiffLambdaVertex}</b>: with several inputs it returns input gradients
 *       exactly 2x too large in M2.1, and the mechanistic block has up to four inputs.</li>
 *   <li><b>A custom graph vertex</b> (configuration extends
 *       {@code org.deeplearning4j.nn.conf.graph.GraphVertex}, implementation extends
 *       {@code org.deeplearning4j.nn.graph.vertex.BaseGraphVertex}): {@code doForward} may run any
 *       Java and {@code doBackward} returns one gradient per input, so the solver and its adjoint
 *       ({@link org.mnn.solver.Solution#backward}) run as they are, on the solver's own threads,
 *       with one copy in and one copy out. Such a vertex passes DL4J's {@code GradientCheckUtil}
 *       in float64, trains with Adam, and survives {@code ModelSerializer} exactly (the
 *       configuration is a Jackson bean stored in the model's JSON; it has no parameters).
 *       That is what this package uses.</li>
 * </ul>
 */
package org.mnn.nn;
