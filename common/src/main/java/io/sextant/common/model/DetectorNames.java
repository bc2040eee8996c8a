package io.sextant.common.model;

/**
 * The {@code detector} names of detections that several modules must recognise: the edge makes
 * threshold and absent-series detections, the centre its no-data detections, and the alarm
 * catalog words each kind's specific problem differently. A name is {@code kind}, or
 * {@code kind:instance} (a threshold's name, a model's id), optionally followed by
 * {@code /qualifier} (a stale resolution) or {@code @version}.
 */
public final class DetectorNames {
  /** A static threshold: {@code threshold:<name>}; its detections carry the level's severity. */
  public static final String THRESHOLD = "threshold";
  /** A series the edge saw and no longer receives (a scrape target gone from the answer). */
  public static final String ABSENT = "absent";
  /** The centre hears nothing, or too late, from a site or from one of its own stages. */
  public static final String NO_DATA = "no-data";

  private DetectorNames() {}

  /** The detector name of the threshold called {@code name}. */
  public static String threshold(String name) {
    return THRESHOLD + ":" + name;
  }

  /** {@code threshold:lossy/stale} → {@code threshold}; {@code model:cpu@3} → {@code model}. */
  public static String kind(String detector) {
    int end = detector.length();
    for (int i = 0; i < detector.length(); i++) {
      char c = detector.charAt(i);
      if (c == ':' || c == '/' || c == '@') {
        end = i;
        break;
      }
    }
    return detector.substring(0, end);
  }

  /**
   * The detector as one input of an alarm: without a {@code /qualifier} or {@code @version}, so a
   * stale resolution ({@code ewma-baseline/stale}) ends what {@code ewma-baseline} started and a
   * model's next version ends what its previous one started; {@code threshold:a} and
   * {@code threshold:b} stay two inputs.
   */
  public static String input(String detector) {
    int end = detector.length();
    for (int i = 0; i < detector.length(); i++) {
      char c = detector.charAt(i);
      if (c == '/' || c == '@') {
        end = i;
        break;
      }
    }
    return detector.substring(0, end);
  }
}
