package org.mnn.kernel;

import java.util.List;

/**
 * The cell's code threw. {@link #thrown()} is the user's own exception object where there is one
 * (JShell's references to a definition that cannot run yet have none); the traceback shows the
 * user's frames as cell lines.
 */
final class UserCodeException extends CellException {

    private final transient Throwable thrown;

    UserCodeException(String message, List<String> traceback, Throwable thrown) {
        super(message, traceback, thrown);
        this.thrown = thrown;
    }

    /** The exception object the user's code threw, or null. */
    Throwable thrown() {
        return thrown;
    }
}
