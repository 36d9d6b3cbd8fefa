/**
 * The PostgreSQL implementations of the stores: Micronaut Data JDBC repositories for the simple tables, hand-written
 * SQL for the bulk MPL write path (COPY, staged upsert), the day partitions, the rule queries and the outbox claims.
 * Every method is blocking: call it from a virtual thread.
 */
package io.cpimon.db.jdbc;
