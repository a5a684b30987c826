/**
 * Equation discovery: from measured trajectories to sparse, symbolic ODEs.
 *
 * <p>The user API follows PySINDy's shape: a {@link org.mnn.discover.Library} of candidate terms
 * (polynomials, Fourier terms, user terms in the ODE text form), a fitting procedure
 * ({@link org.mnn.discover.Discovery}, the Mechanistic Neural Network with NeuRLP in the loop;
 * {@link org.mnn.discover.SindyBaseline} for comparison), and a
 * {@link org.mnn.discover.DiscoveredModel} to print, export and simulate. Data come as a
 * {@link org.mnn.discover.Dataset} of one or more {@link org.mnn.discover.Trajectory trajectories}
 * (uneven time stamps, measured inputs), read from CSV files or Tablesaw tables by
 * {@code org.mnn.discover.data}.
 */
package org.mnn.discover;
