package io.cpimon.simulator.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a simulated tenant serves besides MPLs, artifacts and keystore (docs/cpi-api.md §9 to §11): security artifacts
 * by name, variables, number ranges, partner directory parameters (§9.6), data stores (§11) and its JMS broker. Every
 * tenant starts with the same defaults, so the two tenants of a healthy pair hold the same content. Thread-safe: every method is synchronized on this object.
 */
public final class TenantContent {

    /** A deployed security artifact: {@code UserCredentials}, {@code OAuth2ClientCredentials} or {@code SecureParameters}. */
    public record SecurityArtifact(String name, String description, Instant deployedOn) {
        public SecurityArtifact {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A variable: {@code iflow} is empty for a global one. */
    public record Variable(String name, String iflow, Instant updatedAt, Instant retainUntil) {
        public Variable {
            Objects.requireNonNull(name, "name");
            iflow = iflow == null ? "" : iflow;
        }

        public String visibility() {
            return iflow.isEmpty() ? "Global" : "Local";
        }
    }

    public record NumberRange(String name, String description, long min, long max, long current, boolean rotate) {
        public NumberRange {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A partner directory parameter ({@code StringParameters} or {@code BinaryParameters}, docs/cpi-api.md §9.6): key
     * {@code pid} and {@code id}; {@code value} is what {@code Value} holds (text, or base64 of a binary parameter).
     */
    public record PartnerParameter(String pid, String id, String value, String contentType, Instant lastModified) {
        public PartnerParameter {
            Objects.requireNonNull(pid, "pid");
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * {@code JmsBrokers('Broker1')}: capacity used and its maximum (bytes), queues and their maximum, queues per
     * capacity state, and the broker's "high" flags.
     */
    public record JmsBroker(long capacity, long maxCapacity, int queueNumber, int maxQueueNumber, int capacityOk,
                            int capacityWarning, int capacityError, boolean transactedSessionsHigh,
                            boolean consumersHigh, boolean producersHigh) {}

    /**
     * A data store ({@code DataStores}, docs/cpi-api.md §11): {@code iflow} empty for a global store; {@code messages}
     * entries of which {@code overdue} are past their retention threshold.
     */
    public record DataStore(String name, String iflow, String type, long messages, long overdue) {
        public DataStore {
            Objects.requireNonNull(name, "name");
            iflow = iflow == null ? "" : iflow;
            type = type == null ? "" : type;
            if (overdue < 0 || messages < overdue) {
                throw new IllegalArgumentException("data store " + name + ": " + overdue + " overdue of " + messages
                        + " entries");
            }
        }

        public String visibility() {
            return iflow.isEmpty() ? "Global" : "Integration Flow";
        }
    }

    private final List<SecurityArtifact> userCredentials = new ArrayList<>();
    private final List<SecurityArtifact> oauth2Clients = new ArrayList<>();
    private final List<SecurityArtifact> secureParameters = new ArrayList<>();
    private final List<Variable> variables = new ArrayList<>();
    private final List<NumberRange> numberRanges = new ArrayList<>();
    private final List<DataStore> dataStores = new ArrayList<>();
    private final List<PartnerParameter> stringParameters = new ArrayList<>();
    private final List<PartnerParameter> binaryParameters = new ArrayList<>();
    private JmsBroker jmsBroker;
    private boolean secureParametersReadable = true;

    /** The defaults every simulated tenant starts with, relative to {@code now}. */
    static TenantContent defaults(Instant now) {
        TenantContent c = new TenantContent();
        Instant deployed = now.minus(Duration.ofDays(40));
        c.userCredentials.add(new SecurityArtifact("SFTP_WMS_EU", "SFTP to the warehouse", deployed));
        c.userCredentials.add(new SecurityArtifact("S4_PRD_COMM_USER", "S/4HANA communication user", deployed));
        c.oauth2Clients.add(new SecurityArtifact("SALESFORCE_OAUTH", "Salesforce connected app", deployed));
        c.secureParameters.add(new SecurityArtifact("WEBHOOK_SHARED_SECRET", "HMAC key of the partner webhook", deployed));
        c.variables.add(new Variable("CloudConnectorLocationId", "", now.minus(Duration.ofDays(30)),
                now.plus(Duration.ofDays(335))));
        c.variables.add(new Variable("lastDeltaRun", "Replicate_Orders", now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(400))));
        c.numberRanges.add(new NumberRange("INVOICE_NO", "Outbound invoice numbers", 1, 999_999, 4711, true));
        c.dataStores.add(new DataStore("ProcessedOrders", "Replicate_Orders", "", 4, 0));
        c.stringParameters.add(new PartnerParameter("WMS_EU", "ReceiverAddress", "https://wms-eu.example.com/orders",
                null, deployed));
        c.stringParameters.add(new PartnerParameter("WMS_EU", "ReceiverAuthUser", "cpi_wms", null, deployed));
        c.binaryParameters.add(new PartnerParameter("WMS_EU", "OrderMapping", "PHhzbDpzdHlsZXNoZWV0Lz4=", "xsl",
                deployed));
        c.jmsBroker = new JmsBroker(1_200_000_000L, 9_500_000_000L, 3, 30, 3, 0, 0, false, false, false);
        return c;
    }

    public synchronized List<SecurityArtifact> userCredentials() {
        return List.copyOf(userCredentials);
    }

    public synchronized List<SecurityArtifact> oauth2Clients() {
        return List.copyOf(oauth2Clients);
    }

    public synchronized List<SecurityArtifact> secureParameters() {
        return List.copyOf(secureParameters);
    }

    public synchronized List<Variable> variables() {
        return List.copyOf(variables);
    }

    public synchronized List<NumberRange> numberRanges() {
        return List.copyOf(numberRanges);
    }

    /** Null: the tenant has no message broker (the entity answers 404). */
    public synchronized JmsBroker jmsBroker() {
        return jmsBroker;
    }

    /** False: {@code SecureParameters} answers 403, as for an API client without the role that reads them. */
    public synchronized boolean secureParametersReadable() {
        return secureParametersReadable;
    }

    public synchronized void secureParametersReadable(boolean readable) {
        this.secureParametersReadable = readable;
    }

    /** Removes the user credential, OAuth2 client credential or secure parameter of that name; false when none. */
    public synchronized boolean removeSecurityArtifact(String name) {
        return userCredentials.removeIf(a -> a.name().equals(name)) | oauth2Clients.removeIf(a -> a.name().equals(name))
                | secureParameters.removeIf(a -> a.name().equals(name));
    }

    public synchronized void addUserCredential(SecurityArtifact a) {
        userCredentials.removeIf(x -> x.name().equals(a.name()));
        userCredentials.add(a);
    }

    /** Adds or replaces (same name and iFlow) a variable. */
    public synchronized void putVariable(Variable v) {
        variables.removeIf(x -> x.name().equals(v.name()) && x.iflow().equals(v.iflow()));
        variables.add(v);
    }

    /** Removes the variable of that name and iFlow ({@code ""}: global); false when none. */
    public synchronized boolean removeVariable(String name, String iflow) {
        return variables.removeIf(x -> x.name().equals(name) && x.iflow().equals(iflow == null ? "" : iflow));
    }

    public synchronized boolean removeNumberRange(String name) {
        return numberRanges.removeIf(x -> x.name().equals(name));
    }

    public synchronized List<DataStore> dataStores() {
        return List.copyOf(dataStores);
    }

    /** Replaces the tenant's data stores. */
    public synchronized void dataStores(List<DataStore> stores) {
        dataStores.clear();
        dataStores.addAll(stores);
    }

    public synchronized List<PartnerParameter> stringParameters() {
        return List.copyOf(stringParameters);
    }

    public synchronized List<PartnerParameter> binaryParameters() {
        return List.copyOf(binaryParameters);
    }

    /** Adds or replaces (same partner and id) a string parameter. */
    public synchronized void putStringParameter(PartnerParameter p) {
        stringParameters.removeIf(x -> x.pid().equals(p.pid()) && x.id().equals(p.id()));
        stringParameters.add(p);
    }

    /** Removes the string or binary parameter of that partner and id; false when none. */
    public synchronized boolean removePartnerParameter(String pid, String id) {
        return stringParameters.removeIf(x -> x.pid().equals(pid) && x.id().equals(id))
                | binaryParameters.removeIf(x -> x.pid().equals(pid) && x.id().equals(id));
    }

    /** Null: no broker. */
    public synchronized void jmsBroker(JmsBroker broker) {
        this.jmsBroker = broker;
    }
}
