package org.mnn.ode.text;

import java.util.ArrayList;
import java.util.List;

/** Splits one source line into tokens; everything from {@code #} on is a comment. */
final class Lexer {
    private final int lineNumber;
    private final String source;
    private final String code;
    private int pos;

    private Lexer(int lineNumber, String source) {
        this.lineNumber = lineNumber;
        this.source = source;
        int hash = source.indexOf('#');
        this.code = hash < 0 ? source : source.substring(0, hash);
    }

    /** The tokens of the line, always ending with an END token placed just after the last
     * non-blank character, so that "found end of line" points where something is missing. */
    static List<Token> lex(int lineNumber, String source) {
        return new Lexer(lineNumber, source).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (pos < code.length() && Character.isWhitespace(code.charAt(pos))) {
                pos++;
            }
            if (pos >= code.length()) {
                break;
            }
            tokens.add(next());
        }
        int end = code.stripTrailing().length();
        tokens.add(new Token(Token.Kind.END, "", end + 1, 0, 0));
        return tokens;
    }

    private Token next() {
        char c = code.charAt(pos);
        int start = pos;
        if (Character.isDigit(c) || (c == '.' && pos + 1 < code.length() && Character.isDigit(code.charAt(pos + 1)))) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < code.length() && (Character.isLetterOrDigit(code.charAt(pos)) || code.charAt(pos) == '_')) {
                pos++;
            }
            String name = code.substring(start, pos);
            int primes = 0;
            while (pos < code.length() && code.charAt(pos) == '\'') {
                primes++;
                pos++;
            }
            return new Token(Token.Kind.IDENT, name, start + 1, 0, primes);
        }
        pos++;
        Token.Kind kind = switch (c) {
            case '\'' -> Token.Kind.PRIME;
            case '+' -> Token.Kind.PLUS;
            case '-' -> Token.Kind.MINUS;
            case '*' -> Token.Kind.STAR;
            case '/' -> Token.Kind.SLASH;
            case '^' -> Token.Kind.CARET;
            case '(' -> Token.Kind.LPAREN;
            case ')' -> Token.Kind.RPAREN;
            case '=' -> Token.Kind.EQUALS;
            case ',' -> Token.Kind.COMMA;
            case ';' -> Token.Kind.SEMI;
            default -> throw new OdeSyntaxException("unexpected character '" + c + "'", lineNumber, start + 1, source);
        };
        return new Token(kind, String.valueOf(c), start + 1, 0, 0);
    }

    /** digits [. digits] [(e|E) [+|-] digits], or . digits ...; an 'e' not followed by an exponent
     * ends the number, so that "2e" reads as 2 then the name e (and fails as implicit product). */
    private Token number() {
        int start = pos;
        digits();
        if (pos < code.length() && code.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < code.length() && (code.charAt(pos) == 'e' || code.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < code.length() && (code.charAt(pos) == '+' || code.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < code.length() && Character.isDigit(code.charAt(pos))) {
                digits();
            } else {
                pos = mark;
            }
        }
        String text = code.substring(start, pos);
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new OdeSyntaxException("number " + text + " is too large for a double", lineNumber, start + 1, source);
        }
        return new Token(Token.Kind.NUMBER, text, start + 1, value, 0);
    }

    private void digits() {
        while (pos < code.length() && Character.isDigit(code.charAt(pos))) {
            pos++;
        }
    }
}
