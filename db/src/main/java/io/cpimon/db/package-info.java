/**
 * The store interfaces and their records: what every other module reads and writes (MPLs, probe results, cursors,
 * artifacts, keystore entries, alerts, silences, the outbox, the notification log, forwarder cursors), and
 * {@link io.cpimon.db.Database}, the component that opens PostgreSQL (external or embedded), migrates it and hands out
 * the stores. Knows nothing of HTTP or Vert.x.
 */
package io.cpimon.db;
