package org.mnn.ode;

/**
 * A problem description that cannot be solved as given. The message names the field, the index,
 * what was expected and what was found, so that a user can fix the input without a debugger.
 */
public class InvalidProblemException extends IllegalArgumentException {
    public InvalidProblemException(String message) {
        super(message);
    }
}
