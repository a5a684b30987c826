package org.mnn.ode.text;

import java.util.ArrayList;
import java.util.List;

/**
 * One equation ready for the solver: the residual G = lhs - rhs and the non-zero entries of its
 * gradient, each the symbolic partial derivative compiled to a {@link Node} graph.
 */
final class CompiledEquation {
    final Node residual;
    /** Gradient entries: dG/du_{variables[i]}^{(derivatives[i])} = partials[i]. */
    final int[] variables;
    final int[] derivatives;
    final Node[] partials;
    /** Affine in the state: no partial derivative depends on the state. */
    final boolean linear;

    CompiledEquation(Expr lhs, Expr rhs, int[] orders) {
        Expr g = new Expr.Binary(Expr.Op.SUB, lhs, rhs);
        this.residual = Compiler.compile(g);
        List<int[]> entries = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        boolean affine = true;
        for (int d = 0; d < orders.length; d++) {
            for (int k = 0; k <= orders[d]; k++) {
                Expr partial = Derivative.of(g, d, k);
                if (Sym.isNum(partial, 0)) {
                    continue;
                }
                // conservative: a derivative that only cancels to a constant symbolically
                // (x*x - x^2) still counts as non-linear
                affine &= !Trees.hasState(partial);
                entries.add(new int[] {d, k});
                nodes.add(Compiler.compile(partial));
            }
        }
        this.variables = entries.stream().mapToInt(e -> e[0]).toArray();
        this.derivatives = entries.stream().mapToInt(e -> e[1]).toArray();
        this.partials = nodes.toArray(new Node[0]);
        this.linear = affine;
    }
}
