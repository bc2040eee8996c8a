package io.sextant.central.model;

import io.sextant.central.model.release.ReleasePlan;
import io.sextant.central.model.train.AnomalySettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the model service trains, promotes and releases.
 *
 * @param anomaly the anomaly trainer's settings
 * @param maxF1Drop a new anomaly model is promoted automatically only if its F1 is at least the live
 *     one's minus this (explicit promotes ignore it)
 * @param families the KPI families trained by the scheduled job
 * @param trainingWindow history the scheduled job trains on, ending now
 * @param every the scheduled job's period
 * @param plan how the scheduled job releases a promoted model
 */
public record ModelSettings(AnomalySettings anomaly, double maxF1Drop, List<KpiFamily> families,
    Duration trainingWindow, Duration every, ReleasePlan plan) {
  public static final double DEFAULT_MAX_F1_DROP = 0.02;
  public static final Duration DEFAULT_TRAINING_WINDOW = Duration.ofDays(7);
  public static final Duration DEFAULT_EVERY = Duration.ofHours(24);

  public ModelSettings {
    Objects.requireNonNull(anomaly, "anomaly");
    Objects.requireNonNull(plan, "plan");
    families = List.copyOf(families);
    if (maxF1Drop < 0 || families.isEmpty()) {
      throw new IllegalArgumentException("maxF1Drop >= 0 and at least one family required");
    }
    if (trainingWindow.isNegative() || trainingWindow.isZero() || every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("trainingWindow and every must be positive");
    }
  }

  public static ModelSettings defaults() {
    return new ModelSettings(AnomalySettings.defaults(), DEFAULT_MAX_F1_DROP,
        List.of(KpiFamily.SERVICE, KpiFamily.PROBE), DEFAULT_TRAINING_WINDOW, DEFAULT_EVERY,
        ReleasePlan.canary(0.25, ReleasePlan.DEFAULT_HEALTHY_FOR));
  }

  public ModelSettings withAnomaly(AnomalySettings a) {
    return new ModelSettings(a, maxF1Drop, families, trainingWindow, every, plan);
  }

  public ModelSettings withSchedule(Duration window, Duration period, ReleasePlan releasePlan) {
    return new ModelSettings(anomaly, maxF1Drop, families, window, period, releasePlan);
  }
}
