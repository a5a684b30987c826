package org.mnn.kernel;

import java.util.List;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Answers Jupyter's is_complete request: may the console run the code now, or should Enter start
 * a new line (and with which indent)? JShell's analysis decides; its UNKNOWN (code that no more
 * typing can fix, such as {@code int x = ;)}) is "invalid", which JJava's own kernel calls complete.
 */
final class CompletenessCheck {

    private static final String INDENT_UNIT = "    ";

    private final CellSplitter splitter;

    CompletenessCheck(CellSplitter splitter) {
        this.splitter = splitter;
    }

    /** {@code "complete"}, {@code "invalid"}, or the indent of the next line when incomplete. */
    String check(String code) {
        List<CellSplitter.Part> parts = splitter.split(code);
        if (parts.isEmpty()) {
            return BaseKernel.IS_COMPLETE_YES; // nothing but blanks and comments
        }
        switch (parts.get(parts.size() - 1).completeness()) {
            case UNKNOWN:
                return BaseKernel.IS_COMPLETE_BAD;
            case DEFINITELY_INCOMPLETE:
            case CONSIDERED_INCOMPLETE:
                return indent(code);
            default:
                return BaseKernel.IS_COMPLETE_YES;
        }
    }

    /**
     * Four spaces per bracket still open at the end of the code, at least one level: the line after
     * {@code for (int i = 0; i < n; i++)} or {@code int x =} continues indented too.
     */
    static String indent(String code) {
        return INDENT_UNIT.repeat(Math.max(1, openBrackets(code)));
    }

    /** Brackets ( [ { opened and not closed, outside string and character literals and comments. */
    static int openBrackets(String code) {
        int depth = 0;
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (code.startsWith("//", i)) {
                i = endOf(code, code.indexOf('\n', i));
            } else if (code.startsWith("/*", i)) {
                int close = code.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (code.startsWith("\"\"\"", i)) {
                int close = code.indexOf("\"\"\"", i + 3);
                i = close < 0 ? n : close + 3;
            } else if (c == '"' || c == '\'') {
                i = skipLiteral(code, i, c);
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth = Math.max(0, depth - 1);
                }
                i++;
            }
        }
        return depth;
    }

    /** The position after a string or character literal that starts at {@code start}. */
    private static int skipLiteral(String code, int start, char quote) {
        int i = start + 1;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote || c == '\n') {
                return i + 1; // a literal never spans lines: an unclosed one ends with its line
            } else {
                i++;
            }
        }
        return code.length();
    }

    private static int endOf(String code, int newline) {
        return newline < 0 ? code.length() : newline + 1;
    }
}
