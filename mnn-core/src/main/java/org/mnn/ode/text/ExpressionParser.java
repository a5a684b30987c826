package org.mnn.ode.text;

import java.util.List;
import org.mnn.ode.text.Expr.Binary;
import org.mnn.ode.text.Expr.Op;
import org.mnn.ode.text.Token.Kind;

/**
 * Recursive-descent parser for the tokens of one {@link Statement}:
 *
 * <pre>
 *   expression := term (('+' | '-') term)*
 *   term       := unary (('*' | '/') unary)*
 *   unary      := ('-' | '+') unary | power
 *   power      := primary ('^' unary)?          right associative, above unary minus
 *   primary    := number | name primes? | function '(' expression ')' | '(' expression ')'
 * </pre>
 *
 * so {@code -x^2} is {@code -(x^2)}, {@code 2^3^2} is {@code 2^9} and {@code x^-1} is allowed.
 * Identifiers stay unresolved {@link Expr.Name}s; only function names are known here.
 */
final class ExpressionParser {
    private final Statement statement;
    private final List<Token> tokens;
    private int pos;

    ExpressionParser(Statement statement) {
        this.statement = statement;
        this.tokens = statement.tokens();
    }

    /** Current token; the statement's last token is its terminator (END or a separator). */
    Token peek() {
        return tokens.get(pos);
    }

    Token next() {
        Token t = tokens.get(pos);
        if (pos < tokens.size() - 1) {
            pos++;
        }
        return t;
    }

    boolean atEnd() {
        return pos == tokens.size() - 1;
    }

    Token expect(Kind kind, String what) {
        if (peek().kind() != kind) {
            throw statement.error("expected " + what + " but found " + peek().describe(), peek());
        }
        return next();
    }

    Expr expression() {
        Expr e = term();
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            Op op = next().kind() == Kind.PLUS ? Op.ADD : Op.SUB;
            e = new Binary(op, e, term());
        }
        return e;
    }

    private Expr term() {
        Expr e = unary();
        while (peek().kind() == Kind.STAR || peek().kind() == Kind.SLASH) {
            Op op = next().kind() == Kind.STAR ? Op.MUL : Op.DIV;
            e = new Binary(op, e, unary());
        }
        return e;
    }

    private Expr unary() {
        if (peek().kind() == Kind.MINUS) {
            next();
            return new Expr.Neg(unary());
        }
        if (peek().kind() == Kind.PLUS) {
            next();
            return unary();
        }
        return power();
    }

    private Expr power() {
        Expr base = primary();
        if (peek().kind() == Kind.PRIME) {
            throw statement.error("a prime (') must directly follow a variable name, as in x'", peek());
        }
        if (peek().startsOperand()) {
            Token t = peek();
            throw statement.error("expected an operator (+ - * / ^) before " + t.describe()
                    + "; implicit multiplication is not allowed, write '*'", t);
        }
        if (peek().kind() == Kind.CARET) {
            next();
            return new Binary(Op.POW, base, unary());
        }
        return base;
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return new Expr.Num(t.number());
            case IDENT:
                return identifier(t);
            case LPAREN:
                Expr inner = expression();
                expect(Kind.RPAREN, "')'");
                return inner;
            case PRIME:
                throw statement.error("a prime (') must directly follow a variable name, as in x'", t);
            default:
                String hint = t.kind() == Kind.STAR && pos >= 2 && tokens.get(pos - 2).kind() == Kind.STAR
                        ? " (write powers with ^)" : "";
                throw statement.error("expected a number, variable, function or '(' but found "
                        + t.describe() + hint, t);
        }
    }

    private Expr identifier(Token t) {
        Fn fn = Fn.byName(t.text());
        if (t.primes() == 0 && peek().kind() == Kind.LPAREN) {
            if (fn == null) {
                throw statement.error("unknown function " + t.text() + "; the functions are " + Fn.list()
                        + " (to multiply, write " + t.text() + "*(...))", t);
            }
            next();
            Expr arg = expression();
            expect(Kind.RPAREN, "')' after the argument of " + t.text());
            return new Expr.Call(fn, arg);
        }
        if (fn != null) {
            throw statement.error("expected '(' after function " + t.text() + " but found " + peek().describe(), peek());
        }
        if (t.primes() > 0 && Names.isReserved(t.text())) {
            throw statement.error(t.text() + " " + Names.describeReserved(t.text()) + " and cannot be differentiated", t);
        }
        return new Expr.Name(t.text(), t.primes(), statement.line(), t.column());
    }
}
