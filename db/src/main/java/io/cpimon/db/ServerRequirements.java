package io.cpimon.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What cpimon needs of a PostgreSQL server and its user, checked on one connection before the migrations run, so
 * that a server too old or a right missing is reported as what to change instead of as a failed migration.
 * cpimon needs no superuser, no extension and no right on the database beyond connecting and temporary tables:
 * a user that owns one schema (first on its {@code search_path}) is enough. Stateless.
 */
final class ServerRequirements {
    /** {@code server_version_num} of the oldest PostgreSQL cpimon runs on (it is tested on 15 and 18). */
    static final int MINIMUM_VERSION_NUM = 150_000;

    private static final String FACTS = """
            SELECT current_setting('server_version_num')::int, current_setting('server_version'), current_user,
                   current_schema(), current_setting('search_path'), current_database(),
                   has_database_privilege(current_database(), 'TEMPORARY'),
                   current_schema() IS NOT NULL AND has_schema_privilege(current_schema(), 'CREATE'),
                   (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'mpl'),
                   (SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables
                     WHERE schemaname = current_schema() AND tablename = 'mpl')""";

    private ServerRequirements() {}

    /**
     * @param where the server as shown to the operator (no credentials)
     * @throws DataAccessException naming what is missing and the statement that fixes it
     * @throws SQLException when the facts cannot be read
     */
    static void verify(Connection c, String where, int minimumVersionNum) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FACTS); ResultSet rs = ps.executeQuery()) {
            rs.next();
            int versionNum = rs.getInt(1);
            String version = rs.getString(2);
            String user = rs.getString(3);
            String schema = rs.getString(4);
            String searchPath = rs.getString(5);
            String database = rs.getString(6);
            if (versionNum < minimumVersionNum) {
                throw new DataAccessException("PostgreSQL " + version + " at " + where + " is too old: cpimon needs "
                        + "PostgreSQL " + minimumVersionNum / 10_000 + " or newer; upgrade the server or point "
                        + "database.url at a newer one", null);
            }
            if (schema == null) {
                throw new DataAccessException("user " + user + " has no schema to keep cpimon's tables in at " + where
                        + " (none of its search_path \"" + searchPath + "\" exists); as an administrator run: "
                        + "CREATE SCHEMA cpimon AUTHORIZATION " + ident(user) + "; ALTER ROLE " + ident(user)
                        + " SET search_path = cpimon", null);
            }
            if (!rs.getBoolean(7)) {
                throw new DataAccessException("user " + user + " may not create temporary tables in database "
                        + database + " at " + where + " (cpimon stages MPL pages in them); as an administrator run: "
                        + "GRANT TEMPORARY ON DATABASE " + ident(database) + " TO " + ident(user), null);
            }
            if (!rs.getBoolean(8)) {
                throw new DataAccessException("user " + user + " may not create tables in schema " + schema + " at "
                        + where + " (cpimon creates its tables and the daily partitions of mpl there); as an "
                        + "administrator run: ALTER SCHEMA " + ident(schema) + " OWNER TO " + ident(user)
                        + " (or GRANT USAGE, CREATE ON SCHEMA " + ident(schema) + " TO " + ident(user) + ")", null);
            }
            String mplOwner = rs.getString(9);
            if (mplOwner != null && !rs.getBoolean(10)) {
                throw new DataAccessException("table " + schema + ".mpl at " + where + " belongs to " + mplOwner
                        + ", not to " + user + " (only its owner may add the daily partitions); as an administrator"
                        + " run: REASSIGN OWNED BY " + ident(mplOwner) + " TO " + ident(user)
                        + " in that database, or connect as " + mplOwner, null);
            }
        }
    }

    private static String ident(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
