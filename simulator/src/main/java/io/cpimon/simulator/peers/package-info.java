/**
 * Simulated notification peers on 127.0.0.1: Teams, ServiceNow, Azure Monitor Logs Ingestion (HTTPS), a generic
 * webhook receiver (all on {@link io.cpimon.simulator.peers.HttpPeer}) and SMTP (GreenMail). Each records what it
 * received and can be switched to fail, slow down or go down.
 */
package io.cpimon.simulator.peers;
