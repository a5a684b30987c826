package org.mnn.discover;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * A discovered system of first-order ODEs, {@code dx_d/dt = sum_k xi[d][k] * theta_k(x, inputs, t)}:
 * the variables, the measured inputs, the library the terms come from and the coefficients.
 */
public final class DiscoveredModel {
    private final List<String> variables;
    private final List<String> inputs;
    private final Library library;
    private final double[][] coefficients;

    public DiscoveredModel(List<String> variables, List<String> inputs, Library library, double[][] coefficients) {
        this.variables = List.copyOf(variables);
        this.inputs = List.copyOf(inputs);
        this.library = library;
        this.coefficients = new double[coefficients.length][];
        if (coefficients.length != variables.size()) {
            throw new IllegalArgumentException(coefficients.length + " rows of coefficients for " + variables.size() + " variables");
        }
        for (int d = 0; d < coefficients.length; d++) {
            if (coefficients[d].length != library.size()) {
                throw new IllegalArgumentException("variable " + variables.get(d) + " has " + coefficients[d].length
                        + " coefficients for " + library.size() + " terms");
            }
            this.coefficients[d] = coefficients[d].clone();
        }
    }

    public List<String> variables() { return variables; }
    public List<String> inputs() { return inputs; }
    public Library library() { return library; }

    /** xi[d][k], a copy. */
    public double[][] coefficients() {
        double[][] c = new double[coefficients.length][];
        for (int d = 0; d < c.length; d++) {
            c[d] = coefficients[d].clone();
        }
        return c;
    }

    public double coefficient(String variable, String term) {
        int d = variables.indexOf(variable);
        int k = library.names().indexOf(term);
        if (d < 0 || k < 0) {
            throw new IllegalArgumentException("no " + (d < 0 ? "variable " + variable : "term " + term));
        }
        return coefficients[d][k];
    }

    /** Number of nonzero coefficients. */
    public int termCount() {
        int n = 0;
        for (double[] row : coefficients) {
            for (double c : row) {
                n += c != 0 ? 1 : 0;
            }
        }
        return n;
    }

    /** {@code dx/dt = -10.00*x + 10.00*y}, one line per variable, with {@code digits} decimals. */
    public List<String> equations(int digits) {
        LatexFormat.requireDigits(digits);
        List<String> out = new ArrayList<>();
        for (int d = 0; d < variables.size(); d++) {
            StringBuilder sb = new StringBuilder("d" + variables.get(d) + "/dt = ");
            boolean first = true;
            for (int k = 0; k < library.size(); k++) {
                double c = coefficients[d][k];
                if (c == 0) {
                    continue;
                }
                String mag = String.format(Locale.ROOT, "%." + digits + "f", Math.abs(c));
                sb.append(first ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + ")).append(mag);
                String name = library.term(k).name();
                if (!name.equals("1")) {
                    sb.append('*').append(name);
                }
                first = false;
            }
            if (first) {
                sb.append('0');
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** The system as a LaTeX {@code aligned} block with {@code digits} decimals; see {@link LatexFormat}. */
    public String latex(int digits) {
        return LatexFormat.system(this, digits);
    }

    /** The JSON form without scores; see {@link ModelJson}. */
    public String toJson() {
        return ModelJson.write(this, null);
    }

    /** The JSON form with scores (null: none); see {@link ModelJson}. */
    public String toJson(Scores scores) {
        return ModelJson.write(this, scores);
    }

    /** A model saved by {@link #toJson()}: simulate it, print it, compare it.
     * @throws IllegalArgumentException if the text is not a model's JSON form */
    public static DiscoveredModel fromJson(String json) {
        return ModelJson.read(json);
    }

    /** The coefficients as a Tablesaw table (term, then one column per variable; used terms only). */
    public tech.tablesaw.api.Table coefficientTable() {
        return CoefficientTable.of(this);
    }

    /** The right-hand sides at time t for states x and input values (in {@link #inputs()} order). */
    public double[] rates(double t, double[] x, double[] inputValues) {
        double[] signals = new double[x.length + inputValues.length];
        System.arraycopy(x, 0, signals, 0, x.length);
        System.arraycopy(inputValues, 0, signals, x.length, inputValues.length);
        double[] rates = new double[variables.size()];
        for (int k = 0; k < library.size(); k++) {
            double theta = Double.NaN;
            for (int d = 0; d < rates.length; d++) {
                if (coefficients[d][k] != 0) {
                    if (Double.isNaN(theta)) {
                        theta = library.term(k).value(t, signals);
                    }
                    rates[d] += coefficients[d][k] * theta;
                }
            }
        }
        return rates;
    }

    /** Integrates the model from x0 at times[0] (no inputs) and returns the states at every time,
     * {@code [N][D]}; see {@link #simulate(double[], double[], double[][])}. */
    public double[][] simulate(double[] x0, double[] times) {
        if (!inputs.isEmpty()) {
            throw new IllegalArgumentException("this model has inputs " + inputs + ": pass their values to simulate");
        }
        return simulate(x0, times, new double[times.length][0]);
    }

    /**
     * Integrates the model with Hipparchus' Dormand-Prince 8(5,3) (relative and absolute tolerance
     * 1e-10) from x0 at times[0], with the inputs interpolated linearly between their samples
     * {@code inputValues[i]} at times[i].
     *
     * @throws IllegalStateException if the solution leaves the finite numbers (the model blows up)
     */
    public double[][] simulate(double[] x0, double[] times, double[][] inputValues) {
        int dims = variables.size();
        if (x0.length != dims) {
            throw new IllegalArgumentException("x0 has " + x0.length + " values for variables " + variables);
        }
        if (inputValues.length != times.length) {
            throw new IllegalArgumentException(times.length + " times but " + inputValues.length + " rows of inputs");
        }
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            public int getDimension() { return dims; }
            public double[] computeDerivatives(double t, double[] y) {
                return rates(t, y, interpolate(times, inputValues, t));
            }
        };
        DormandPrince853Integrator integrator = new DormandPrince853Integrator(1e-12,
                Math.max(times[times.length - 1] - times[0], 1e-12), 1e-10, 1e-10);
        double[][] out = new double[times.length][];
        out[0] = x0.clone();
        ODEState state = new ODEState(times[0], x0.clone());
        for (int i = 1; i < times.length; i++) {
            try {
                ODEStateAndDerivative next = integrator.integrate(ode, state, times[i]);
                state = next;
            } catch (MathRuntimeException e) {
                // MathIllegalStateException (too many evaluations), MathIllegalArgumentException (step below the minimum)
                throw new IllegalStateException("the model's solution blows up before t = " + times[i] + ": " + e.getMessage(), e);
            }
            out[i] = state.getPrimaryState().clone();
            for (double v : out[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("the model's solution blows up before t = " + times[i]);
                }
            }
        }
        return out;
    }

    private static double[] interpolate(double[] times, double[][] values, double t) {
        if (values[0].length == 0) {
            return values[0];
        }
        int i = java.util.Arrays.binarySearch(times, t);
        if (i >= 0) {
            return values[i];
        }
        int hi = Math.min(Math.max(-i - 1, 1), times.length - 1);
        int lo = hi - 1;
        double w = (t - times[lo]) / (times[hi] - times[lo]);
        double[] out = new double[values[0].length];
        for (int j = 0; j < out.length; j++) {
            out[j] = (1 - w) * values[lo][j] + w * values[hi][j];
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join("\n", equations(4));
    }
}
