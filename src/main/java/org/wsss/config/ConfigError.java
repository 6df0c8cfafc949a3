package org.wsss.config;

/** A configuration mistake a user can fix; the message names the key, the value and what is allowed. */
public final class ConfigError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigError(String message) {
        super(message);
    }
}
