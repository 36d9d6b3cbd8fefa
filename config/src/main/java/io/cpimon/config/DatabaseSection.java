package io.cpimon.config;

/** The {@code database} section: an external PostgreSQL or the embedded one, and the pool. Stateless. */
final class DatabaseSection {
    private DatabaseSection() {}

    /** @param tenants how many tenants the configuration has: the default pool grows with them */
    static CpimonConfig.DatabaseConfig bind(ConfigMap d, int tenants) {
        ConfigMap.Text url = d.text("url", false);
        if (url != null && !url.value().startsWith("jdbc:postgresql:")) {
            // the value is not shown: JDBC URLs may carry a password
            d.error(url, "must be a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/cpimon, "
                    + "or be left out for the embedded database");
        }
        String user = d.string("user", null);
        Secret password = d.secret("password", false);
        String embeddedDir = d.string("embeddedDir", ConfigDefaults.EMBEDDED_DIR);
        int poolSize = d.integer("poolSize", ConfigDefaults.poolSize(tenants), 1, 1000);
        d.done();
        return new CpimonConfig.DatabaseConfig(url == null ? null : url.value(), user, password, embeddedDir,
                poolSize);
    }

    static void print(CpimonConfig.DatabaseConfig d, YamlWriter out) {
        out.line(0, "database:");
        out.line(1, "url: " + (d.url() == null ? "null  # embedded PostgreSQL"
                : YamlWriter.str(maskJdbcPassword(d.url()))));
        out.line(1, "user: " + YamlWriter.str(d.user()));
        out.line(1, "password: " + YamlWriter.secret(d.password()));
        out.line(1, "embeddedDir: " + YamlWriter.str(d.embeddedDir()));
        out.line(1, "poolSize: " + d.poolSize());
    }

    /** A JDBC URL may carry {@code password=…} among its parameters. */
    static String maskJdbcPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1<secret>");
    }
}
