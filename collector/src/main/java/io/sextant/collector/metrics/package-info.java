/**
 * Sextant's own metrics in the Prometheus text format 0.0.4: a tiny registry of callbacks read at
 * scrape time (nothing is copied between scrapes), the bindings for the collector, the outbox and
 * the sources, and an HTTP endpoint serving {@code GET /metrics}. No client library: the edge stays
 * small and the format is a few lines.
 */
package io.sextant.collector.metrics;
