/**
 * The mechanistic encoder f_theta (method.md sections 1, 4 and 5) as building blocks for a DL4J
 * {@link org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder}: encoders map an
 * input to features, heads map features to the parameters of a {@link org.mnn.nn.NeuRlpVertex}.
 *
 * <p>The API: every block has a small builder and an {@code addTo(graphBuilder, input, ...)}
 * method that adds its layers and vertices (named after a prefix) and returns the name of what
 * it produced, so blocks chain by name:
 * <pre>
 *   GraphBuilder g = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)...graphBuilder().addInputs("x");
 *   Encoder enc = Cnn1dEncoder.builder(1, 60).kernel(5).channels(8, 8).dense(32).input(InputLayout.FLAT).build();
 *   String features = enc.addTo(g, "x");                                   // [mb, enc.outputSize()]
 *   OdeHeads heads = OdeHeads.builder(odeVertex).steps(1e-3, 0.5, 0.05).build();
 *   heads.addTo(g, features, enc.outputSize(), "ode");                     // heads + the NeuRLP vertex
 *   g.addLayer("out", new LossLayer.Builder(...).build(), "ode").setOutputs("out");
 *   ComputationGraph net = new ComputationGraph(g.build()); net.init(); heads.initialise(net);
 * </pre>
 * <ul>
 *   <li>{@link org.mnn.nn.encoder.MlpEncoder}: dense layers over {@code [mb, features]}.</li>
 *   <li>{@link org.mnn.nn.encoder.Cnn1dEncoder}: same-padded 1-D convolutions, flatten, dense.</li>
 *   <li>{@link org.mnn.nn.encoder.ResNet1dEncoder}: residual blocks of two 1-D convolutions with
 *       {@code ElementWiseVertex(Add)} skips.</li>
 *   <li>{@link org.mnn.nn.encoder.OdeHeads}: coefficients (constant or per step), right-hand
 *       side, initial values and sigmoid-clipped step sizes, sized from the vertex.</li>
 *   <li>{@link org.mnn.nn.encoder.AuxiliaryTrajectoryHead} and
 *       {@link org.mnn.nn.encoder.ConsistencyOutputs}: the auxiliary trajectory y and the
 *       two-output consistency loss MSE(u, x) + MSE(y, x) for nonlinear right-hand sides.</li>
 * </ul>
 *
 * <h2>Data format of the convolutional encoders</h2>
 * DL4J's {@code Convolution1DLayer} reads {@code [minibatch, channels, length]} (RNN format NCW);
 * the encoders build their convolutions with {@code RNNFormat.NCW}. Inputs may be given that way
 * ({@link org.mnn.nn.encoder.InputLayout#NCW}) or flat {@code [minibatch, channels*length]} with a
 * row laid out {@code [channels][length]} ({@link org.mnn.nn.encoder.InputLayout#FLAT}); the two
 * give identical outputs for the same weights (tested). Graphs are built without
 * {@code setInputTypes}, so DL4J inserts no preprocessors (its {@code RnnToFeedForwardPreProcessor}
 * would turn positions into examples); the flattening to dense layers is an explicit
 * {@code ReshapeVertex(-1, channels*length)}, row {@code [channel][position]}.
 *
 * <p>Measured quirk (EncoderShapesTest): DL4J M2.1's {@code Convolution1DLayer} reports its
 * parameter "W" with shape {@code [nOut, nIn, k, 1]} but applies it with the buffer read as
 * {@code [nIn][nOut]} (for k = 1: channel mix M[o, c] = buffer[c*nOut + o]). Harmless for training;
 * it matters only to code that reads or writes convolution weights by hand.
 *
 * <p>Learned step sizes and the ODE's own coefficients can trade time scale against each other
 * (u' = f on a grid with step h is the same curve as u' = f/2 with step 2h). With a free step head
 * the fit is unaffected but the learned h need not equal the data's spacing (the consistency test
 * measured 0.073 against a grid of 0.158); fix the step or read coefficients with the learned h when
 * they must be interpreted.
 *
 * <p>Everything is float64 (the NeuRLP vertex requires a DOUBLE network).
 */
package org.mnn.nn.encoder;
