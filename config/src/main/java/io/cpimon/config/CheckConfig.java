package io.cpimon.config;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * {@code cpimon check-config FILE}: loads and validates a configuration file, prints the effective
 * configuration (secrets as {@code <secret>}) and a one-line summary, or the list of errors.
 */
public final class CheckConfig {
    private CheckConfig() {}

    /**
     * @param env looks up environment variables for {@code ${env:NAME}}
     * @param catalogue the rules and channel kinds the file may name
     * @return 0 when the file is valid, 1 when it is missing, unreadable or invalid
     */
    public static int run(Path file, PrintStream out, PrintStream err, Function<String, String> env,
                          ConfigCatalogue catalogue) {
        if (!Files.exists(file)) {
            err.println("cpimon: config file not found: " + file.toAbsolutePath());
            return 1;
        }
        CpimonConfig config;
        try {
            config = new ConfigLoader(env, catalogue).load(file);
        } catch (ConfigException e) {
            int n = e.errors().size();
            err.println(file + " is invalid (" + n + (n == 1 ? " error" : " errors") + "):");
            e.errors().forEach(error -> err.println(error.format()));
            return 1;
        }
        out.print(ConfigPrinter.print(config));
        out.println("# " + file + " is valid: " + summary(config));
        return 0;
    }

    /** e.g. {@code 3 tenants (prod-weu, prod-eus, dev), 1 pair, 2 channels, 1 route} */
    public static String summary(CpimonConfig c) {
        List<String> ids = c.tenants().stream().map(CpimonConfig.TenantConfig::id).toList();
        return count(c.tenants().size(), "tenant") + (ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")")
                + ", " + count(c.pairs().size(), "pair")
                + ", " + count(c.channels().size(), "channel")
                + ", " + count(c.routes().size(), "route");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
