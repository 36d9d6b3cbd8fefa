package io.cpimon.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads cpimon.yaml into a validated {@link CpimonConfig}: parses the YAML with line numbers,
 * resolves {@code ${env:NAME}} and {@code ${file:PATH}} references, applies the defaults of
 * {@link ConfigDefaults} and of the catalogue's rules, rejects unknown keys, and validates. It reports
 * every error of a file at once (a YAML syntax error stops the parse at its line). Stateless and
 * thread-safe; a reload is a fresh {@link #load}, swapped in by the caller only when it succeeds.
 */
public final class ConfigLoader {
    private final Function<String, String> env;
    private final ConfigCatalogue catalogue;

    /**
     * @param env looks up environment variables for {@code ${env:NAME}}; returns null when unset
     * @param catalogue the rules and channel kinds a file may name
     */
    public ConfigLoader(Function<String, String> env, ConfigCatalogue catalogue) {
        this.env = Objects.requireNonNull(env, "env");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    /** A loader that reads the process environment. */
    public static ConfigLoader fromEnvironment(ConfigCatalogue catalogue) {
        return new ConfigLoader(System::getenv, catalogue);
    }

    /**
     * Loads a file; relative {@code ${file:…}} paths start at the file's directory.
     *
     * @throws ConfigException when the file cannot be read or is invalid; errors name {@code file} as given
     */
    public CpimonConfig load(Path file) throws ConfigException {
        String source = file.toString();
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(new ConfigError(source, 0, "", "file not found")));
        } catch (MalformedInputException e) {
            throw new ConfigException(List.of(new ConfigError(source, 0, "", "not UTF-8 text")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(source, 0, "", "cannot read the file ("
                    + e.getClass().getSimpleName() + ")")));
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(yaml, source, dir);
    }

    /**
     * Parses YAML text; relative {@code ${file:…}} paths start at the working directory.
     *
     * @param sourceName names the text in errors, usually its file name
     * @throws ConfigException when the text is invalid
     */
    public CpimonConfig parse(String yaml, String sourceName) throws ConfigException {
        return parse(yaml, sourceName, null);
    }

    private CpimonConfig parse(String yaml, String sourceName, Path baseDir) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        YamlTree.Node root = YamlTree.read(yaml, sourceName, errors);
        CpimonConfig config = null;
        if (root != null) {
            config = new Binder(new ConfigReader(sourceName, env, baseDir, errors), catalogue).bind(root);
        }
        if (!errors.isEmpty()) {
            List<ConfigError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingInt(ConfigError::line)); // stable: same-line errors keep their order
            throw new ConfigException(sorted);
        }
        return config;
    }
}
