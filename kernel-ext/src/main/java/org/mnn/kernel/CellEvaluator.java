package org.mnn.kernel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Runs a cell in JShell snippet by snippet and reports what it evaluated to, or throws a
 * {@link CellException} at the first snippet that does not compile, throws, or is interrupted
 * (the snippets before it have run, as in a script).
 */
final class CellEvaluator {

    /**
     * The value of the cell's last snippet when that is an expression.
     *
     * @param value the object itself (what the kernel renders)
     * @param text  JShell's text for it ({@code int[3] { 1, 2, 3 }}), better than toString for arrays
     */
    record Result(Object value, String text) {
    }

    private final JShell shell;
    private final CellExecutionControl control;
    private final CellSplitter splitter;
    /** snippet id -> cell and line it came from, so that stack frames name cells, not "#12" */
    private final Map<String, Tracebacks.Origin> origins = new ConcurrentHashMap<>();
    private volatile boolean interrupted;

    CellEvaluator(JShell shell, CellExecutionControl control, CellSplitter splitter) {
        this.shell = shell;
        this.control = control;
        this.splitter = splitter;
    }

    /**
     * Evaluates a cell (Java source without magics).
     *
     * @param cellNumber the cell's execution count, for tracebacks that point into earlier cells
     * @return the value of a trailing expression; empty when the cell ends in a statement or declaration
     */
    Optional<Result> run(String cell, int cellNumber) {
        interrupted = false;
        Result result = null;
        for (CellSplitter.Part part : splitter.split(cell)) {
            if (interrupted) {
                throw new CellInterruptedException();
            }
            result = evaluate(cell, part, cellNumber);
        }
        if (interrupted) {
            throw new CellInterruptedException();
        }
        return Optional.ofNullable(result);
    }

    /** Interrupts the running cell (called from the kernel's control thread). */
    void interrupt() {
        interrupted = true;
        shell.stop();
    }

    private Result evaluate(String cell, CellSplitter.Part part, int cellNumber) {
        List<SnippetEvent> events = shell.eval(part.source());
        // a stopped snippet looks like one without a value to JShell: the flag tells them apart
        if (interrupted) {
            throw new CellInterruptedException();
        }
        Result result = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a dependent snippet updated as a consequence, not part of this cell
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), new Tracebacks.Origin(cellNumber, Tracebacks.lineOf(cell, part.offset())));
            if (event.status() == Snippet.Status.REJECTED) {
                throw compilationError(cell, part, snippet);
            }
            if (event.exception() != null) {
                throw userCodeError(event.exception());
            }
            warnIfUnresolved(snippet, event.status());
            result = showsValue(snippet) ? new Result(control.lastValue(), event.value()) : null;
        }
        return result;
    }

    /** Expressions show their value; declarations, assignments and statements do not. */
    private static boolean showsValue(Snippet snippet) {
        switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND: // 6 * 7, f(x)
            case VAR_VALUE_SUBKIND:           // x
            case OTHER_EXPRESSION_SUBKIND:
                return true;
            default:
                return false;
        }
    }

    private CompilationException compilationError(String cell, CellSplitter.Part part, Snippet snippet) {
        List<Tracebacks.Problem> problems = shell.diagnostics(snippet)
                .filter(Diag::isError)
                .map(d -> new Tracebacks.Problem(
                        inCell(part, d.getStartPosition()),
                        inCell(part, d.getPosition()),
                        inCell(part, d.getEndPosition()),
                        d.getMessage(null)))
                .collect(Collectors.toList());
        if (problems.isEmpty()) {
            problems = List.of(new Tracebacks.Problem(part.offset(), part.offset(), part.offset(),
                    "JShell rejected this code"));
        }
        return new CompilationException(Tracebacks.summary(cell, problems.get(0)),
                Tracebacks.compilation(cell, problems));
    }

    /** A diagnostic position (relative to the snippet, -1 when unknown) as a position in the cell. */
    private static int inCell(CellSplitter.Part part, long snippetPosition) {
        return part.offset() + (int) Math.max(0, snippetPosition);
    }

    private UserCodeException userCodeError(JShellException exception) {
        Tracebacks.Thrown thrown = describe(exception, 0);
        // the user's own exception object: JShell's copy keeps only its class name and frames
        Throwable original = exception instanceof EvalException ? control.lastThrown() : null;
        return new UserCodeException(thrown.message(), Tracebacks.exception(thrown, origins), original);
    }

    private Tracebacks.Thrown describe(JShellException exception, int depth) {
        Tracebacks.Thrown cause = exception.getCause() instanceof JShellException && depth < 20
                ? describe((JShellException) exception.getCause(), depth + 1)
                : null;
        if (exception instanceof EvalException) {
            EvalException e = (EvalException) exception;
            return new Tracebacks.Thrown(e.getExceptionClassName(), e.getMessage(), e.getStackTrace(), cause);
        }
        if (exception instanceof UnresolvedReferenceException) {
            DeclarationSnippet snippet = ((UnresolvedReferenceException) exception).getSnippet();
            return new Tracebacks.Thrown("UnresolvedReferenceException",
                    name(snippet) + " cannot be used " + untilDeclared(snippet),
                    exception.getStackTrace(), cause);
        }
        return new Tracebacks.Thrown(exception.getClass().getName(), exception.getMessage(),
                exception.getStackTrace(), cause);
    }

    /**
     * JShell accepts a declaration that refers to something not declared yet (it may come in a
     * later cell), so a typo in a method body would go unnoticed until the call: say so now.
     */
    private void warnIfUnresolved(Snippet snippet, Snippet.Status status) {
        if (snippet instanceof DeclarationSnippet
                && (status == Snippet.Status.RECOVERABLE_DEFINED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED)) {
            DeclarationSnippet declaration = (DeclarationSnippet) snippet;
            System.err.println("note: " + name(declaration) + " is declared, but cannot be used "
                    + untilDeclared(declaration));
        }
    }

    /** "until zz is declared", "until a, b are declared" */
    private String untilDeclared(DeclarationSnippet snippet) {
        List<String> names = shell.unresolvedDependencies(snippet).collect(Collectors.toList());
        if (names.isEmpty()) {
            return "until its dependencies are declared";
        }
        return "until " + String.join(", ", names) + (names.size() == 1 ? " is" : " are") + " declared";
    }

    private static String name(DeclarationSnippet snippet) {
        return snippet instanceof MethodSnippet ? snippet.name() + "(" + ((MethodSnippet) snippet).parameterTypes() + ")"
                : snippet.name();
    }
}
