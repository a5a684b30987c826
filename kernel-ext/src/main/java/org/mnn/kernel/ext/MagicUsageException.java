package org.mnn.kernel.ext;

/** A magic was called with arguments it cannot use; the message names the option and what it expects. */
public class MagicUsageException extends IllegalArgumentException {
    public MagicUsageException(String message) {
        super(message);
    }

    public MagicUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
