package org.mnn.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TracebacksTest {

    @Test
    void linesAndColumnsAreOneBased() {
        String text = "ab\ncd\n";
        assertThat(Tracebacks.lineOf(text, 0)).isEqualTo(1);
        assertThat(Tracebacks.columnOf(text, 0)).isEqualTo(1);
        assertThat(Tracebacks.lineOf(text, 4)).isEqualTo(2);
        assertThat(Tracebacks.columnOf(text, 4)).isEqualTo(2);
    }

    @Test
    void aCompilerErrorShowsItsLineWithACaretUnderTheOffendingCode() {
        String cell = "String s = \"x\";\nint n = s.lenth();";
        int dot = cell.indexOf(".lenth");
        Tracebacks.Problem problem = new Tracebacks.Problem(dot, dot, dot + ".lenth".length(),
                "cannot find symbol\n  symbol:   method lenth()\n  location: class ");
        assertThat(Tracebacks.summary(cell, problem)).isEqualTo("line 2, column 10: cannot find symbol");
        assertThat(Tracebacks.compilation(cell, List.of(problem))).containsExactly(
                "error: line 2, column 10: cannot find symbol",
                "  symbol:   method lenth()",
                " 2 | int n = s.lenth();",
                "   |          ^~~~~~");
    }

    @Test
    void anErrorAtTheEndOfTheCellPointsAfterTheLastCodeNotAtAnEmptyLine() {
        String cell = "for (int i = 0; i < 3; i++) {\n\n";
        Tracebacks.Problem problem = new Tracebacks.Problem(cell.length(), cell.length(), cell.length(),
                "reached end of file while parsing");
        assertThat(Tracebacks.summary(cell, problem)).isEqualTo("line 1, column 30: reached end of file while parsing");
        assertThat(Tracebacks.sourceWithCaret(cell, problem)).containsExactly(
                " 1 | for (int i = 0; i < 3; i++) {",
                "   |                              ^");
    }

    @Test
    void severalProblemsAreSeparatedByABlankLine() {
        String cell = "int a = x;\nint b = y;";
        List<String> lines = Tracebacks.compilation(cell, List.of(
                new Tracebacks.Problem(8, 8, 9, "cannot find symbol"),
                new Tracebacks.Problem(19, 19, 20, "cannot find symbol")));
        assertThat(lines).contains("", "error: line 1, column 9: cannot find symbol",
                "error: line 2, column 9: cannot find symbol");
    }

    @Test
    void snippetFramesNameTheCellAndLine() {
        Map<String, Tracebacks.Origin> origins = Map.of("5", new Tracebacks.Origin(3, 4), "6", new Tracebacks.Origin(4, 1));
        assertThat(Tracebacks.describe(new StackTraceElement("", "f", "#5", 2), origins)).isEqualTo("f (In [3], line 5)");
        assertThat(Tracebacks.describe(new StackTraceElement("", "", "#6", 1), origins)).isEqualTo("In [4], line 1");
        assertThat(Tracebacks.describe(new StackTraceElement("Point", "norm", "#5", 1), origins))
                .isEqualTo("Point.norm (In [3], line 4)");
        assertThat(Tracebacks.describe(new StackTraceElement("", "g", "#99", 7), origins)).isEqualTo("g (snippet 99, line 7)");
        StackTraceElement library = new StackTraceElement("org.mnn.Solver", "solve", "Solver.java", 42);
        assertThat(Tracebacks.describe(library, origins)).isEqualTo("org.mnn.Solver.solve(Solver.java:42)");
    }

    @Test
    void anExceptionListsItsFramesAndCauses() {
        Tracebacks.Thrown inner = new Tracebacks.Thrown("java.lang.RuntimeException", "inner",
                new StackTraceElement[] {new StackTraceElement("", "g", "#2", 1)}, null);
        Tracebacks.Thrown outer = new Tracebacks.Thrown("java.lang.IllegalStateException", "boom",
                new StackTraceElement[] {new StackTraceElement("", "", "#3", 1)}, inner);
        Map<String, Tracebacks.Origin> origins = Map.of("2", new Tracebacks.Origin(1, 1), "3", new Tracebacks.Origin(2, 1));
        assertThat(Tracebacks.exception(outer, origins)).containsExactly(
                "java.lang.IllegalStateException: boom",
                "    at In [2], line 1",
                "Caused by: java.lang.RuntimeException: inner",
                "    at g (In [1], line 1)");
    }

    @Test
    void anExceptionWithoutMessageShowsItsClassOnly() {
        Tracebacks.Thrown thrown = new Tracebacks.Thrown("java.lang.NullPointerException", null, new StackTraceElement[0], null);
        assertThat(Tracebacks.exception(thrown, Map.of())).containsExactly("java.lang.NullPointerException");
    }
}
