package org.mnn.ode.text;

import org.mnn.ode.text.Expr.Binary;
import org.mnn.ode.text.Expr.Call;
import org.mnn.ode.text.Expr.Neg;
import org.mnn.ode.text.Expr.State;

/**
 * Symbolic partial derivative of a resolved expression with respect to one state entry
 * u_d^(k), treating every other u and t as independent. Done once at parse time; the result is
 * compiled like any other expression, so a gradient costs a few node evaluations per entry
 * instead of the dual-number bookkeeping forward-mode AD would need at every call.
 */
final class Derivative {
    private final int variable;
    private final int derivative;

    private Derivative(int variable, int derivative) {
        this.variable = variable;
        this.derivative = derivative;
    }

    /** d e / d u_variable^(derivative), simplified by {@link Sym}. */
    static Expr of(Expr e, int variable, int derivative) {
        return new Derivative(variable, derivative).d(e);
    }

    private Expr d(Expr e) {
        if (e instanceof State s) {
            return Sym.num(s.variable() == variable && s.derivative() == derivative ? 1 : 0);
        } else if (e instanceof Neg n) {
            return Sym.neg(d(n.operand()));
        } else if (e instanceof Call c) {
            return Sym.mul(c.fn().derivative(c.argument()), d(c.argument()));
        } else if (e instanceof Binary b) {
            return binary(b);
        }
        return Sym.num(0); // numbers, constants and t do not depend on the state
    }

    private Expr binary(Binary b) {
        Expr f = b.left();
        Expr g = b.right();
        Expr df = d(f);
        Expr dg = d(g);
        switch (b.op()) {
            case ADD:
                return Sym.add(df, dg);
            case SUB:
                return Sym.sub(df, dg);
            case MUL:
                return Sym.add(Sym.mul(df, g), Sym.mul(f, dg));
            case DIV:
                // f'/g - f g'/g^2, split so that a constant denominator gives just f'/g
                return Sym.sub(Sym.div(df, g), Sym.div(Sym.mul(f, dg), Sym.pow(g, Sym.num(2))));
            default:
                return power(f, g, df, dg);
        }
    }

    /** (f^g)' = g f^(g-1) f' + f^g log(f) g'; each half is dropped when its factor is zero, so
     * x^2 never needs log(x) (which is NaN for negative x). */
    private static Expr power(Expr f, Expr g, Expr df, Expr dg) {
        Expr base = Sym.isNum(df, 0) ? Sym.num(0)
                : Sym.mul(Sym.mul(g, Sym.pow(f, Sym.sub(g, Sym.num(1)))), df);
        Expr exponent = Sym.isNum(dg, 0) ? Sym.num(0)
                : Sym.mul(Sym.mul(new Binary(Expr.Op.POW, f, g), Sym.call(Fn.LOG, f)), dg);
        return Sym.add(base, exponent);
    }
}
