package org.wsss.io;

import java.io.IOException;

/** An input file a user named is not what it should be; the message names the file and what was expected. */
public final class BadInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
