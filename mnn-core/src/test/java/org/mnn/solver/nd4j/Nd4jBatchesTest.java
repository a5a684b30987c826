package org.mnn.solver.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mnn.ode.InvalidProblemException;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.DenseNeuRlpSolver;
import org.mnn.solver.Gradients;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.Solution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The ND4J boundary: copies in and out keep row-major element order (also for views, offsets and
 * 'f' order), a batch built from INDArrays equals the one built from the same double[], a solve
 * and its backward pass through the adapter equal the direct ones bit for bit and come back in
 * the argument shapes, and wrong data types or shapes are reported by argument name.
 */
class Nd4jBatchesTest {

    // ---- copies ------------------------------------------------------------------------------

    @Test
    void doublesRoundTripInRowMajorOrder() {
        double[] data = random(new Random(1), 2 * 3 * 4);
        INDArray a = Nd4jBatches.toINDArray(data, 2, 3, 4);
        assertThat(a.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(a.shape()).containsExactly(2, 3, 4);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertThat(a.getDouble(i, j, k)).isEqualTo(data[(i * 3 + j) * 4 + k]);
                }
            }
        }
        double[] back = Nd4jBatches.toDoubles("a", a);
        assertThat(back).containsExactly(data);
        // copies, not shared: changing either side leaves the other alone
        back[0] = 99;
        data[1] = 98;
        assertThat(a.getDouble(0, 0, 0)).isNotEqualTo(99);
        assertThat(a.getDouble(0, 0, 1)).isNotEqualTo(98);
    }

    @Test
    void viewsOffsetsAndFortranOrderAreReadInLogicalOrder() {
        INDArray base = Nd4j.create(DataType.DOUBLE, new long[] {4, 5, 6}, 'c');
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                for (int k = 0; k < 6; k++) {
                    base.putScalar(new long[] {i, j, k}, 100 * i + 10 * j + k);
                }
            }
        }
        INDArray view = base.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.interval(2, 5));
        assertThat(view.isView()).isTrue();
        assertThat(Nd4jBatches.toDoubles("view", view)).containsExactly(logical(view));
        INDArray row = base.get(NDArrayIndex.point(2), NDArrayIndex.all(), NDArrayIndex.all());
        assertThat(Nd4jBatches.toDoubles("row", row)).containsExactly(logical(row));
        INDArray fortran = base.dup('f');
        assertThat(fortran.ordering()).isEqualTo('f');
        assertThat(Nd4jBatches.toDoubles("fortran", fortran)).containsExactly(logical(base));
        INDArray permuted = base.permute(2, 0, 1);
        assertThat(Nd4jBatches.toDoubles("permuted", permuted)).containsExactly(logical(permuted));
        assertThat(Nd4jBatches.toDoubles("base", base)).containsExactly(logical(base));
    }

    /** Elements of an array by getDouble at each index, row-major. */
    static double[] logical(INDArray a) {
        long[] s = a.shape();
        double[] out = new double[(int) a.length()];
        long[] idx = new long[s.length];
        for (int p = 0; p < out.length; p++) {
            long rest = p;
            for (int ax = s.length - 1; ax >= 0; ax--) {
                idx[ax] = rest % s[ax];
                rest /= s[ax];
            }
            out[p] = a.getDouble(idx);
        }
        return out;
    }

    // ---- a batch through the adapter equals the direct one --------------------------------------

    static final int B = 3;
    static final int N = 12;
    static final int D = 2;
    static final int R = 2;

    /** Random well-posed data (diagonally dominant top order, steps in [0.3, 0.7]) in flat arrays. */
    static final class Data {
        final boolean coefPerStep;
        final boolean rhsPerStep;
        final boolean stepsPerItem;
        final double[] c;
        final double[] rhs;
        final double[] iv;
        final double[] h;
        final int sIv = 2;

        Data(long seed, boolean coefPerStep, boolean rhsPerStep, boolean stepsPerItem) {
            this.coefPerStep = coefPerStep;
            this.rhsPerStep = rhsPerStep;
            this.stepsPerItem = stepsPerItem;
            Random rnd = new Random(seed);
            int slices = coefPerStep ? N : 1;
            c = new double[B * slices * D * D * (R + 1)];
            int i = 0;
            for (int b = 0; b < B * slices; b++) {
                for (int e = 0; e < D; e++) {
                    for (int d = 0; d < D; d++) {
                        for (int k = 0; k <= R; k++) {
                            c[i++] = k == R ? (d == e ? 1.5 + rnd.nextDouble() : 0.2 * rnd.nextGaussian())
                                    : 0.5 * rnd.nextGaussian();
                        }
                    }
                }
            }
            rhs = random(rnd, B * (rhsPerStep ? N : 1) * D);
            iv = random(rnd, B * sIv * D * R);
            h = new double[(stepsPerItem ? B : 1) * (N - 1)];
            for (int j = 0; j < h.length; j++) {
                h[j] = 0.3 + 0.4 * rnd.nextDouble();
            }
        }

        OdeBatch direct() {
            return OdeBatch.builder(B, N, D, R).coefficients(c, coefPerStep).rhs(rhs, rhsPerStep)
                    .initialValues(sIv, R, iv).steps(h, stepsPerItem).build();
        }

        long[] cShape() {
            return coefPerStep ? new long[] {B, N, D, D, R + 1} : new long[] {B, D, D, R + 1};
        }

        long[] rhsShape() {
            return rhsPerStep ? new long[] {B, N, D} : new long[] {B, D};
        }

        long[] ivShape() {
            return new long[] {B, sIv, D, R};
        }

        long[] hShape() {
            return stepsPerItem ? new long[] {B, N - 1} : new long[] {N - 1};
        }

        /** Through the adapter; the coefficients arrive as a view into a larger array. */
        OdeBatch adapted() {
            return Nd4jBatches.batch(asView(c, cShape()), Nd4jBatches.toINDArray(rhs, rhsShape()),
                    Nd4jBatches.toINDArray(iv, ivShape()), Nd4jBatches.toINDArray(h, hShape()), false);
        }

        @Override
        public String toString() {
            return (coefPerStep ? "c [B,N,E,D,R+1]" : "c [B,E,D,R+1]") + ", " + (rhsPerStep ? "rhs [B,N,E]" : "rhs [B,E]")
                    + ", " + (stepsPerItem ? "steps [B,N-1]" : "steps [N-1]");
        }
    }

    /** The values as a view (batch items 1..B of a [B+1, ...] array) so the adapter must dup. */
    static INDArray asView(double[] values, long[] shape) {
        long[] big = shape.clone();
        big[0] += 1;
        INDArray parent = Nd4j.create(DataType.DOUBLE, big, 'c').assign(Double.NaN);
        INDArray view = parent.get(NDArrayIndex.interval(1, big[0]));
        view.assign(Nd4jBatches.toINDArray(values, shape));
        assertThat(view.isView()).isTrue();
        return view;
    }

    static Stream<Arguments> layouts() {
        List<Arguments> out = new ArrayList<>();
        long seed = 10;
        for (boolean c : new boolean[] {false, true}) {
            for (boolean r : new boolean[] {false, true}) {
                for (boolean s : new boolean[] {false, true}) {
                    out.add(Arguments.of(new Data(seed++, c, r, s)));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void aBatchFromINDArraysEqualsTheDirectOne(Data data) {
        OdeBatch direct = data.direct();
        OdeBatch adapted = data.adapted();
        assertThat(adapted.batch()).isEqualTo(B);
        assertThat(adapted.points()).isEqualTo(N);
        assertThat(adapted.dims()).isEqualTo(D);
        assertThat(adapted.equations()).isEqualTo(D);
        assertThat(adapted.order()).isEqualTo(R);
        assertThat(adapted.initialSteps()).isEqualTo(direct.initialSteps());
        assertThat(adapted.maxInitialOrder()).isEqualTo(R);
        assertThat(adapted.coefficientsPerStep()).isEqualTo(data.coefPerStep);
        assertThat(adapted.rhsPerStep()).isEqualTo(data.rhsPerStep);
        assertThat(adapted.stepsPerItem()).isEqualTo(data.stepsPerItem);
        assertThat(adapted.periodic()).isFalse();
        assertThat(adapted.coefficients()).containsExactly(direct.coefficients());
        assertThat(adapted.rhs()).containsExactly(direct.rhs());
        assertThat(adapted.initialValues()).containsExactly(direct.initialValues());
        assertThat(adapted.steps()).containsExactly(direct.steps());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void aSolveAndItsBackwardPassThroughTheAdapterEqualTheDirectOnes(Data data) {
        for (OdeSolver solver : new OdeSolver[] {new BandedNeuRlpSolver(NeuRlpOptions.defaults()),
                new DenseNeuRlpSolver(NeuRlpOptions.defaults())}) {
            Solution direct = solver.solve(data.direct());
            Solution adapted = solver.solve(data.adapted());
            INDArray u = Nd4jBatches.values(adapted);
            assertThat(u.shape()).containsExactly(B, N, D, R + 1);
            assertThat(Nd4jBatches.toDoubles("u", u)).containsExactly(direct.values());
            assertThat(u.getDouble(2, 7, 1, 2)).isEqualTo(direct.u(2, 7, 1, 2));
            INDArray eps = Nd4jBatches.eps(adapted);
            assertThat(eps.shape()).containsExactly(B);
            for (int b = 0; b < B; b++) {
                assertThat(eps.getDouble(b)).isEqualTo(direct.eps(b));
            }

            Random rnd = new Random(7);
            double[] dLdu = random(rnd, direct.values().length);
            double[] dLdeps = random(rnd, B);
            Gradients g = direct.backward(dLdu, dLdeps);
            Nd4jGradients ng = Nd4jBatches.backward(adapted, Nd4jBatches.toINDArray(dLdu, B, N, D, R + 1),
                    Nd4jBatches.toINDArray(dLdeps, B));
            assertThat(ng.coefficients().shape()).containsExactly(data.cShape());
            assertThat(ng.rhs().shape()).containsExactly(data.rhsShape());
            assertThat(ng.initialValues().shape()).containsExactly(data.ivShape());
            assertThat(ng.steps().shape()).containsExactly(data.hShape());
            assertThat(Nd4jBatches.toDoubles("dc", ng.coefficients())).containsExactly(g.coefficients());
            assertThat(Nd4jBatches.toDoubles("drhs", ng.rhs())).containsExactly(g.rhs());
            assertThat(Nd4jBatches.toDoubles("div", ng.initialValues())).containsExactly(g.initialValues());
            assertThat(Nd4jBatches.toDoubles("dh", ng.steps())).containsExactly(g.steps());
            // and without dL/deps
            Gradients g0 = direct.backward(dLdu, null);
            Nd4jGradients ng0 = Nd4jBatches.backward(adapted, Nd4jBatches.toINDArray(dLdu, B, N, D, R + 1), null);
            assertThat(Nd4jBatches.toDoubles("dh", ng0.steps())).containsExactly(g0.steps());
        }
    }

    @Test
    void theValuesArrayIsACopy() {
        Data data = new Data(3, false, true, false);
        Solution s = new BandedNeuRlpSolver(NeuRlpOptions.defaults()).solve(data.adapted());
        double before = s.u(0, 0, 0, 0);
        INDArray u = Nd4jBatches.values(s);
        u.putScalar(new long[] {0, 0, 0, 0}, 1e6);
        assertThat(s.u(0, 0, 0, 0)).isEqualTo(before);
    }

    @Test
    void withoutInitialValuesTheBatchHasNoInitialRowsAndNoInitialGradient() {
        // periodic u' + u = sin t: well posed with no initial rows
        int n = 40;
        double h = 2 * Math.PI / (n - 1);
        double[] rhs = new double[n];
        for (int s = 0; s < n; s++) {
            rhs[s] = Math.sin(s * h);
        }
        double[] steps = new double[n - 1];
        java.util.Arrays.fill(steps, h);
        OdeBatch batch = Nd4jBatches.batch(Nd4jBatches.toINDArray(new double[] {1, 1}, 1, 1, 1, 2),
                Nd4jBatches.toINDArray(rhs, 1, n, 1), null, Nd4jBatches.toINDArray(steps, n - 1), true);
        assertThat(batch.initialSteps()).isZero();
        assertThat(batch.periodic()).isTrue();
        Solution s = new BandedNeuRlpSolver(NeuRlpOptions.defaults()).solve(batch);
        assertThat(s.u(0, 10, 0, 0)).isCloseTo((Math.sin(10 * h) - Math.cos(10 * h)) / 2,
                org.assertj.core.data.Offset.offset(2e-3));
        Nd4jGradients g = Nd4jBatches.backward(s, Nd4j.create(DataType.DOUBLE, new long[] {1, n, 1, 2}, 'c').assign(1.0),
                null);
        assertThat(g.initialValues()).isNull();
        assertThat(g.coefficients().shape()).containsExactly(1, 1, 1, 2);
    }

    @Test
    void perDimensionInitialOrdersPassThrough() {
        Data data = new Data(5, true, true, true);
        int[] ks = {2, 1};
        OdeBatch batch = Nd4jBatches.batch(Nd4jBatches.toINDArray(data.c, data.cShape()),
                Nd4jBatches.toINDArray(data.rhs, data.rhsShape()), Nd4jBatches.toINDArray(data.iv, data.ivShape()), ks,
                Nd4jBatches.toINDArray(data.h, data.hShape()), false);
        assertThat(batch.initialOrder(0)).isEqualTo(2);
        assertThat(batch.initialOrder(1)).isEqualTo(1);
        assertThatThrownBy(() -> Nd4jBatches.batch(Nd4jBatches.toINDArray(data.c, data.cShape()),
                Nd4jBatches.toINDArray(data.rhs, data.rhsShape()), Nd4jBatches.toINDArray(data.iv, data.ivShape()),
                new int[] {1, 1}, Nd4jBatches.toINDArray(data.h, data.hShape()), false))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("initialValues: the last axis (K = 2) must equal the largest of initialOrders [1, 1], which is 1");
    }

    // ---- errors ------------------------------------------------------------------------------

    @Test
    void otherDataTypesAreRejectedNamingTheArgument() {
        Data data = new Data(4, true, true, false);
        INDArray c = Nd4jBatches.toINDArray(data.c, data.cShape());
        INDArray rhs = Nd4jBatches.toINDArray(data.rhs, data.rhsShape());
        INDArray iv = Nd4jBatches.toINDArray(data.iv, data.ivShape());
        INDArray h = Nd4jBatches.toINDArray(data.h, data.hShape());
        assertThatThrownBy(() -> Nd4jBatches.batch(c.castTo(DataType.FLOAT), rhs, iv, h, false))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("coefficients: expected data type DOUBLE, got FLOAT with shape [3, 12, 2, 2, 3]"
                        + " (convert with castTo(DataType.DOUBLE))");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, rhs.castTo(DataType.HALF), iv, h, false))
                .hasMessage("rhs: expected data type DOUBLE, got HALF with shape [3, 12, 2] (convert with castTo(DataType.DOUBLE))");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, rhs, iv.castTo(DataType.FLOAT), h, false))
                .hasMessageStartingWith("initialValues: expected data type DOUBLE, got FLOAT with shape [3, 2, 2, 2]");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, rhs, iv, h.castTo(DataType.INT), false))
                .hasMessageStartingWith("steps: expected data type DOUBLE, got INT with shape [11]");
        assertThatThrownBy(() -> Nd4jBatches.batch(null, rhs, iv, h, false))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("coefficients: missing (null); expected a DOUBLE INDArray");
        assertThatThrownBy(() -> Nd4jBatches.toDoubles("x", Nd4j.create(DataType.FLOAT, new long[] {2, 2}, 'c')))
                .hasMessageStartingWith("x: expected data type DOUBLE, got FLOAT with shape [2, 2]");
    }

    @Test
    void shapesThatDisagreeAreRejectedNamingTheArgument() {
        Data data = new Data(6, true, true, true);
        INDArray c = Nd4jBatches.toINDArray(data.c, data.cShape());
        INDArray rhs = Nd4jBatches.toINDArray(data.rhs, data.rhsShape());
        INDArray iv = Nd4jBatches.toINDArray(data.iv, data.ivShape());
        INDArray h = Nd4jBatches.toINDArray(data.h, data.hShape());
        assertThatThrownBy(() -> Nd4jBatches.batch(c.reshape(3, 12, 12), rhs, iv, h, false))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("coefficients: expected rank 5 [B,N,E,D,R+1] (per step) or rank 4 [B,E,D,R+1]"
                        + " (constant in time), got rank 3 with shape [3, 12, 12]");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, Nd4j.zeros(DataType.DOUBLE, 2, 12, 2), iv, h, false))
                .hasMessage("rhs: expected B = 3 on axis 0 (B from coefficients [3, 12, 2, 2, 3]), got shape [2, 12, 2]");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, Nd4j.zeros(DataType.DOUBLE, 3, 11, 2), iv, h, false))
                .hasMessage("rhs: expected N = 12 on axis 1 (N from coefficients [3, 12, 2, 2, 3]), got shape [3, 11, 2]");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, Nd4j.zeros(DataType.DOUBLE, 3, 12, 1), iv, h, false))
                .hasMessage("rhs: expected E = 2 on axis 2 (E from coefficients [3, 12, 2, 2, 3]), got shape [3, 12, 1]");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, rhs, iv, Nd4j.ones(DataType.DOUBLE, 3, 10), false))
                .hasMessage("steps: expected N-1 = 11 steps on the last axis (N = 12 from coefficients [3, 12, 2, 2, 3]),"
                        + " got shape [3, 10]");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, rhs, iv, Nd4j.ones(DataType.DOUBLE, 4, 11), false))
                .hasMessage("steps: expected B = 3 on axis 0 (B from coefficients [3, 12, 2, 2, 3]), got shape [4, 11]");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, rhs, Nd4j.zeros(DataType.DOUBLE, 3, 2, 3, 2), h, false))
                .hasMessage("initialValues: expected D = 2 on axis 2 (D from coefficients [3, 12, 2, 2, 3]),"
                        + " got shape [3, 2, 3, 2]");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, rhs, Nd4j.zeros(DataType.DOUBLE, 3, 2, 2), h, false))
                .hasMessage("initialValues: expected rank 4 [B,S_iv,D,K], got rank 3 with shape [3, 2, 2]");
        // N taken from rhs when the coefficients are constant in time
        INDArray c4 = Nd4j.ones(DataType.DOUBLE, 3, 2, 2, 3);
        assertThatThrownBy(() -> Nd4jBatches.batch(c4, rhs, iv, Nd4j.ones(DataType.DOUBLE, 3, 10), false))
                .hasMessage("steps: expected N-1 = 11 steps on the last axis (N = 12 from rhs [3, 12, 2]), got shape [3, 10]");
        // what only the OdeBatch can judge (values, K > R) still comes from its validation
        assertThatThrownBy(() -> Nd4jBatches.batch(c, rhs, iv, Nd4j.zeros(DataType.DOUBLE, 3, 11), false))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("steps[item 0, step 0]: expected a positive finite step size, got 0.0");
        assertThatThrownBy(() -> Nd4jBatches.batch(c, rhs, Nd4j.zeros(DataType.DOUBLE, 3, 2, 2, 4), h, false))
                .hasMessageStartingWith("initial orders[dim 0]: expected 0..2 given derivatives (order R = 2), got 4");
    }

    @Test
    void backwardChecksTheShapesOfItsInputs() {
        Data data = new Data(8, false, false, false);
        Solution s = new BandedNeuRlpSolver(NeuRlpOptions.defaults()).solve(data.adapted());
        assertThatThrownBy(() -> Nd4jBatches.backward(s, Nd4j.zeros(DataType.DOUBLE, B, N, D * (R + 1)), null))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("dL/du: expected shape [B,N,D,R+1] = [3, 12, 2, 3], got [3, 12, 6]");
        assertThatThrownBy(() -> Nd4jBatches.backward(s, Nd4j.zeros(DataType.DOUBLE, B, N, D, R + 1),
                Nd4j.zeros(DataType.DOUBLE, B, 1)))
                .hasMessage("dL/deps: expected shape [B] = [3], got [3, 1]");
        assertThatThrownBy(() -> Nd4jBatches.backward(s, Nd4j.zeros(DataType.FLOAT, B, N, D, R + 1), null))
                .hasMessageStartingWith("dL/du: expected data type DOUBLE, got FLOAT with shape [3, 12, 2, 3]");
    }

    static double[] random(Random rnd, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rnd.nextGaussian();
        }
        return out;
    }
}
