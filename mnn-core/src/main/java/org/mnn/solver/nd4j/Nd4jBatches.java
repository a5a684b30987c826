package org.mnn.solver.nd4j;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.mnn.ode.InvalidProblemException;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.Gradients;
import org.mnn.solver.Solution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The boundary between ND4J (the learning layer) and the plain-Java solver: builds an
 * {@link OdeBatch} from INDArrays and returns a {@link Solution}'s values and {@link Gradients}
 * as INDArrays.
 *
 * <p>Shapes (batch first, row-major):
 * <ul>
 *   <li>coefficients {@code [B,N,E,D,R+1]} (per step) or {@code [B,E,D,R+1]} (constant in time);</li>
 *   <li>rhs {@code [B,N,E]} (per step) or {@code [B,E]} (constant in time);</li>
 *   <li>initial values {@code [B,S_iv,D,K]}, or null for none;</li>
 *   <li>steps {@code [N-1]} (shared by the batch) or {@code [B,N-1]} (per item).</li>
 * </ul>
 * B, N, E, D and R are read from the shapes and must agree between arguments. Every array must
 * be {@link DataType#DOUBLE} (the solver works in float64; a silent cast would hide a float32
 * network feeding it): anything else is an {@link InvalidProblemException} naming the argument,
 * its data type and its shape.
 *
 * <p>Data are copied, never shared, through {@code data().asNioDouble()} into or out of a
 * {@code double[]} (field notes: the fastest copy; {@code data()} of a view is its whole parent
 * buffer, so anything whose buffer is not exactly its elements in row-major order (views,
 * offsets, 'f' order, permuted arrays) is first {@code dup('c')}-ed).
 * The copies let the solver run on its own threads with ND4J kept single-threaded
 * ({@code OMP_NUM_THREADS=1}).
 */
public final class Nd4jBatches {
    private Nd4jBatches() {
    }

    /** A batch whose K given derivatives (the last axis of {@code initialValues}) apply to every dimension. */
    public static OdeBatch batch(INDArray coefficients, INDArray rhs, INDArray initialValues, INDArray steps,
                                 boolean periodic) {
        return batch(coefficients, rhs, initialValues, null, steps, periodic);
    }

    /**
     * A batch from INDArrays (shapes in the class comment). {@code initialOrders} gives K_d per
     * dimension (null: K, the last axis of {@code initialValues}, for every dimension); the last
     * axis of {@code initialValues} must then be max K_d. {@code initialValues} may be null: no
     * initial rows.
     */
    public static OdeBatch batch(INDArray coefficients, INDArray rhs, INDArray initialValues, int[] initialOrders,
                                 INDArray steps, boolean periodic) {
        long[] cs = shapeOf("coefficients", coefficients);
        if (cs.length != 4 && cs.length != 5) {
            throw new InvalidProblemException("coefficients: expected rank 5 [B,N,E,D,R+1] (per step) or rank 4"
                    + " [B,E,D,R+1] (constant in time), got rank " + cs.length + " with shape " + Arrays.toString(cs));
        }
        boolean coefPerStep = cs.length == 5;
        long b = cs[0];
        long e = cs[cs.length - 3];
        long d = cs[cs.length - 2];
        long r1 = cs[cs.length - 1];
        long n = coefPerStep ? cs[1] : -1;
        String nFrom = coefPerStep ? "coefficients" : null;

        long[] rs = shapeOf("rhs", rhs);
        if (rs.length != 2 && rs.length != 3) {
            throw new InvalidProblemException("rhs: expected rank 3 [B,N,E] (per step) or rank 2 [B,E] (constant in"
                    + " time), got rank " + rs.length + " with shape " + Arrays.toString(rs));
        }
        boolean rhsPerStep = rs.length == 3;
        agree("rhs", rs, 0, "B", b, "coefficients", cs);
        agree("rhs", rs, rs.length - 1, "E", e, "coefficients", cs);
        if (rhsPerStep) {
            if (n < 0) {
                n = rs[1];
                nFrom = "rhs";
            } else {
                agree("rhs", rs, 1, "N", n, nFrom, cs);
            }
        }

        long[] hs = shapeOf("steps", steps);
        if (hs.length != 1 && hs.length != 2) {
            throw new InvalidProblemException("steps: expected rank 1 [N-1] (shared by the batch) or rank 2 [B,N-1]"
                    + " (per item), got rank " + hs.length + " with shape " + Arrays.toString(hs));
        }
        boolean stepsPerItem = hs.length == 2;
        if (stepsPerItem) {
            agree("steps", hs, 0, "B", b, "coefficients", cs);
        }
        long hLen = hs[hs.length - 1];
        if (n < 0) {
            n = hLen + 1;
        } else if (hLen != n - 1) {
            throw new InvalidProblemException("steps: expected N-1 = " + (n - 1) + " steps on the last axis (N = " + n
                    + " from " + nFrom + " " + Arrays.toString(nFrom.equals("rhs") ? rs : cs) + "), got shape "
                    + Arrays.toString(hs));
        }

        int sIv = 0;
        int k = 0;
        double[] iv = new double[0];
        if (initialValues != null) {
            long[] vs = shapeOf("initialValues", initialValues);
            if (vs.length != 4) {
                throw new InvalidProblemException("initialValues: expected rank 4 [B,S_iv,D,K], got rank " + vs.length
                        + " with shape " + Arrays.toString(vs));
            }
            agree("initialValues", vs, 0, "B", b, "coefficients", cs);
            agree("initialValues", vs, 2, "D", d, "coefficients", cs);
            sIv = toInt("initialValues", "S_iv", vs[1]);
            k = toInt("initialValues", "K", vs[3]);
            iv = toDoubles("initialValues", initialValues);
        }
        int[] ks = initialOrders;
        if (ks == null) {
            ks = new int[(int) Math.max(0, Math.min(d, Integer.MAX_VALUE))];
            Arrays.fill(ks, k);
        } else if (initialValues != null && Arrays.stream(ks).max().orElse(0) != k) {
            throw new InvalidProblemException("initialValues: the last axis (K = " + k + ") must equal the largest of"
                    + " initialOrders " + Arrays.toString(ks) + ", which is " + Arrays.stream(ks).max().orElse(0));
        }
        OdeBatch.Builder builder = OdeBatch.builder(toInt("coefficients", "B", b), toInt(nFrom == null ? "steps" : nFrom, "N", n),
                        toInt("coefficients", "D", d), toInt("coefficients", "R+1", r1) - 1)
                .equations(toInt("coefficients", "E", e))
                .coefficients(toDoubles("coefficients", coefficients), coefPerStep)
                .rhs(toDoubles("rhs", rhs), rhsPerStep)
                .initialValues(sIv, ks, iv)
                .periodic(periodic)
                .steps(toDoubles("steps", steps), stepsPerItem);
        return builder.build();
    }

    /** The solution values u_d^(k)(t_s), {@code [B,N,D,R+1]}, copied. */
    public static INDArray values(Solution solution) {
        OdeBatch b = solution.batch();
        return toINDArray(solution.values(), b.batch(), b.points(), b.dims(), b.order() + 1);
    }

    /** The slack eps per item, {@code [B]} (zeros without slack), copied. */
    public static INDArray eps(Solution solution) {
        int items = solution.batch().batch();
        double[] eps = new double[items];
        for (int i = 0; i < items; i++) {
            eps[i] = solution.eps(i);
        }
        return toINDArray(eps, items);
    }

    /**
     * The backward pass with INDArrays: dL/du {@code [B,N,D,R+1]}, dL/deps {@code [B]} or null;
     * returns the gradients in the shapes of the batch's arguments.
     */
    public static Nd4jGradients backward(Solution solution, INDArray dLdu, INDArray dLdeps) {
        OdeBatch b = solution.batch();
        long[] expected = {b.batch(), b.points(), b.dims(), b.order() + 1};
        long[] us = shapeOf("dL/du", dLdu);
        if (!Arrays.equals(us, expected)) {
            throw new InvalidProblemException("dL/du: expected shape [B,N,D,R+1] = " + Arrays.toString(expected)
                    + ", got " + Arrays.toString(us));
        }
        double[] gEps = null;
        if (dLdeps != null) {
            long[] es = shapeOf("dL/deps", dLdeps);
            if (es.length != 1 || es[0] != b.batch()) {
                throw new InvalidProblemException("dL/deps: expected shape [B] = [" + b.batch() + "], got "
                        + Arrays.toString(es));
            }
            gEps = toDoubles("dL/deps", dLdeps);
        }
        return gradients(b, solution.backward(toDoubles("dL/du", dLdu), gEps));
    }

    /** Gradients of {@code batch} as INDArrays in the shapes of its arguments. */
    public static Nd4jGradients gradients(OdeBatch batch, Gradients g) {
        int b = batch.batch();
        int n = batch.points();
        int e = batch.equations();
        int d = batch.dims();
        int r1 = batch.order() + 1;
        INDArray c = batch.coefficientsPerStep() ? toINDArray(g.coefficients(), b, n, e, d, r1)
                : toINDArray(g.coefficients(), b, e, d, r1);
        INDArray rhs = batch.rhsPerStep() ? toINDArray(g.rhs(), b, n, e) : toINDArray(g.rhs(), b, e);
        INDArray iv = batch.initialValues().length == 0 ? null
                : toINDArray(g.initialValues(), b, batch.initialSteps(), d, batch.maxInitialOrder());
        INDArray h = batch.stepsPerItem() ? toINDArray(g.steps(), b, n - 1) : toINDArray(g.steps(), n - 1);
        return new Nd4jGradients(c, rhs, iv, h);
    }

    /**
     * The elements of a DOUBLE INDArray in row-major ('c') order of its shape, copied.
     * {@code argument} names the array in error messages.
     */
    public static double[] toDoubles(String argument, INDArray a) {
        long[] shape = shapeOf(argument, a);
        long length = a.length();
        if (length > Integer.MAX_VALUE - 8) {
            throw new InvalidProblemException(argument + ": " + length + " elements (shape " + Arrays.toString(shape)
                    + ") do not fit a Java array");
        }
        double[] out = new double[(int) length];
        if (length == 0 || a.isEmpty()) {
            return out;
        }
        read(a, out);
        return out;
    }

    /**
     * Copies the elements of {@code a} in row-major order into {@code dst} (length a.length())
     * without allocating when a's buffer already holds exactly them (the per-step path of the
     * learning layer); views and other orders are copied through {@code dup('c')} first.
     */
    public static void read(INDArray a, double[] dst) {
        INDArray c = isPlainRowMajor(a, a.shape(), a.length()) ? a : a.dup('c');
        DoubleBuffer buf = c.data().asNioDouble();
        buf.position(0);
        buf.get(dst, 0, dst.length);
    }

    /** Writes {@code src} into {@code dst}, which must be a plain row-major array of that length. */
    public static void write(double[] src, INDArray dst) {
        if (!isPlainRowMajor(dst, dst.shape(), dst.length())) {
            throw new IllegalArgumentException("destination: expected a plain row-major array (no view), got shape "
                    + Arrays.toString(dst.shape()) + " order " + dst.ordering());
        }
        DoubleBuffer buf = dst.data().asNioDouble();
        buf.position(0);
        buf.put(src, 0, (int) dst.length());
    }

    /** A new DOUBLE, 'c'-ordered INDArray of the given shape holding a copy of {@code values}. */
    public static INDArray toINDArray(double[] values, long... shape) {
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        if (length != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + length
                    + " values, got " + values.length);
        }
        if (length == 0) {
            return Nd4j.create(DataType.DOUBLE, shape, 'c');
        }
        INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, shape, 'c');
        DoubleBuffer buf = out.data().asNioDouble();
        buf.position(0);
        buf.put(values, 0, values.length);
        return out;
    }

    /**
     * Whether the buffer of {@code a} holds exactly its elements in row-major order: no view,
     * offset 0, buffer length = element count, and row-major strides on every axis longer than 1.
     * ordering() and isView() alone are not enough: a permuted array reports neither.
     */
    private static boolean isPlainRowMajor(INDArray a, long[] shape, long length) {
        if (a.isView() || a.offset() != 0 || a.data().length() != length) {
            return false;
        }
        long[] stride = a.stride();
        long expected = 1;
        for (int ax = shape.length - 1; ax >= 0; ax--) {
            if (shape[ax] > 1 && stride[ax] != expected) {
                return false;
            }
            expected *= shape[ax];
        }
        return true;
    }

    /** The shape of a DOUBLE array; a clear error for null or another data type. */
    private static long[] shapeOf(String argument, INDArray a) {
        if (a == null) {
            throw new InvalidProblemException(argument + ": missing (null); expected a DOUBLE INDArray");
        }
        long[] shape = a.shape();
        if (a.dataType() != DataType.DOUBLE) {
            throw new InvalidProblemException(argument + ": expected data type DOUBLE, got " + a.dataType()
                    + " with shape " + Arrays.toString(shape) + " (convert with castTo(DataType.DOUBLE))");
        }
        return shape;
    }

    private static void agree(String argument, long[] shape, int axis, String size, long expected, String from,
                              long[] fromShape) {
        if (shape[axis] != expected) {
            throw new InvalidProblemException(argument + ": expected " + size + " = " + expected + " on axis " + axis
                    + " (" + size + " from " + from + " " + Arrays.toString(fromShape) + "), got shape "
                    + Arrays.toString(shape));
        }
    }

    private static int toInt(String argument, String size, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new InvalidProblemException(argument + ": " + size + " = " + value + " is too large");
        }
        return (int) value;
    }
}
