/**
 * The backends a forwarder sends to: the Azure Monitor Logs Ingestion API and OTLP/HTTP collectors. A sink sends
 * one batch and classifies the answer (accepted, refused, retry later, fatal); batching, halving, dead letters and
 * the cursor belong to the forwarder.
 */
package io.cpimon.forward.sink;
