package org.mnn.ode.text;

/**
 * Compiled expression: a graph of tiny immutable node objects evaluated by virtual calls.
 * Evaluation reads u and t only, allocates nothing and looks nothing up by name, so the solver
 * can call it millions of times; the JIT inlines the common shapes. Nodes are stateless, so a
 * compiled system is safe to share between threads.
 */
abstract class Node {
    /** Value at time t with u[d][k] = u_d^(k). */
    abstract double eval(double t, double[][] u);

    static final class Const extends Node {
        final double value;
        Const(double value) { this.value = value; }
        double eval(double t, double[][] u) { return value; }
    }

    static final class Time extends Node {
        double eval(double t, double[][] u) { return t; }
    }

    static final class State extends Node {
        private final int d;
        private final int k;
        State(int d, int k) { this.d = d; this.k = k; }
        double eval(double t, double[][] u) { return u[d][k]; }
    }

    static final class Neg extends Node {
        private final Node a;
        Neg(Node a) { this.a = a; }
        double eval(double t, double[][] u) { return -a.eval(t, u); }
    }

    static final class Add extends Node {
        private final Node a;
        private final Node b;
        Add(Node a, Node b) { this.a = a; this.b = b; }
        double eval(double t, double[][] u) { return a.eval(t, u) + b.eval(t, u); }
    }

    static final class Sub extends Node {
        private final Node a;
        private final Node b;
        Sub(Node a, Node b) { this.a = a; this.b = b; }
        double eval(double t, double[][] u) { return a.eval(t, u) - b.eval(t, u); }
    }

    static final class Mul extends Node {
        private final Node a;
        private final Node b;
        Mul(Node a, Node b) { this.a = a; this.b = b; }
        double eval(double t, double[][] u) { return a.eval(t, u) * b.eval(t, u); }
    }

    static final class Div extends Node {
        private final Node a;
        private final Node b;
        Div(Node a, Node b) { this.a = a; this.b = b; }
        double eval(double t, double[][] u) { return a.eval(t, u) / b.eval(t, u); }
    }

    static final class Pow extends Node {
        private final Node a;
        private final Node b;
        Pow(Node a, Node b) { this.a = a; this.b = b; }
        double eval(double t, double[][] u) { return Math.pow(a.eval(t, u), b.eval(t, u)); }
    }

    /** a^2, the most common power; one product instead of a pow call. */
    static final class Square extends Node {
        private final Node a;
        Square(Node a) { this.a = a; }
        double eval(double t, double[][] u) {
            double x = a.eval(t, u);
            return x * x;
        }
    }

    static final class Apply extends Node {
        private final Fn fn;
        private final Node a;
        Apply(Fn fn, Node a) { this.fn = fn; this.a = a; }
        double eval(double t, double[][] u) { return fn.apply(a.eval(t, u)); }
    }
}
