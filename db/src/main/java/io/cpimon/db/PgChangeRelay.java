package io.cpimon.db;

import io.cpimon.core.ChangeNotifier;
import io.cpimon.core.Lifecycle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries dashboard changes between the instances sharing a database over PostgreSQL's {@code LISTEN}/{@code NOTIFY}
 * on the channel {@value #CHANNEL}: what this instance's {@link #outgoing()} notifier is told is sent (deduplicated
 * within a quarter second) as {@code instance TAB kind TAB tenant}, and every other instance's change is handed to the
 * {@code remote} notifier. One dedicated connection on one virtual thread; after a database outage it reconnects
 * every second and listens again. {@link #outgoing()} never blocks (a full queue drops the change: the dashboard's
 * next snapshot covers it); start and close from one thread.
 */
public final class PgChangeRelay implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(PgChangeRelay.class);
    public static final String CHANNEL = "cpimon_changes";
    private static final Duration WAIT = Duration.ofMillis(250);
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    private static final int QUEUE = 10_000;

    /** Opens the dedicated connection. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final String instanceId;
    private final ChangeNotifier remote;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>(QUEUE);
    private volatile boolean closed;
    private volatile boolean listening;
    private volatile String lastError;
    private Thread thread;

    public PgChangeRelay(Connector connector, String instanceId, ChangeNotifier remote) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    @Override
    public String name() {
        return "change-relay";
    }

    /** The notifier whose changes the other instances hear. */
    public ChangeNotifier outgoing() {
        return (kind, tenantId) -> {
            if (!closed) {
                queue.offer(kind + "\t" + (tenantId == null ? "" : tenantId));
            }
        };
    }

    /** Listens on a first connection (failing when the database does not answer), then relays on its own thread. */
    @Override
    public synchronized void start() throws SQLException {
        Connection first = listen();
        thread = Thread.ofVirtual().name("change-relay").start(() -> run(first));
    }

    private Connection listen() throws SQLException {
        Connection c = connector.open();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("LISTEN " + CHANNEL);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        listening = true;
        return c;
    }

    private void run(Connection first) {
        Connection c = first;
        while (!closed) {
            try {
                if (c == null) {
                    c = listen();
                    LOG.info("change relay listens again");
                    lastError = null;
                }
                relay(c);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!Objects.equals(lastError, e.getMessage())) {
                    LOG.warn("change relay: {}; reconnecting every {} s", e.getMessage(), RECONNECT.toSeconds());
                    lastError = e.getMessage();
                }
                close(c);
                c = null;
                pause();
            }
        }
        close(c);
    }

    /** Sends what is queued and hands on what arrived, until closed or the connection fails. */
    private void relay(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            while (!closed) {
                Set<String> batch = new LinkedHashSet<>();
                String first = queue.poll(); // without waiting: getNotifications below waits
                while (first != null && batch.size() < 1000) {
                    batch.add(first);
                    first = queue.poll();
                }
                for (String change : batch) {
                    notify.setString(1, CHANNEL);
                    notify.setString(2, instanceId + "\t" + change);
                    notify.execute();
                }
                PGNotification[] arrived = pg.getNotifications((int) WAIT.toMillis());
                if (arrived == null) {
                    continue;
                }
                for (PGNotification n : arrived) {
                    String[] parts = n.getParameter().split("\t", -1);
                    if (parts.length == 3 && !parts[0].equals(instanceId)) {
                        remote.changed(parts[1], parts[2].isEmpty() ? null : parts[2]);
                    }
                }
            }
        }
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RECONNECT.toMillis()); // the reconnect interval, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the change relay's connection: {}", e.getMessage());
            }
        }
    }

    /** Up while listening; down (with the reason) while reconnecting. */
    @Override
    public Check check() {
        return listening ? Check.UP : Check.down("not listening: " + lastError);
    }

    @Override
    public synchronized void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
