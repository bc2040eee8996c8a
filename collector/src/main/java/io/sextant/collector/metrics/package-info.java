/**
 * Sextant's own metrics at the edge, kept with Micrometer (the centre's library too) and served
 * as {@code GET /metrics} in the Prometheus text format 0.0.4: the registry with the process's
 * footprint ({@link io.sextant.collector.metrics.EdgeMeters}), the bindings for the collector, the
 * outbox, the upload policy and the sources (counters read from the parts at scrape time, nothing
 * copied between scrapes), and the HTTP endpoint. The health series the edge stores centrally are
 * taken from the same registry by the edge node. Not here: the samples the edge collects.
 */
package io.sextant.collector.metrics;
