package org.wsss.cli;

/**
 * What stopped a command, in words a user can act on, and the exit code: {@link Wsss#USER_ERROR} when the user must
 * change the command, its settings or its inputs, {@link Wsss#FAILURE} for a fault a retry or a fix elsewhere may
 * cure. {@code storage} marks failures to reach a file system, where writing a log there would only fail again.
 */
record Failure(String message, int exitCode, boolean storage) {
    static Failure userMistake(String message) {
        return new Failure(message, Wsss.USER_ERROR, false);
    }

    static Failure fault(String message) {
        return new Failure(message, Wsss.FAILURE, false);
    }

    boolean isFault() {
        return exitCode == Wsss.FAILURE;
    }
}
