package org.mnn.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kernel's own glue, without a Jupyter connection: extensions, magics, errors, is_complete. */
class MnnKernelTest {

    private static MnnKernel kernel;

    @BeforeAll
    static void start() {
        kernel = MnnKernel.create();
        kernel.onStartup();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void extensionsOnTheClassPathAreInstalledAtStartUp() {
        assertThat(RecordingExtension.installedInto).isSameAs(kernel);
    }

    @Test
    void lineMagicsRunInsideJShellOnThisKernel() {
        kernel.evalRaw("int before = 1;\n%record a \"b c\"\nbefore + 1");
        assertThat(RecordingExtension.RECORDED).contains(List.of("a", "b c"));
    }

    @Test
    void valuesGoThroughTheRenderer() {
        DisplayData data = kernel.eval("6 * 7");
        assertThat(data.getData(MIMEType.TEXT_PLAIN)).isEqualTo("42");
        assertThat(kernel.eval("int unused = 3;")).isNull();
    }

    @Test
    void printfAsTheLastLineShowsNoStreamObject() {
        assertThat(kernel.eval("System.out.printf(\"%d%n\", 42)")).isNull();
        assertThat(kernel.eval("System.err.append(\"x\")")).isNull();
        // another stream is a value like any other
        assertThat(kernel.eval("new java.io.PrintStream(new java.io.ByteArrayOutputStream())")).isNotNull();
    }

    @Test
    void theUsersExceptionIsPassedOnWithItsCellTraceback() {
        assertThatThrownBy(() -> kernel.evalRaw("int zero = 0;\n1 / zero"))
                .isInstanceOfSatisfying(ArithmeticException.class, e -> assertThat(kernel.formatError(e))
                        .first().isEqualTo("java.lang.ArithmeticException: / by zero"));
    }

    @Test
    void compileErrorsAreCompilationExceptions() {
        assertThatThrownBy(() -> kernel.evalRaw("int x = ;"))
                .isInstanceOfSatisfying(CompilationException.class, e -> assertThat(kernel.formatError(e))
                        .anyMatch(l -> l.startsWith("error: line 1, column 9:")));
    }

    @Test
    void brokenCodeIsInvalidAndMagicsAreNot() {
        assertThat(kernel.isComplete("int x = ;)")).isEqualTo("invalid");
        assertThat(kernel.isComplete("%record x")).isEqualTo("complete");
        assertThat(kernel.isComplete("if (true) {")).isEqualTo("    ");
    }

    @Test
    void completionAndInspection() {
        assertThat(kernel.complete("Math.sq", 7).getReplacements()).containsExactly("sqrt(");
        assertThat(kernel.complete("Math.sq", 7).getSourceStart()).isEqualTo(5);
        assertThat(kernel.inspect("Math.sqrt", 9, false).getData(MIMEType.TEXT_PLAIN).toString())
                .startsWith("double Math.sqrt(double a)");
        assertThat(kernel.inspect("noSuchThing", 11, false)).isNull();
    }
}
