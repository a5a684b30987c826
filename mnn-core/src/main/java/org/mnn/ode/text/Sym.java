package org.mnn.ode.text;

import org.mnn.ode.text.Expr.Binary;
import org.mnn.ode.text.Expr.Call;
import org.mnn.ode.text.Expr.Neg;
import org.mnn.ode.text.Expr.Num;
import org.mnn.ode.text.Expr.Op;

/**
 * Expression constructors that simplify as they build: numbers fold and the 0/1 identities
 * vanish. Symbolic derivatives are full of "0*x + 1*y"; without this the gradient trees would be
 * several times larger than needed and {@link OdeSystem#isLinear()} could not simply check that
 * no state is left in them. Folding is skipped when it would produce a non-finite number, so
 * that 1/0 stays visible instead of becoming an unprintable literal.
 */
final class Sym {
    private Sym() { }

    static Expr num(double v) {
        return new Num(v);
    }

    static boolean isNum(Expr e, double v) {
        return e instanceof Num n && n.value() == v;
    }

    static Expr add(Expr a, Expr b) {
        if (isNum(a, 0)) {
            return b;
        }
        if (isNum(b, 0)) {
            return a;
        }
        return fold(Op.ADD, a, b);
    }

    static Expr sub(Expr a, Expr b) {
        if (isNum(b, 0)) {
            return a;
        }
        if (isNum(a, 0)) {
            return neg(b);
        }
        return fold(Op.SUB, a, b);
    }

    static Expr mul(Expr a, Expr b) {
        if (isNum(a, 0) || isNum(b, 0)) {
            return num(0);
        }
        if (isNum(a, 1)) {
            return b;
        }
        if (isNum(b, 1)) {
            return a;
        }
        if (isNum(a, -1)) {
            return neg(b);
        }
        if (isNum(b, -1)) {
            return neg(a);
        }
        return fold(Op.MUL, a, b);
    }

    static Expr div(Expr a, Expr b) {
        if (isNum(a, 0)) {
            return num(0);
        }
        if (isNum(b, 1)) {
            return a;
        }
        return fold(Op.DIV, a, b);
    }

    static Expr pow(Expr a, Expr b) {
        if (isNum(b, 1)) {
            return a;
        }
        if (isNum(b, 0)) {
            return num(1);
        }
        return fold(Op.POW, a, b);
    }

    static Expr neg(Expr a) {
        if (a instanceof Num n) {
            return num(-n.value());
        }
        if (a instanceof Neg n) {
            return n.operand();
        }
        return new Neg(a);
    }

    static Expr call(Fn f, Expr a) {
        if (a instanceof Num n && Double.isFinite(f.apply(n.value()))) {
            return num(f.apply(n.value()));
        }
        return new Call(f, a);
    }

    private static Expr fold(Op op, Expr a, Expr b) {
        if (a instanceof Num x && b instanceof Num y && Double.isFinite(op.apply(x.value(), y.value()))) {
            return num(op.apply(x.value(), y.value()));
        }
        return new Binary(op, a, b);
    }
}
