package org.mnn.kernel;

import java.util.ArrayList;
import java.util.List;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Splits a notebook cell into the snippets JShell evaluates one at a time ({@code int a = 1;
 * a + 1} is two). JShell's {@code eval} takes exactly one snippet and needs the semicolons that
 * {@link SourceCodeAnalysis#analyzeCompletion} adds ({@code int y = 3} alone is rejected).
 */
final class CellSplitter {

    /**
     * One snippet of a cell.
     *
     * @param source       what to give {@code JShell.eval} (may end in a semicolon the cell lacks)
     * @param offset       where the snippet starts in the cell, to map JShell's positions back
     * @param completeness JShell's verdict; anything but complete ends the cell
     */
    record Part(String source, int offset, Completeness completeness) {
        /**
         * A part without the blank lines and indentation before it: JShell numbers the lines of
         * a snippet that starts with blank lines wrongly (its stack frames then say line 1).
         */
        static Part of(String text, int offset, Completeness completeness) {
            String source = text.stripLeading();
            return new Part(source, offset + text.length() - source.length(), completeness);
        }
    }

    private final SourceCodeAnalysis analysis;

    CellSplitter(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /**
     * The snippets of a cell in order. Blank and comment-only text yields no part. The last part
     * may be incomplete (an unfinished {@code for} loop) or unknown ({@code int x = ;)}): it then holds the
     * whole rest of the cell, whose evaluation produces JShell's diagnostics.
     */
    List<Part> split(String cell) {
        List<Part> parts = new ArrayList<>();
        String rest = cell;
        while (!rest.isBlank()) {
            int offset = cell.length() - rest.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            if (!completeness.isComplete() || info.remaining().length() >= rest.length()) {
                parts.add(Part.of(rest, offset, completeness));
                break;
            }
            parts.add(Part.of(info.source(), offset, completeness));
            rest = info.remaining();
        }
        return parts;
    }

    /**
     * Where the snippet that the cursor is in starts: completion and documentation look at that
     * snippet alone, because JShell analyses one snippet, not a whole cell.
     */
    int snippetStart(String cell, int cursor) {
        String before = cell.substring(0, Math.min(cursor, cell.length()));
        int start = 0;
        String rest = before;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            String remaining = info.remaining();
            if (!info.completeness().isComplete() || remaining.isBlank() || remaining.length() >= rest.length()) {
                return start;
            }
            start += rest.length() - remaining.length();
            rest = remaining;
        }
    }
}
