package io.imgctl.cli.config;

/** The config file cannot be read or holds a bad value: bad input (exit 2), one line naming the file and the key. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
