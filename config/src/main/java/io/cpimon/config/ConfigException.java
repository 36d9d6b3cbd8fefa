package io.cpimon.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration file is unreadable or invalid; {@link #errors()} lists every problem found. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::format).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** Every problem, in file order; never empty. */
    public List<ConfigError> errors() {
        return errors;
    }
}
