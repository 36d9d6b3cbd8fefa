package io.cpimon.forward;

import io.cpimon.config.AzureMonitorLogsForwarderConfig;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.Credential;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.CredentialKind;
import io.cpimon.config.ForwarderConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.Database;
import io.cpimon.db.testing.TestDatabase;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The process {@link ForwardCrashIT} kills: one Azure Monitor Logs forwarder over the given database, trusting the
 * JVM's trust store ({@code -Djavax.net.ssl.trustStore}), until killed. Arguments: {@code jdbcUrl user name endpoint
 * ruleId stream tenantId clientId clientSecret authorityHost batchBytes}; with {@code managed-identity} as tenantId
 * (clientSecret and authorityHost then ignored), a managed identity of the environment ({@code IDENTITY_ENDPOINT},
 * {@code IDENTITY_HEADER}), user-assigned when clientId is not empty ({@link ManagedIdentityIT}).
 */
public final class ForwardChild {
    private ForwardChild() {}

    public static void main(String[] args) throws InterruptedException {
        Credential credential = "managed-identity".equals(args[6])
                ? new Credential(CredentialKind.MANAGED_IDENTITY, null, args[7].isEmpty() ? null : args[7], null, null)
                : new Credential(CredentialKind.CLIENT_SECRET, args[6], args[7], Secret.of(args[8]),
                        URI.create(args[9]));
        AzureMonitorLogsForwarderConfig config = new AzureMonitorLogsForwarderConfig(args[2], URI.create(args[3]),
                args[4], args[5], credential, List.of(), List.of(), Integer.parseInt(args[10]), 0, ForwarderConfig.DEFAULT_MAX_LAG);
        Database db = Database.open(args[0], args[1], TestDatabase.password(), 2);
        ForwarderSet set = ForwarderSet.of(List.of(config), db.forwarding(), ForwarderSet.jvmTrust(), "child",
                Clock.systemUTC(), Duration.ofMillis(50));
        set.start();
        System.out.println("forwarding as " + args[2]);
        Thread.currentThread().join(); // until SIGKILL
    }
}
