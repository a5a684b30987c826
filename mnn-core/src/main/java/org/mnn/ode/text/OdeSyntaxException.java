package org.mnn.ode.text;

/**
 * Text that is not a valid ODE system or initial-condition list.
 *
 * <p>When the problem has a place, the message starts with {@code line L, column C: } (both
 * 1-based) and ends with the offending source line and a caret under column C, so that a command
 * line or notebook can show it as is. Problems of the whole text (empty input, equation count)
 * have no place: {@link #line()} and {@link #column()} are then 0.
 */
public class OdeSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;

    /** A problem of the text as a whole, with no line or column. */
    public OdeSyntaxException(String reason) {
        super(reason);
        this.line = 0;
        this.column = 0;
        this.reason = reason;
    }

    /** A problem at (line, column) of {@code sourceLine}, both 1-based. */
    public OdeSyntaxException(String reason, int line, int column, String sourceLine) {
        super("line " + line + ", column " + column + ": " + reason + "\n" + sourceLine + "\n"
                + caret(sourceLine, column));
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** 1-based line of the problem, 0 when it concerns the whole text. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, 0 when it concerns the whole text. */
    public int column() {
        return column;
    }

    /** The message without the location prefix and the source/caret lines. */
    public String reason() {
        return reason;
    }

    /** Tabs are copied from the source so that the caret lines up in any tab width. */
    private static String caret(String source, int column) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < column - 1; i++) {
            sb.append(i < source.length() && source.charAt(i) == '\t' ? '\t' : ' ');
        }
        return sb.append('^').toString();
    }
}
