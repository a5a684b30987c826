package org.mnn.kernel;

import java.util.List;
import java.util.Map;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/** Builds the kernel's JShell: in-process execution, the kernel's class path, everyday imports. */
final class JavaShell {

    /**
     * What JShell's command line imports by default, and JJava's notebook helpers
     * ({@code display(obj)}, {@code render(obj)}, {@code updateDisplay(id, obj)}).
     */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "import java.io.*;",
            "import java.math.*;",
            "import java.net.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.util.regex.*;",
            "import java.util.stream.*;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;",
            "import org.mnn.kernel.ext.TrainingCurve;");

    private JavaShell() {
    }

    /**
     * @param classpath what cells compile against: the kernel's own class path (mnn-core, JJava and
     *                  their dependencies). The classes themselves come from the kernel's class
     *                  loader, so a cell sees the very kernel that runs it.
     */
    static JShell create(CellExecutionControl control, String classpath) {
        JShell shell = JShell.builder()
                .executionEngine(control.provider(), Map.of())
                .build();
        if (!classpath.isBlank()) {
            shell.addToClasspath(classpath);
        }
        // the imports also warm up the compiler, so that the first cell does not pay for it
        for (String declaration : DEFAULT_IMPORTS) {
            for (SnippetEvent event : shell.eval(declaration)) {
                if (event.status() == Snippet.Status.REJECTED) {
                    throw new IllegalStateException("JShell rejected the start-up import " + declaration);
                }
            }
        }
        return shell;
    }
}
