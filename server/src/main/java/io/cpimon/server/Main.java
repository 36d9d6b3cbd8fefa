package io.cpimon.server;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.config.CheckConfig;
import io.cpimon.config.ConfigException;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.db.DataAccessException;
import io.cpimon.simulator.SimulatorMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The command line (see docs/architecture.md); {@code ./cpimon} calls it with the arguments it got. It parses the
 * arguments and the configuration file and hands over to {@link CpimonServer}, {@link Demo}, the config checker or the
 * simulator; it holds no wiring of its own. A relative path the user gives is relative to the directory the command
 * was typed in ({@value #CALLER_DIR}, which the launcher sets before it changes to the repository), else to the
 * working directory.
 */
public final class Main {
    /** The environment variable with the directory the user typed the command in. */
    static final String CALLER_DIR = "CPIMON_CWD";

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "demo" -> Demo.run(rest);
            case "run" -> run(rest);
            case "check-config" -> {
                if (rest.length != 1) {
                    System.err.println("usage: cpimon check-config FILE");
                    System.exit(2);
                }
                System.exit(CheckConfig.run(userPath(rest[0], System::getenv), System.out, System.err, System::getenv,
                        AlertingCatalogue.CONFIG));
            }
            case "simulate" -> SimulatorMain.main(rest);
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void run(String[] args) throws Exception {
        String file = System.getenv("CPIMON_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = args[++i];
            } else {
                System.err.println("cpimon run: unknown argument '" + args[i] + "' (usage: cpimon run --config FILE)");
                System.exit(2);
            }
        }
        if (file == null) {
            System.err.println("cpimon run: no config file (use --config FILE or CPIMON_CONFIG)");
            System.exit(2);
        }
        Path path = userPath(file, System::getenv);
        if (!Files.isRegularFile(path)) {
            System.err.println("cpimon run: config file " + path + " does not exist");
            System.exit(1);
        }
        CpimonConfig config;
        try {
            config = ConfigLoader.fromEnvironment(AlertingCatalogue.CONFIG).load(path);
        } catch (ConfigException e) {
            System.err.println("cpimon run: invalid configuration:");
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        LogFormat.apply(config.logging());
        CpimonServer server;
        try {
            server = CpimonServer.start(config, Clock.systemUTC());
        } catch (DataAccessException e) {
            // a server too old, a right missing, nobody listening: the message says what to change, a trace would not
            System.err.println("cpimon run: the database cannot be used: " + e.getMessage());
            System.exit(1);
            return;
        }
        server.reloadFrom(path, ConfigLoader.fromEnvironment(AlertingCatalogue.CONFIG));
        HangupSignal.install(() -> server.reload("SIGHUP"));
        ShutdownHook.await(server);
    }

    /**
     * A path as the user typed it: a relative one is resolved against {@value #CALLER_DIR} when that is set.
     * @param env the environment (a lookup that answers null for an unset variable)
     */
    static Path userPath(String typed, UnaryOperator<String> env) {
        Path path = Path.of(typed);
        String callerDir = env.apply(CALLER_DIR);
        if (path.isAbsolute() || callerDir == null || callerDir.isBlank()) {
            return path;
        }
        return Path.of(callerDir).resolve(path).normalize();
    }

    private static void usage() {
        System.err.println("""
                usage: cpimon COMMAND
                  demo [--port 8080] [--data DIR]     embedded PostgreSQL, simulated tenants and peers, dashboard
                  run --config FILE                  run with a configuration file
                  check-config FILE                  validate a configuration file (exit 1 when invalid)
                  simulate [--tenants N] [--port P] [--scenario NAME]   simulated CPI tenants alone""");
    }
}
