package org.mnn.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CompletenessCheckTest {

    private static JShell shell;
    private static CompletenessCheck check;

    @BeforeAll
    static void startShell() {
        shell = JShell.builder().executionEngine(new CellExecutionControl().provider(), Map.of()).build();
        check = new CompletenessCheck(new CellSplitter(shell.sourceCodeAnalysis()));
    }

    @AfterAll
    static void closeShell() {
        shell.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 + 1", "int x = 1;", "int y = 2", "void f() {}", "int a = 1;\nint b = 2;\na + b",
            "// a comment", "", "System.out.println(\"{\")"})
    void completeCode(String code) {
        assertThat(check.check(code)).isEqualTo("complete");
    }

    @ParameterizedTest
    @ValueSource(strings = {"int x = ;)", "}", "int a = 1;\n)"})
    void invalidCode(String code) {
        assertThat(check.check(code)).isEqualTo("invalid");
    }

    @Test
    void incompleteCodeAsksForAnIndentedNextLine() {
        assertThat(check.check("for (int i = 0; i < 3; i++) {")).isEqualTo("    ");
        assertThat(check.check("class A {\n    void f() {")).isEqualTo("        ");
        assertThat(check.check("int x =")).isEqualTo("    ");
        assertThat(check.check("double[] a = {1, 2,")).isEqualTo("    ");
    }

    @Test
    void bracketsInStringsCharactersAndCommentsDoNotCount() {
        assertThat(CompletenessCheck.openBrackets("f(\"(\", ')', /* { */ x // [\n")).isEqualTo(1);
        assertThat(CompletenessCheck.openBrackets("String t = \"\"\"\n  {(\n  \"\"\"; {")).isEqualTo(1);
        assertThat(CompletenessCheck.openBrackets("\"a\\\"(\" {")).isEqualTo(1);
        assertThat(CompletenessCheck.openBrackets("}} {")).isEqualTo(1);
    }
}
