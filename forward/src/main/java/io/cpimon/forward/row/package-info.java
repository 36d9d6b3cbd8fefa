/**
 * The forwarded row: one documented, stable schema ({@code SchemaVersion} in every row) built from a stored MPL
 * change, with its stable {@code RecordId} for query-time de-duplication and error texts cut to the backend's limits.
 */
package io.cpimon.forward.row;
