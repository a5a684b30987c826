package org.mnn.ode.text;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one-argument functions of the grammar, each with its value and its symbolic derivative
 * f'(a) (the chain rule factor a' is applied by {@link Derivative}).
 */
enum Fn {
    SIN { double apply(double x) { return Math.sin(x); } Expr derivative(Expr a) { return Sym.call(COS, a); } },
    COS { double apply(double x) { return Math.cos(x); } Expr derivative(Expr a) { return Sym.neg(Sym.call(SIN, a)); } },
    TAN { double apply(double x) { return Math.tan(x); }
        Expr derivative(Expr a) { return Sym.div(Sym.num(1), Sym.pow(Sym.call(COS, a), Sym.num(2))); } },
    EXP { double apply(double x) { return Math.exp(x); } Expr derivative(Expr a) { return Sym.call(EXP, a); } },
    LOG { double apply(double x) { return Math.log(x); } Expr derivative(Expr a) { return Sym.div(Sym.num(1), a); } },
    SQRT { double apply(double x) { return Math.sqrt(x); }
        Expr derivative(Expr a) { return Sym.div(Sym.num(0.5), Sym.call(SQRT, a)); } },
    ABS { double apply(double x) { return Math.abs(x); } Expr derivative(Expr a) { return Sym.call(SIGN, a); } },
    TANH { double apply(double x) { return Math.tanh(x); }
        Expr derivative(Expr a) { return Sym.sub(Sym.num(1), Sym.pow(Sym.call(TANH, a), Sym.num(2))); } },
    SINH { double apply(double x) { return Math.sinh(x); } Expr derivative(Expr a) { return Sym.call(COSH, a); } },
    COSH { double apply(double x) { return Math.cosh(x); } Expr derivative(Expr a) { return Sym.call(SINH, a); } },
    ATAN { double apply(double x) { return Math.atan(x); }
        Expr derivative(Expr a) { return Sym.div(Sym.num(1), Sym.add(Sym.num(1), Sym.pow(a, Sym.num(2)))); } },
    ASIN { double apply(double x) { return Math.asin(x); }
        Expr derivative(Expr a) { return Sym.div(Sym.num(1), oneMinusSquareRoot(a)); } },
    ACOS { double apply(double x) { return Math.acos(x); }
        Expr derivative(Expr a) { return Sym.div(Sym.num(-1), oneMinusSquareRoot(a)); } },
    /** Derivative of abs only; not part of the grammar, so never printed or parsed. */
    SIGN { double apply(double x) { return Math.signum(x); } Expr derivative(Expr a) { return Sym.num(0); } };

    abstract double apply(double x);

    abstract Expr derivative(Expr argument);

    /** Lower-case name as written in the text. */
    String text() {
        return name().toLowerCase();
    }

    /** The function a user may call by this name, or null. */
    static Fn byName(String name) {
        for (Fn f : values()) {
            if (f != SIGN && f.text().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** "sin, cos, ..." for error messages. */
    static String list() {
        return Arrays.stream(values()).filter(f -> f != SIGN).map(Fn::text).collect(Collectors.joining(", "));
    }

    private static Expr oneMinusSquareRoot(Expr a) {
        return Sym.call(SQRT, Sym.sub(Sym.num(1), Sym.pow(a, Sym.num(2))));
    }
}
