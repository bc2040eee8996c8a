/**
 * OTLP/HTTP receiver: {@code POST /v1/metrics} with a protobuf or JSON
 * {@code ExportMetricsServiceRequest} (OTLP 1.x), mapped to samples: gauges as values, monotonic
 * sums and histograms as per-second rates, non-monotonic sums as values; and {@code POST
 * /v1/traces}, from which only the calls between services are learned ({@link
 * io.sextant.collector.source.otlp.TraceCalls}). It does not receive logs, does not speak gRPC, and
 * keeps no history: samples wait in a bounded buffer until the collector's next window takes them.
 */
package io.sextant.collector.source.otlp;
