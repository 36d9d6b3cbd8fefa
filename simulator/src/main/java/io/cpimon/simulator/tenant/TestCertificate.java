package io.cpimon.simulator.tenant;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC certificate for CN=localhost with SAN dns:localhost, ip:127.0.0.1 in a PKCS12 file,
 * generated once per JVM with the running JDK's {@code keytool}. Immutable after creation.
 */
public final class TestCertificate {

    private static TestCertificate shared;

    private final Path keystore;
    private final String password;

    private TestCertificate(Path keystore, String password) {
        this.keystore = keystore;
        this.password = password;
    }

    /** The JVM-wide certificate (created on first call, deleted on exit). */
    public static synchronized TestCertificate shared() {
        if (shared == null) {
            shared = generate();
        }
        return shared;
    }

    private static TestCertificate generate() {
        try {
            Path dir = Files.createTempDirectory("cpimon-sim-tls");
            Path file = dir.resolve("peer.p12");
            String pw = "sim-" + Long.toHexString(System.nanoTime());
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "peer", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity", "30", "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", pw, "-keypass", pw))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return new TestCertificate(file, pw);
        } catch (IOException e) {
            throw new IllegalStateException("cannot generate a test certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS12 file (key pair and certificate); also usable as a trust store. */
    public Path keystore() {
        return keystore;
    }

    public String password() {
        return password;
    }

    /** An SSLContext that trusts this certificate (for java.net.http clients and the Azure SDK's JDK HttpClient). */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + keystore, e);
        }
    }
}
