package org.mnn.ode.text;

/**
 * One lexical token of a line. Primes are part of an identifier token ({@code x''} is one token
 * with {@code primes == 2}) because a prime is only meaningful directly after a name.
 *
 * @param kind   what the token is
 * @param text   the source characters (for an identifier: the name without primes)
 * @param column 1-based column of the first character
 * @param number the value of a NUMBER token, else 0
 * @param primes the number of primes of an IDENT token, else 0
 */
record Token(Kind kind, String text, int column, double number, int primes) {

    enum Kind { NUMBER, IDENT, PRIME, PLUS, MINUS, STAR, SLASH, CARET, LPAREN, RPAREN, EQUALS, COMMA, SEMI, END }

    /** How the token is named in an error message: {@code 'x''}, {@code ';'}, {@code end of line}. */
    String describe() {
        if (kind == Kind.END) {
            return "end of line";
        }
        return "'" + text + "'".repeat(primes) + "'";
    }

    /** Tokens that can start an operand; one right after another operand means a missing operator. */
    boolean startsOperand() {
        return kind == Kind.NUMBER || kind == Kind.IDENT || kind == Kind.LPAREN;
    }
}
