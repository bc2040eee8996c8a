/**
 * Turns cumulative counters into per-second rates honestly: the first point of a series gives no
 * rate, a decrease is a counter reset (the counter restarted from zero), and a series that
 * disappears loses its state so that its return starts afresh. Used by every source that reads
 * cumulative values (Prometheus, OTLP, /proc).
 */
package io.sextant.collector.rate;
