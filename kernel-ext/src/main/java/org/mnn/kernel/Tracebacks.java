package org.mnn.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the lines of a Jupyter error (its "traceback") for what goes wrong in a cell: compiler
 * errors with the offending line and a caret under the column, and exceptions with the user's
 * stack frames, their JShell snippet names ({@code #12}) translated to cells and lines
 * ({@code In [4], line 2}). Plain text: the notebook shows the lines as they are.
 */
final class Tracebacks {

    /** Where a JShell snippet came from: the execution count of its cell and its first line there. */
    record Origin(int cell, int firstLine) {
    }

    /** A compiler diagnostic with its positions in the cell (not in the snippet). */
    record Problem(int start, int position, int end, String message) {
    }

    /** An exception as JShell reports it (class name, message, translated frames, cause). */
    record Thrown(String className, String message, StackTraceElement[] frames, Thrown cause) {
        String header() {
            return message == null ? className : className + ": " + message;
        }
    }

    /** Causes deeper than this are left out: a cyclic or runaway chain must not flood the cell. */
    private static final int MAX_CAUSES = 20;

    private Tracebacks() {
    }

    /** {@code line 2, column 9: cannot find symbol}: the first line of a problem, also the Jupyter "evalue". */
    static String summary(String cell, Problem problem) {
        int at = anchor(cell, problem.position());
        String firstLine = problem.message().lines().findFirst().orElse("");
        return "line " + lineOf(cell, at) + ", column " + columnOf(cell, at) + ": " + firstLine;
    }

    /**
     * One block per problem: the summary, the rest of the compiler's message (javac's
     * {@code symbol:} and {@code location:} lines), then the cell line with a caret under the
     * offending columns.
     */
    static List<String> compilation(String cell, List<Problem> problems) {
        List<String> lines = new ArrayList<>();
        for (Problem problem : problems) {
            if (!lines.isEmpty()) {
                lines.add("");
            }
            lines.add("error: " + summary(cell, problem));
            problem.message().lines().skip(1)
                    // JShell wraps snippets in an unnamed class: "location: class " says nothing
                    .filter(l -> !l.strip().equals("location: class"))
                    .forEach(l -> lines.add("  " + l.strip()));
            lines.addAll(sourceWithCaret(cell, problem));
        }
        return lines;
    }

    /** The offending line of the cell and a caret line marking the problem's columns on it. */
    static List<String> sourceWithCaret(String cell, Problem problem) {
        int at = anchor(cell, problem.position());
        int lineStart = cell.lastIndexOf('\n', at - 1) + 1;
        int lineEnd = cell.indexOf('\n', at);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        String number = Integer.toString(lineOf(cell, at));
        String gutter = " ".repeat(number.length());
        // the marked span: from the start to the end of the problem, kept within this line
        int from = Math.max(lineStart, Math.min(clamp(problem.start(), cell), at));
        int to = Math.min(lineEnd, Math.max(clamp(problem.end(), cell), at + 1));
        String caret = " ".repeat(from - lineStart) + "^" + "~".repeat(Math.max(0, to - from - 1));
        return List.of(
                " " + number + " | " + cell.substring(lineStart, lineEnd),
                " " + gutter + " | " + caret);
    }

    /**
     * The exception's class and message, its frames, and the same for each cause. JShell has
     * already cut its own frames below the snippet; frames of snippets are written as cell lines.
     */
    static List<String> exception(Thrown thrown, Map<String, Origin> origins) {
        List<String> lines = new ArrayList<>();
        Thrown current = thrown;
        for (int depth = 0; current != null && depth <= MAX_CAUSES; depth++, current = current.cause()) {
            lines.add((depth == 0 ? "" : "Caused by: ") + current.header());
            for (StackTraceElement frame : current.frames()) {
                lines.add("    at " + describe(frame, origins));
            }
        }
        return lines;
    }

    /**
     * A frame as {@code g (In [3], line 2)} for a method declared in a cell, {@code In [4], line 1}
     * for a cell's top-level code, and Java's usual form for every other frame.
     */
    static String describe(StackTraceElement frame, Map<String, Origin> origins) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) {
            return frame.toString();
        }
        String snippetId = file.substring(1);
        Origin origin = origins.get(snippetId);
        String where = origin == null
                ? "snippet " + snippetId + ", line " + frame.getLineNumber()
                : "In [" + origin.cell() + "], line " + (origin.firstLine() + frame.getLineNumber() - 1);
        String name = frame.getClassName().isEmpty()
                ? frame.getMethodName()
                : frame.getClassName() + "." + frame.getMethodName();
        return name.isEmpty() ? where : name + " (" + where + ")";
    }

    /** 1-based line of a position in the text. */
    static int lineOf(String text, int position) {
        int line = 1;
        int end = clamp(position, text);
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** 1-based column of a position in the text. */
    static int columnOf(String text, int position) {
        int at = clamp(position, text);
        return at - (text.lastIndexOf('\n', at - 1) + 1) + 1;
    }

    /**
     * The position to report: "reached end of file" points past the cell's trailing newline, at an
     * empty line; such a position moves back to just after the last character of code.
     */
    static int anchor(String cell, int position) {
        return Math.min(clamp(position, cell), cell.stripTrailing().length());
    }

    private static int clamp(int position, String text) {
        return Math.max(0, Math.min(position, text.length()));
    }
}
