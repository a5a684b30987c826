package org.mnn.ode.text;

/**
 * Symbolic expression tree. The parser builds it with {@link Name} leaves; resolution replaces
 * every Name by {@link Time}, {@link State} or {@link Constant}. The tree keeps the source
 * structure (no folding) so that printing and re-parsing reproduce the same arithmetic bit for
 * bit; folding happens only in {@link Sym} (derivatives) and {@link Compiler}.
 */
sealed interface Expr {

    /** A literal number. */
    record Num(double value) implements Expr { }

    /** An identifier as written, not yet resolved; keeps its place for error messages. */
    record Name(String name, int primes, int line, int column) implements Expr { }

    /** The independent variable t. */
    record Time() implements Expr {
        static final Time INSTANCE = new Time();
    }

    /** u_d^(k): derivative k of state variable d. */
    record State(int variable, int derivative) implements Expr { }

    /** A named constant (pi, e, a parameter, an inline definition); printed by name. */
    record Constant(String name, double value) implements Expr { }

    record Neg(Expr operand) implements Expr { }

    record Binary(Op op, Expr left, Expr right) implements Expr { }

    record Call(Fn fn, Expr argument) implements Expr { }

    /** Binary operators with their printing precedence (unary minus sits at 3, atoms at 5). */
    enum Op {
        ADD("+", 1), SUB("-", 1), MUL("*", 2), DIV("/", 2), POW("^", 4);

        final String symbol;
        final int precedence;

        Op(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        double apply(double a, double b) {
            switch (this) {
                case ADD: return a + b;
                case SUB: return a - b;
                case MUL: return a * b;
                case DIV: return a / b;
                default: return Math.pow(a, b);
            }
        }
    }
}
