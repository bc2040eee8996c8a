/**
 * The shaping adapter ({@code tc:rate}): sets a link interface's egress rate with a root token
 * bucket filter, reads it back from {@code tc -j}, and puts the previous rate back on undo. Not
 * here: measuring the link's throughput (the collector's link source) nor deciding when to raise
 * the rate (the elastic-bandwidth runbook).
 */
package io.sextant.actuator.shaping;
