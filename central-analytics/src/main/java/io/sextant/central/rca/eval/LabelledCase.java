package io.sextant.central.rca.eval;

import io.sextant.central.rca.MetricFrame;
import io.sextant.central.rca.Symptom;

/** One incident of the layout: its metrics, what was alarmed and the true root cause. */
public record LabelledCase(String id, Symptom symptom, String rootCause, MetricFrame metrics) {}
