package org.wsss.io;

/** An input a stage needs is not there; the message says which and what to run. */
public final class MissingInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingInputException(String message) {
        super(message);
    }
}
