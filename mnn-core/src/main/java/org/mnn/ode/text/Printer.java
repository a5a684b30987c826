package org.mnn.ode.text;

import java.util.List;
import org.mnn.ode.text.Expr.Binary;
import org.mnn.ode.text.Expr.Call;
import org.mnn.ode.text.Expr.Constant;
import org.mnn.ode.text.Expr.Name;
import org.mnn.ode.text.Expr.Neg;
import org.mnn.ode.text.Expr.Num;
import org.mnn.ode.text.Expr.Op;
import org.mnn.ode.text.Expr.State;
import org.mnn.ode.text.Expr.Time;

/**
 * Prints an expression in canonical text form with the fewest parentheses that re-parse to the
 * identical tree. Identical, not merely equal in value: a + (b + c) keeps its parentheses,
 * because floating-point addition is not associative and a round trip must give the same bits.
 */
final class Printer {
    private static final int UNARY = 3;
    private static final int ATOM = 5;

    private final List<String> variables;

    private Printer(List<String> variables) {
        this.variables = variables;
    }

    static String print(Expr e, List<String> variables) {
        StringBuilder sb = new StringBuilder();
        new Printer(variables).append(sb, e);
        return sb.toString();
    }

    /** Shortest text that parses back to the same double: 1 not 1.0, 1E-5 not 1.0E-5. */
    static String number(double v) {
        String s = Double.toString(v);
        if (s.endsWith(".0")) {
            return s.substring(0, s.length() - 2);
        }
        return s.replace(".0E", "E");
    }

    private void append(StringBuilder sb, Expr e) {
        if (e instanceof Num n) {
            sb.append(number(n.value()));
        } else if (e instanceof Constant c) {
            sb.append(c.name());
        } else if (e instanceof Time) {
            sb.append('t');
        } else if (e instanceof State s) {
            sb.append(variables.get(s.variable())).append("'".repeat(s.derivative()));
        } else if (e instanceof Name n) {
            sb.append(n.name()).append("'".repeat(n.primes()));
        } else if (e instanceof Neg n) {
            sb.append('-');
            // -(a*b) needs its parentheses: -a*b parses as (-a)*b
            child(sb, n.operand(), precedence(n.operand()) < Op.POW.precedence);
        } else if (e instanceof Call c) {
            sb.append(c.fn().text()).append('(');
            append(sb, c.argument());
            sb.append(')');
        } else if (e instanceof Binary b) {
            binary(sb, b);
        }
    }

    private void binary(StringBuilder sb, Binary b) {
        int p = b.op().precedence;
        int left = precedence(b.left());
        int right = precedence(b.right());
        if (b.op() == Op.POW) {
            // right associative: a^b^c is a^(b^c); a negative base always needs parentheses
            child(sb, b.left(), left <= p);
            sb.append('^');
            child(sb, b.right(), right < p);
            return;
        }
        child(sb, b.left(), left < p);
        sb.append(p == 1 ? " " + b.op().symbol + " " : b.op().symbol);
        // left associative: a - (b - c) keeps them; a negated right operand gets them for reading
        child(sb, b.right(), right <= p || right == UNARY);
    }

    private void child(StringBuilder sb, Expr e, boolean parens) {
        if (parens) {
            sb.append('(');
        }
        append(sb, e);
        if (parens) {
            sb.append(')');
        }
    }

    private static int precedence(Expr e) {
        if (e instanceof Binary b) {
            return b.op().precedence;
        }
        if (e instanceof Neg || (e instanceof Num n && (n.value() < 0 || 1 / n.value() < 0))) {
            return UNARY;
        }
        return ATOM;
    }
}
