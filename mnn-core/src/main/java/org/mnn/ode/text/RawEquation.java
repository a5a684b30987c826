package org.mnn.ode.text;

import org.mnn.ode.text.Token.Kind;

/** One {@code left = right} statement as parsed, before names are resolved. */
record RawEquation(Expr lhs, Expr rhs, Statement statement) {

    static RawEquation parse(Statement st) {
        ExpressionParser p = new ExpressionParser(st);
        Expr lhs = p.expression();
        Token t = p.peek();
        if (t.kind() != Kind.EQUALS) {
            throw st.error(p.atEnd()
                    ? "missing '=': an equation has the form left = right"
                    : "expected '=' but found " + t.describe(), t);
        }
        p.next();
        Expr rhs = p.expression();
        t = p.peek();
        if (t.kind() == Kind.EQUALS) {
            throw st.error("a second '=' in one equation; separate equations with ';' or a new line", t);
        }
        if (!p.atEnd()) {
            throw st.error("expected an operator or the end of the equation but found " + t.describe(), t);
        }
        return new RawEquation(lhs, rhs, st);
    }
}
