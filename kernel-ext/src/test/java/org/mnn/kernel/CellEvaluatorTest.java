package org.mnn.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The evaluator with a real in-process JShell, as the kernel runs it. */
class CellEvaluatorTest {

    private static JShell shell;
    private static CellExecutionControl control;
    private static CellEvaluator evaluator;
    private static int cellNumber;

    @BeforeAll
    static void startShell() {
        control = new CellExecutionControl();
        shell = JavaShell.create(control, System.getProperty("java.class.path", ""));
        evaluator = new CellEvaluator(shell, control, new CellSplitter(shell.sourceCodeAnalysis()));
    }

    @AfterAll
    static void closeShell() {
        shell.close();
    }

    private static Object value(String cell) {
        return evaluator.run(cell, ++cellNumber).map(CellEvaluator.Result::value).orElse(null);
    }

    @Test
    void theLastExpressionIsTheValueAsAnObject() {
        assertThat(value("6 * 7")).isEqualTo(42);
        assertThat(value("int a = 20;\nint b = 22;\na + b")).isEqualTo(42);
        assertThat(value("new StringBuilder(\"ab\")")).isInstanceOf(StringBuilder.class);
    }

    @Test
    void declarationsAndStatementsHaveNoValue() {
        assertThat(evaluator.run("int unused = 5;", ++cellNumber)).isEmpty();
        assertThat(evaluator.run("int counter = 0;\ncounter++;\ncounter = 3;", ++cellNumber)).isEmpty();
    }

    @Test
    void arraysKeepJShellsText() {
        assertThat(evaluator.run("new int[] {1, 2}", ++cellNumber)).get()
                .extracting(CellEvaluator.Result::text).isEqualTo("int[2] { 1, 2 }");
    }

    @Test
    void cellsSeeTheKernelsClassPathAndDefaultImports() {
        assertThat(value("org.mnn.cli.Main.class.getName()")).isEqualTo("org.mnn.cli.Main");
        assertThat(value("List.of(1, 2).stream().map(x -> x * 2).collect(Collectors.toList())"))
                .isEqualTo(java.util.List.of(2, 4));
    }

    @Test
    void aCompileErrorNamesLineColumnAndSource() {
        assertThatThrownBy(() -> evaluator.run("String s = \"x\";\nint n = s.lenth();", ++cellNumber))
                .isInstanceOf(CompilationException.class)
                .hasMessage("line 2, column 10: cannot find symbol")
                .satisfies(e -> assertThat(((CellException) e).traceback())
                        .contains(" 2 | int n = s.lenth();")
                        .noneMatch(l -> l.contains("location: class")));
    }

    @Test
    void aRuntimeExceptionShowsTheUsersFramesAndObject() {
        int defined = ++cellNumber;
        evaluator.run("int half(int x) {\n  if (x == 0) throw new IllegalArgumentException(\"zero\");\n  return x / 2;\n}", defined);
        int failing = ++cellNumber;
        assertThatThrownBy(() -> evaluator.run("int a = 4;\n\nhalf(0)", failing))
                .isInstanceOfSatisfying(UserCodeException.class, e -> {
                    assertThat(e.thrown()).isInstanceOf(IllegalArgumentException.class).hasMessage("zero");
                    assertThat(e.traceback()).containsExactly(
                            "java.lang.IllegalArgumentException: zero",
                            "    at half (In [" + defined + "], line 2)",
                            "    at In [" + failing + "], line 3");
                });
    }

    @Test
    void libraryFramesStayAndJShellsAreCut() {
        assertThatThrownBy(() -> evaluator.run("Integer.parseInt(\"x\")", ++cellNumber))
                .isInstanceOfSatisfying(UserCodeException.class, e -> assertThat(e.traceback())
                        .first().isEqualTo("java.lang.NumberFormatException: For input string: \"x\""))
                .satisfies(e -> assertThat(((CellException) e).traceback())
                        .anyMatch(l -> l.contains("java.lang.Integer.parseInt"))
                        .noneMatch(l -> l.contains("jdk.jshell") || l.contains("reflect") || l.contains("mnn.kernel")));
    }

    @Test
    void snippetsAfterAFailureDoNotRun() {
        value("int touched = 0;");
        assertThatThrownBy(() -> evaluator.run("int boom = 1 / touched;\ntouched = 1;", ++cellNumber))
                .isInstanceOf(UserCodeException.class);
        assertThat(value("touched")).isEqualTo(0);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anInterruptStopsAnEndlessLoopAndTheShellLivesOn() throws Exception {
        CompletableFuture<Object> loop = CompletableFuture.supplyAsync(() -> value("while (true) {}"));
        Thread.sleep(500);
        assertThat(loop).isNotDone();
        evaluator.interrupt();
        assertThat(loop).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(CellInterruptedException.class);
        assertThat(value("1 + 1")).isEqualTo(2);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anInterruptEndsASleepAtOnce() throws Exception {
        CompletableFuture<Object> sleep = CompletableFuture.supplyAsync(() -> value("Thread.sleep(60_000); 1"));
        Thread.sleep(500);
        long start = System.nanoTime();
        evaluator.interrupt();
        assertThat(sleep).failsWithin(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(CellExecutionControl.STOP_GRACE_MS));
    }
}
