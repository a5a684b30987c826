package org.mnn.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Tab completion and Shift-Tab documentation from JShell's source analysis. Both look at the
 * snippet the cursor is in, from its start to the cursor, because JShell analyses one snippet.
 */
final class CodeAssist {

    private final SourceCodeAnalysis analysis;
    private final CellSplitter splitter;

    CodeAssist(SourceCodeAnalysis analysis, CellSplitter splitter) {
        this.analysis = analysis;
        this.splitter = splitter;
    }

    /** Candidates for the text before the cursor; they replace it from JShell's anchor to the cursor. */
    ReplacementOptions complete(String code, int cursor) {
        int at = Math.min(cursor, code.length());
        int start = splitter.snippetStart(code, at);
        String snippet = code.substring(start, at);
        int[] anchor = new int[1];
        List<String> matches = analysis.completionSuggestions(snippet, snippet.length(), anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct() // one per name, not one per overload
                .collect(Collectors.toList());
        return new ReplacementOptions(matches, start + anchor[0], at);
    }

    /**
     * Signatures and Javadoc of what is at the cursor, or null when JShell knows nothing about it.
     * Javadoc needs the JDK's sources (Debian: openjdk-17-source); without them only signatures.
     */
    DisplayData inspect(String code, int cursor) {
        int at = Math.min(cursor, code.length());
        int start = splitter.snippetStart(code, at);
        int end = at;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++; // the whole identifier under the cursor, not just its first half
        }
        String snippet = code.substring(start, end);
        // JShell documents a method only inside its call ("Math.abs(") and a type at its name's end
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
        if (docs.isEmpty()) {
            docs = analysis.documentation(snippet + "(", snippet.length() + 1, true);
        }
        if (docs.isEmpty()) {
            return null;
        }
        DisplayData data = new DisplayData();
        data.putText(format(docs));
        return data;
    }

    /** Each signature once, followed by its Javadoc when there is one. */
    static String format(List<SourceCodeAnalysis.Documentation> docs) {
        Map<String, String> bySignature = new LinkedHashMap<>();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            bySignature.putIfAbsent(doc.signature(), doc.javadoc());
        }
        StringBuilder text = new StringBuilder();
        bySignature.forEach((signature, javadoc) -> {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(signature);
            if (javadoc != null && !javadoc.isBlank()) {
                text.append('\n').append(javadoc.strip().indent(4).stripTrailing());
            }
        });
        return text.toString();
    }
}
