package org.mnn.ode.text;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One equation (or one initial condition) of the text: its tokens, the last of which is the
 * separator or END that closes it, plus the line it came from so errors can quote it.
 */
record Statement(int line, String source, List<Token> tokens) {

    /** Splits text into statements at newlines and at the given separator tokens; statements with
     * no tokens (blank lines, comment lines, a trailing ';') are dropped. */
    static List<Statement> split(String text, Set<Token.Kind> separators) {
        List<Statement> out = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<Token> current = new ArrayList<>();
            for (Token tok : Lexer.lex(i + 1, lines[i])) {
                current.add(tok);
                if (tok.kind() == Token.Kind.END || separators.contains(tok.kind())) {
                    if (current.size() > 1) {
                        out.add(new Statement(i + 1, lines[i], List.copyOf(current)));
                    }
                    current = new ArrayList<>();
                }
            }
        }
        return out;
    }

    static List<Statement> split(String text, Token.Kind separator) {
        return split(text, EnumSet.of(separator));
    }

    /** An error at the given column of this statement's line. */
    OdeSyntaxException error(String reason, int column) {
        return new OdeSyntaxException(reason, line, column, source);
    }

    OdeSyntaxException error(String reason, Token at) {
        return error(reason, at.column());
    }

    /** Column of the first token, for errors about the statement as a whole. */
    int column() {
        return tokens.get(0).column();
    }
}
