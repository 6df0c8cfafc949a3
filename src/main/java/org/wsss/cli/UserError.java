package org.wsss.cli;

/** A mistake the user can fix from the message alone; printed as one line, never as a stack trace. */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
