/**
 * Reads CPI tenants: the OData client (OAuth2 client credentials or basic auth), one MPL poller, one artifacts poller
 * and one runtime probe per tenant, each on its own {@link io.cpimon.core.PeriodicWorker}, and the retention job.
 * {@link io.cpimon.ingest.IngestService} is the component that starts and stops them. Never evaluates rules or
 * notifies.
 */
package io.cpimon.ingest;
