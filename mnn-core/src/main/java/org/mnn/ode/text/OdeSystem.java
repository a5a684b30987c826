package org.mnn.ode.text;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mnn.solver.ImplicitOde;

/**
 * A parsed ODE system in residual form: equation e reads G_e(t, u) = lhs_e - rhs_e = 0, where
 * {@code u[d][k]} holds u_d^(k), the k-th derivative of variable d, for k = 0..maxOrder.
 *
 * <p>Immutable and thread-safe. {@link #residual} and {@link #gradient} evaluate trees compiled
 * once at parse time (gradients by symbolic differentiation), so they allocate nothing and are
 * meant for the solver's inner loop. For a linear system the coefficient of u_d^(k) in
 * equation e at time t is {@code gradient(e, t, anyU, out)[d][k]} and the right-hand side is
 * {@code b_e(t) = -residual(e, t, zeros)}.
 */
public final class OdeSystem implements ImplicitOde {
    private final List<String> variables;
    private final int[] orders;
    private final int maxOrder;
    private final List<Expr> lhs;
    private final List<Expr> rhs;
    private final List<Definition> definitions;
    private final Map<String, Double> parameters;
    private final CompiledEquation[] compiled;
    private final boolean linear;

    OdeSystem(List<String> variables, int[] orders, List<Expr> lhs, List<Expr> rhs,
              List<Definition> definitions, Map<String, Double> parameters) {
        this.variables = List.copyOf(variables);
        this.orders = orders.clone();
        this.maxOrder = Arrays.stream(orders).max().orElse(0);
        this.lhs = List.copyOf(lhs);
        this.rhs = List.copyOf(rhs);
        this.definitions = List.copyOf(definitions);
        this.parameters = parameters;
        this.compiled = new CompiledEquation[lhs.size()];
        boolean allLinear = true;
        for (int e = 0; e < compiled.length; e++) {
            compiled[e] = new CompiledEquation(lhs.get(e), rhs.get(e), orders);
            allLinear &= compiled[e].linear;
        }
        this.linear = allLinear;
    }

    /**
     * The state variables in solver order: first those that appear differentiated on a left-hand
     * side, in order of appearance; then the rest in order of first appearance anywhere.
     */
    public List<String> variables() {
        return variables;
    }

    /** D, the number of state variables. */
    public int dims() {
        return variables.size();
    }

    /** The name of variable d as written in the text. */
    public String variableName(int d) {
        return variables.get(d);
    }

    /** Order of variable d: the most primes it carries anywhere (at least 1). */
    public int order(int d) {
        return orders[d];
    }

    public int maxOrder() {
        return maxOrder;
    }

    /** Number of equations, always equal to the number of variables. */
    public int equations() {
        return compiled.length;
    }

    /** Whether every equation is affine in all u_d^(k) (coefficients may depend on t). */
    public boolean isLinear() {
        return linear;
    }

    /** Named constants (parameters by name, then inline definitions) with their values. */
    public Map<String, Double> parameters() {
        return parameters;
    }

    /** G_e(t, u) = lhs - rhs, with {@code u[d][k]} = u_d^(k), k = 0..maxOrder. */
    public double residual(int e, double t, double[][] u) {
        return compiled[e].residual.eval(t, u);
    }

    /**
     * Fills {@code out[d][k]} = dG_e/du_d^(k) at (t, u); {@code out} has the shape of u and is
     * overwritten completely (entries that do not occur in the equation become 0).
     */
    public void gradient(int e, double t, double[][] u, double[][] out) {
        for (double[] row : out) {
            Arrays.fill(row, 0);
        }
        CompiledEquation c = compiled[e];
        for (int i = 0; i < c.partials.length; i++) {
            out[c.variables[i]][c.derivatives[i]] = c.partials[i].eval(t, u);
        }
    }

    /** Equation e in canonical form, e.g. {@code x'' + 0.1*x' + x = cos(t)}. */
    public String equationText(int e) {
        return Printer.print(lhs.get(e), variables) + " = " + Printer.print(rhs.get(e), variables);
    }

    /**
     * Canonical text: one {@code name = value} line per constant, then one line per equation.
     * {@code OdeParser.parse(toString())} gives a system with the same variables, orders and
     * bit-identical residuals and gradients.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Definition d : definitions) {
            sb.append(d.name()).append(" = ").append(Printer.print(d.value(), variables)).append('\n');
        }
        for (int e = 0; e < compiled.length; e++) {
            sb.append(equationText(e)).append(e + 1 < compiled.length ? "\n" : "");
        }
        return sb.toString();
    }
}
