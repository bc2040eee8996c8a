package io.sextant.central.rca;

import java.time.Instant;

/**
 * One metric's deviation: {@code score} is its robust z-score against the normal period (see
 * {@link Baseline}), {@code observed} the value at {@code at}, where the deviation was strongest.
 */
public record Evidence(MetricKey metric, double score, Instant at, double observed, double normal) {}
