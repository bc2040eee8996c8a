/**
 * Rules that need no learning, beside the learned detectors of {@code io.sextant.edge.detect} and
 * fed the same samples: static thresholds per metric and label set with severity levels and
 * hysteresis ({@link io.sextant.edge.threshold.ThresholdDetectors}; the built-in ones: a scrape
 * target down, a peer's TCP port unreachable, a probe path losing every packet), and series that
 * vanish from a scrape's answer ({@link io.sextant.edge.threshold.AbsentSeries}). They fire on
 * the first point, so a freshly started edge alarms within one window, and they run at the edge so
 * they work while the site is cut off and reach the centre as detections. Time is the samples'
 * own; no clock.
 *
 * <p>Not here: what the alarm's X.733 fields are (the centre's alarm catalog), nor a site whose
 * whole uplink goes silent (the centre's no-data watch: a silent edge cannot report itself).
 */
package io.sextant.edge.threshold;
