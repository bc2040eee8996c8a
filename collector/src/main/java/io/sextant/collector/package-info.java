/**
 * The edge collector: runs a site's sources once per window and hands valid samples on. The
 * durable outbox and the real sources (host, Prometheus, OTLP, probe mesh) build on this.
 */
package io.sextant.collector;
