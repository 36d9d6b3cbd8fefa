/**
 * The OData V2 request side the simulated services share: the query string and its system options
 * ({@link io.cpimon.simulator.odata.QueryString}, {@link io.cpimon.simulator.odata.QueryOptions}), the
 * {@code $filter} parser over a table of {@link io.cpimon.simulator.odata.Property properties}, and
 * {@link io.cpimon.simulator.odata.ODataException} for a request to reject. Knows no entity set.
 */
package io.cpimon.simulator.odata;
