/**
 * Streaming anomaly detection on KPI series at the edge: one detector per monitored series learns
 * the series online, and {@link io.sextant.edge.detect.SeriesDetectors} routes scraped samples to
 * them and emits a {@link io.sextant.common.model.Detection} only when a series starts or stops
 * being anomalous.
 *
 * <p>Which metrics are watched, by which detector ({@link io.sextant.edge.detect.DetectorKind}:
 * the {@link io.sextant.edge.detect.BaselineDetector} by default, or the novelty / seasonal scorer
 * behind {@code ScoredDetector}'s FIRING / RESOLVED state machine), in which direction and how
 * large a deviation must be to matter are data ({@link io.sextant.edge.detect.DetectorRules}). The package holds no clock: time is the
 * samples' own timestamps, so the same code replays recorded or simulated data faster than real time.
 *
 * <p>Two stand-alone scorers give a score in [0, 1] per point with fixed state and no allocation,
 * measured on NAB by {@code sextant eval}: {@link io.sextant.edge.detect.NoveltyDetector} (the series
 * goes where it has not been, at several time scales; ~1.5 KB per series, Sextant's best on NAB) and
 * {@link io.sextant.edge.detect.SeasonalDetector} (departure from a predicted level and daily /
 * weekly profile; ~1.3 KB). A rule can select either, or {@link io.sextant.edge.detect.AutoDetector}
 * (the default of a configured rule), which chooses per series from its warm-up's values and says
 * why in each detection's evidence: on a daily cycle the {@link io.sextant.edge.detect.ProfileDetector}
 * (residuals against a time-of-day profile in units of a per-hour spread, one scale for every series)
 * beside novelty. The demo's default rules use the baseline.
 *
 * <p>What a detector learned survives a restart: {@link io.sextant.edge.detect.SeriesDetectors#checkpoint}
 * hands out one compact, versioned record per series ({@link io.sextant.edge.detect.DetectorStates})
 * and {@link io.sextant.edge.detect.SeriesDetectors#restore} takes them back before the first
 * window; where they are kept (the edge's SQLite file) is the node's business, not this package's.
 *
 * <p>Not here: pushed (centrally trained) models, alarm lifecycle and correlation (the alarm
 * engine does that from the detections), and runbook execution.
 */
package io.sextant.edge.detect;
