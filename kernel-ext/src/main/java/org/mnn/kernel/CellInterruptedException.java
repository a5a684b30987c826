package org.mnn.kernel;

import java.util.List;

/** The user interrupted the cell (Jupyter's interrupt); the rest of the cell did not run. */
final class CellInterruptedException extends CellException {

    CellInterruptedException() {
        super("the cell was interrupted", List.of("CellInterruptedException: the cell was interrupted"), null);
    }
}
