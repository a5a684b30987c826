package org.mnn.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CellSplitterTest {

    private static JShell shell;
    private static CellSplitter splitter;

    @BeforeAll
    static void startShell() {
        // source analysis only: no code runs, the default (remote) execution engine is never started
        shell = JShell.builder().executionEngine(new CellExecutionControl().provider(), java.util.Map.of()).build();
        splitter = new CellSplitter(shell.sourceCodeAnalysis());
    }

    @AfterAll
    static void closeShell() {
        shell.close();
    }

    @Test
    void splitsStatementsAndKeepsTheirOffsetsInTheCell() {
        String cell = "int a = 1;\nint b = 2;\na + b";
        List<CellSplitter.Part> parts = splitter.split(cell);
        assertThat(parts).extracting(CellSplitter.Part::source).containsExactly("int a = 1;", "int b = 2;", "a + b");
        assertThat(parts).extracting(CellSplitter.Part::offset).containsExactly(0, 11, 22);
        for (CellSplitter.Part part : parts) {
            assertThat(cell.substring(part.offset())).startsWith(part.source());
        }
    }

    @Test
    void dropsBlankLinesAndIndentationBeforeASnippet() {
        String cell = "int a = 1;\n\n   a + 1";
        CellSplitter.Part last = splitter.split(cell).get(1);
        assertThat(last.source()).isEqualTo("a + 1");
        assertThat(last.offset()).isEqualTo(cell.indexOf("a + 1"));
    }

    @Test
    void addsTheSemicolonThatJShellNeedsForADeclaration() {
        List<CellSplitter.Part> parts = splitter.split("int y = 3");
        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("int y = 3;");
            assertThat(p.completeness()).isEqualTo(Completeness.COMPLETE_WITH_SEMI);
        });
    }

    @Test
    void keepsAMethodDeclarationWhole() {
        List<CellSplitter.Part> parts = splitter.split("int f(int x) {\n  return x + 1;\n}\nf(1)");
        assertThat(parts).extracting(CellSplitter.Part::source)
                .containsExactly("int f(int x) {\n  return x + 1;\n}", "f(1)");
    }

    @Test
    void blankAndCommentOnlyCellsHaveNoSnippets() {
        assertThat(splitter.split("")).isEmpty();
        assertThat(splitter.split("  \n\t\n")).isEmpty();
        assertThat(splitter.split("// nothing to run\n/* here */")).isEmpty();
    }

    @Test
    void anUnfinishedSnippetEndsTheCellWithTheRestOfIt() {
        List<CellSplitter.Part> parts = splitter.split("int a = 1;\nfor (int i = 0; i < 3; i++) {\n  a += i;");
        assertThat(parts).hasSize(2);
        assertThat(parts.get(1).completeness()).isEqualTo(Completeness.DEFINITELY_INCOMPLETE);
        assertThat(parts.get(1).source()).startsWith("for (int i = 0;").contains("a += i;");
    }

    @Test
    void brokenCodeIsUnknown() {
        assertThat(splitter.split("int x = ;)")).singleElement()
                .extracting(CellSplitter.Part::completeness).isEqualTo(Completeness.UNKNOWN);
    }

    @Test
    void findsTheSnippetTheCursorIsIn() {
        String cell = "int a = 1;\nString s = \"x\";\ns.len";
        assertThat(splitter.snippetStart(cell, cell.length())).isEqualTo(cell.indexOf("\ns.len"));
        assertThat(splitter.snippetStart(cell, 5)).isZero();
        assertThat(splitter.snippetStart("Math.ab", 7)).isZero();
    }
}
