/**
 * Alarms on silence: the centre's watch on what cannot report itself, a site that goes quiet
 * (nothing heard, not even its edge's heartbeat, or no sample), and the centre's own stages
 * falling behind (ingest, the alarm pipeline). {@link io.sextant.central.liveness.NoDataMonitor}
 * turns these into {@code no-data} detections for the alarm engine. Plain Java on an injected
 * clock; the node wires it to the bus and ticks it.
 *
 * <p>Not here: a scrape target or series that disappears at a site (the edge sees that: its
 * {@code absent} rule), nor the edge's own rules, which keep working while it is cut off.
 */
package io.sextant.central.liveness;
