/**
 * MPL forwarding: forwarders that read every stored MPL change in position order through their own durable cursor
 * and send it to a log backend (Azure Monitor Logs, OTLP), between {@code db} and the outside world. A slow or
 * failing forwarder never slows ingest, the rules or another forwarder: each runs on its own virtual thread and only
 * reads the store.
 */
package io.cpimon.forward;
