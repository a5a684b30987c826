package org.mnn.kernel;

import java.util.List;

/** JShell rejected a snippet of the cell: the message is the first error, the traceback all of them. */
final class CompilationException extends CellException {

    CompilationException(String summary, List<String> traceback) {
        super(summary, traceback, null);
    }
}
