package io.cpimon.config;

/**
 * One problem found in a configuration file. Never carries a secret value.
 *
 * @param file the file name as given to the loader
 * @param line 1-based line of the offending key or value; 0 when unknown
 * @param field dotted path of the field, e.g. {@code tenants[1].probe.interval}; empty for the whole file
 * @param message what is wrong, and where possible how to fix it
 */
public record ConfigError(String file, int line, String field, String message) {

    /** {@code file:line: field: message}; the line is left out when unknown and the field when empty. */
    public String format() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line);
        }
        s.append(": ");
        if (!field.isEmpty()) {
            s.append(field).append(": ");
        }
        return s.append(message).toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
