/**
 * The edge collector: runs a site's sources once per window and validates every sample on its
 * own (bad ones rejected and counted by reason). Around it: the sources ({@code source.host},
 * {@code source.prometheus}, {@code source.otlp}, {@code source.probe}), cumulative-to-rate
 * conversion ({@code rate}), the upload policy ({@code policy}), the durable outbox towards the
 * bus ({@code outbox}), the uplink that assembles policy, outbox and drain for the edge process
 * ({@code uplink}) and Sextant's own /metrics ({@code metrics}). Assembling them into the edge process is the deploy module's job.
 */
package io.sextant.collector;
