package io.sextant.edge.detect;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which streaming detector watches the series of a rule. The configuration name ({@link #configName()})
 * is what an operator writes in a rule; the detection name ({@link #detectionName()}) is what
 * detections and alarms say raised them.
 */
public enum DetectorKind {
  /** {@link BaselineDetector}: EWMA level and spread, effect-size rule, keeps firing while the fault lasts. */
  BASELINE("baseline", "ewma-baseline"),
  /** {@link SeasonalDetector}: departure from the predicted level and daily / weekly profile. */
  SEASONAL("seasonal", "seasonal"),
  /** {@link NoveltyDetector}: the series goes where it has not been (Sextant's best on NAB). */
  NOVELTY("novelty", "novelty"),
  /**
   * {@link AutoDetector}: seasonal or novelty per series, chosen from what the series shows during
   * its warm-up; the default of a configured rule (docs/eval.md).
   */
  AUTO("auto", "auto");

  private final String configName;
  private final String detectionName;

  DetectorKind(String configName, String detectionName) {
    this.configName = configName;
    this.detectionName = detectionName;
  }

  /** The kind an operator named, case-insensitively; an unknown name is refused with the known ones. */
  public static DetectorKind named(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("detector: must not be blank; one of " + known());
    }
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.configName.equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "detector: unknown detector '" + name + "'; one of " + known()));
  }

  public String configName() {
    return configName;
  }

  /** The {@code detector} of the detections this kind raises. */
  public String detectionName() {
    return detectionName;
  }

  /** Scores points and fires on a score (novelty, seasonal) rather than on an effect-size rule. */
  boolean scored() {
    return this != BASELINE;
  }

  private static String known() {
    return Arrays.stream(values()).map(DetectorKind::configName).collect(Collectors.joining(", "));
  }
}
