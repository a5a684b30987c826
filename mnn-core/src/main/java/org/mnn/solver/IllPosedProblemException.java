package org.mnn.solver;

/**
 * The least-squares system of one batch item is singular (a zero or negative pivot): typically no
 * initial rows together with an equation row that does not determine the solution. Thrown
 * instead of returning NaN.
 */
public class IllPosedProblemException extends ArithmeticException {
    private final int item;

    public IllPosedProblemException(int item, String detail) {
        super("batch item " + item + ": the NeuRLP system is singular (" + detail
                + "); give initial values, boundary rows or equations that determine the solution");
        this.item = item;
    }

    /** The batch item whose system is singular. */
    public int item() {
        return item;
    }
}
