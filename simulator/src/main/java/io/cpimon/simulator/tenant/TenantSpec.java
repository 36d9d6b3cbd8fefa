package io.cpimon.simulator.tenant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A simulated tenant to start. Immutable.
 *
 * @param id     tenant id (also used in component names and the default seed)
 * @param port   port on 127.0.0.1; 0 = ephemeral (kept across {@link SimulatedTenant#down()}/{@link SimulatedTenant#up()})
 * @param iflows the iFlows that carry traffic (each is also a deployed runtime artifact)
 * @param seed   seed of the deterministic traffic generator
 */
public record TenantSpec(String id, int port, List<IflowSpec> iflows, long seed) {

    public TenantSpec {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new IllegalArgumentException("tenant id must be 1-63 chars of [A-Za-z0-9_.-]: " + id);
        }
        iflows = List.copyOf(iflows == null ? List.of() : iflows);
    }

    /** Four realistic iFlows (orders, invoices, business partners, shipments), port 0, a seed derived from the id. */
    public static TenantSpec of(String id) {
        return new TenantSpec(id, 0, defaultIflows(), Ids.seedOf(id));
    }

    public TenantSpec withPort(int newPort) {
        return new TenantSpec(id, newPort, iflows, seed);
    }

    public TenantSpec withIflows(List<IflowSpec> newIflows) {
        return new TenantSpec(id, port, newIflows, seed);
    }

    /** The four default iFlows of {@link #of(String)}. */
    public static List<IflowSpec> defaultIflows() {
        return List.of(
                new IflowSpec("Replicate_Orders_S4_to_WMS", "Replicate Orders S4 to WMS", 6, 0.03,
                        "Orders", "Orders", "S4_PRD_100", "WMS_EU", "ORDERS05", "po_number", Duration.ofMillis(900), 0.05),
                new IflowSpec("Send_Invoices_to_Ariba", "Send Invoices to Ariba", 3, 0.05,
                        "Finance", "Finance Integration", "S4_PRD_100", "ARIBA_NETWORK", "INVOIC02", "invoice_number",
                        Duration.ofMillis(1500), 0.05),
                new IflowSpec("Sync_BusinessPartner_to_CRM", "Sync Business Partner to CRM", 2, 0.02,
                        "MasterData", "Master Data", "S4_PRD_100", "SALESFORCE_CRM", "BusinessPartner", "bp_id",
                        Duration.ofMillis(600), 0.03),
                new IflowSpec("Receive_Shipment_Notifications", "Receive Shipment Notifications", 1.5, 0.08,
                        "Logistics", "Logistics", "CARRIER_DHL", "S4_PRD_100", "DESADV", "delivery_number",
                        Duration.ofMillis(1200), 0.08));
    }

    /** {@code n} generated iFlows named {@code Storm_Flow_01..n}, for load and storm scenarios. */
    public static List<IflowSpec> manyIflows(int n, double perMinute, double failureRatio) {
        List<IflowSpec> list = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            String suffix = String.format("%02d", i);
            list.add(new IflowSpec("Storm_Flow_" + suffix, "Storm Flow " + suffix, perMinute, failureRatio,
                    "Bulk", "Bulk Interfaces", "S4_PRD_100", "PARTNER_" + suffix, "BULK" + suffix, "doc_number",
                    Duration.ofMillis(500), 0.0));
        }
        return list;
    }
}
