package org.mnn.kernel.ext;

/**
 * A magic was called with arguments it cannot use; the message names the option and what it
 * expects. It carries no stack trace: the frames of the magic's argument parsing mean nothing to
 * the notebook's user.
 */
public class MagicUsageException extends IllegalArgumentException {
    public MagicUsageException(String message) {
        super(message);
    }

    public MagicUsageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
