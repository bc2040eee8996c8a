package io.sextant.central.model.train;

import java.time.Instant;

/** One resource's KPI vector in one window: the family's inputs in declared order. */
public record KpiVector(String site, String resource, Instant time, double[] values) {}
