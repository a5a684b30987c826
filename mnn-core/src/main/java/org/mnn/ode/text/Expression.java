package org.mnn.ode.text;

import java.util.List;
import org.mnn.ode.text.Expr.Name;

/**
 * One expression of the ODE text form over named signals, such as a library term
 * {@code x*sin(y)}: parsed, resolved against the names it may use (the signals, t, pi, e) and
 * compiled once, then evaluated many times. Derivatives (primes) are not allowed: an expression
 * is a function of the signals' values at one instant.
 */
public final class Expression {
    private final String text;
    private final Node node;
    private final int signals;

    private Expression(String text, Node node, int signals) {
        this.text = text;
        this.node = node;
        this.signals = signals;
    }

    /**
     * @param text the expression, e.g. {@code x*sin(y)} or {@code x^2}
     * @param signals the names it may use, in the order of the values passed to {@link #value}
     * @throws OdeSyntaxException with the column of the offending token
     */
    public static Expression parse(String text, List<String> signals) {
        List<Statement> statements = Statement.split(text, Token.Kind.SEMI);
        if (statements.size() != 1) {
            throw new OdeSyntaxException(statements.isEmpty()
                    ? "empty expression" : "one expression expected, found " + statements.size() + " in '" + text + "'");
        }
        Statement st = statements.get(0);
        ExpressionParser p = new ExpressionParser(st);
        Expr e = p.expression();
        if (!p.atEnd()) {
            throw st.error("expected an operator or the end of the expression but found " + p.peek().describe(), p.peek());
        }
        Expr resolved = Trees.resolve(e, n -> resolve(n, signals, st));
        return new Expression(Printer.print(resolved, signals), Compiler.compile(resolved), signals.size());
    }

    private static Expr resolve(Name n, List<String> signals, Statement st) {
        if (n.primes() > 0) {
            throw st.error("derivatives are not allowed here: " + n.name() + "'".repeat(n.primes())
                    + " (a term is a function of the values " + signals + " and t)", n.column());
        }
        if (Names.TIME.equals(n.name())) {
            return Expr.Time.INSTANCE;
        }
        int d = signals.indexOf(n.name());
        if (d >= 0) {
            return new Expr.State(d, 0);
        }
        Expr.Constant c = Names.builtin(n.name());
        if (c != null) {
            return c;
        }
        throw st.error("unknown name " + n.name() + "; the names are " + String.join(", ", signals) + ", t, pi and e",
                n.column());
    }

    /** The canonical text form (fewest parentheses). */
    public String text() {
        return text;
    }

    /** The value at time t for the signals' values (in the order given to {@link #parse}). */
    public double value(double t, double[] values) {
        if (values.length != signals) {
            throw new IllegalArgumentException("expected " + signals + " values, got " + values.length);
        }
        double[][] u = new double[values.length][1];
        for (int d = 0; d < values.length; d++) {
            u[d][0] = values[d];
        }
        return node.eval(t, u);
    }

    @Override
    public String toString() {
        return text;
    }
}
