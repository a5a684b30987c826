package org.mnn.ode.text;

import org.mnn.ode.text.Expr.Binary;
import org.mnn.ode.text.Expr.Call;
import org.mnn.ode.text.Expr.Constant;
import org.mnn.ode.text.Expr.Neg;
import org.mnn.ode.text.Expr.Num;
import org.mnn.ode.text.Expr.State;
import org.mnn.ode.text.Expr.Time;

/**
 * Turns a resolved {@link Expr} into a {@link Node} graph. Subtrees without t or state fold to
 * one constant, computed by the very same operations in the same order, so folding never
 * changes a result; it only removes work (e.g. {@code 8/3} or {@code 2*mu}) from every call.
 */
final class Compiler {
    private Compiler() { }

    static Node compile(Expr e) {
        return build(e);
    }

    /** Value of an expression that has no t and no state. */
    static double constantValue(Expr e) {
        return compile(e).eval(Double.NaN, null);
    }

    private static Node build(Expr e) {
        if (e instanceof Num n) {
            return new Node.Const(n.value());
        } else if (e instanceof Constant c) {
            return new Node.Const(c.value());
        } else if (e instanceof Time) {
            return new Node.Time();
        } else if (e instanceof State s) {
            return new Node.State(s.variable(), s.derivative());
        } else if (e instanceof Neg n) {
            Node a = build(n.operand());
            return a instanceof Node.Const c ? new Node.Const(-c.value) : new Node.Neg(a);
        } else if (e instanceof Call c) {
            Node a = build(c.argument());
            return a instanceof Node.Const k ? new Node.Const(c.fn().apply(k.value)) : new Node.Apply(c.fn(), a);
        } else if (e instanceof Binary b) {
            return binary(b.op(), build(b.left()), build(b.right()));
        }
        throw new IllegalStateException("unresolved expression " + e);
    }

    private static Node binary(Expr.Op op, Node a, Node b) {
        if (a instanceof Node.Const x && b instanceof Node.Const y) {
            return new Node.Const(op.apply(x.value, y.value));
        }
        switch (op) {
            case ADD: return new Node.Add(a, b);
            case SUB: return new Node.Sub(a, b);
            case MUL: return new Node.Mul(a, b);
            case DIV: return new Node.Div(a, b);
            default:
                // x*x is the correctly rounded square (Math.pow only promises 1 ulp) and skips a call
                return b instanceof Node.Const y && y.value == 2 ? new Node.Square(a) : new Node.Pow(a, b);
        }
    }
}
