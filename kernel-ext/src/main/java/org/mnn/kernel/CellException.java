package org.mnn.kernel;

import java.util.List;

/**
 * A cell that did not run to its end. BaseKernel turns the exception thrown from {@code evalRaw}
 * into the Jupyter error: the class's simple name becomes "ename", the message "evalue", and
 * {@link MnnKernel#formatError} returns {@link #traceback()} as the lines the notebook shows.
 */
abstract class CellException extends RuntimeException {

    private final List<String> traceback;

    CellException(String message, List<String> traceback, Throwable cause) {
        // no stack trace: it would be the kernel's, which says nothing about the cell
        super(message, cause, false, false);
        this.traceback = List.copyOf(traceback);
    }

    List<String> traceback() {
        return traceback;
    }
}
