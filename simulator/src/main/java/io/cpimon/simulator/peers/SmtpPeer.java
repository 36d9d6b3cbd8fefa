package io.cpimon.simulator.peers;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * An SMTP server on 127.0.0.1 (GreenMail) that keeps every message it receives. It accepts any sender,
 * recipient and (plain) authentication. Fault switch: {@link #down()} (connection refused) / {@link #up()};
 * GreenMail offers no 4xx/5xx injection, so SMTP error replies are not simulated. Thread-safe.
 */
public final class SmtpPeer implements AutoCloseable {

    private final Object lock = new Object();
    private GreenMail server;
    private int port;
    private boolean down;

    public SmtpPeer(int wantedPort) {
        synchronized (lock) {
            ServerSetup setup = new ServerSetup(wantedPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
            server = new GreenMail(wantedPort == 0 ? setup.dynamicPort() : setup);
            server.start();
            port = server.getSmtp().getPort();
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        synchronized (lock) {
            return port;
        }
    }

    /** Every message received since start or {@link #clear()}, in order (kept across down/up). */
    public List<MimeMessage> messages() {
        synchronized (lock) {
            return server == null ? List.of() : List.of(server.getReceivedMessages());
        }
    }

    public void clear() {
        synchronized (lock) {
            if (server != null) {
                try {
                    server.purgeEmailFromAllMailboxes();
                } catch (FolderException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Stops listening (connection refused); received messages are dropped. */
    public void down() {
        synchronized (lock) {
            if (server != null) {
                server.stop();
                server = null;
            }
            down = true;
        }
    }

    /** Listens again on the same port. */
    public void up() {
        synchronized (lock) {
            if (server == null) {
                server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
                server.start();
            }
            down = false;
        }
    }

    public boolean isDown() {
        synchronized (lock) {
            return down;
        }
    }

    @Override
    public void close() {
        down();
    }
}
