/**
 * Prometheus scrape source: a parser for the text exposition format 0.0.4 and OpenMetrics 1.0,
 * and a source that scrapes a target over HTTP and turns what it read into samples (gauges as
 * they are, counters and histogram/summary counts as rates), parsing the answer as it arrives; a
 * plain HTTP/1.1 client for {@code http://} targets, the JDK's for {@code https://}. It does not evaluate PromQL, keep
 * history, or follow service discovery: targets are configured.
 */
package io.sextant.collector.source.prometheus;
