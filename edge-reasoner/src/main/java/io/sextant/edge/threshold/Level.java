package io.sextant.edge.threshold;

import io.sextant.common.model.Severity;
import java.util.Objects;

/**
 * One severity level of a threshold: the series enters it when its value reaches {@code raise}
 * and leaves it only once the value is back beyond {@code clear}, so a value hovering at the
 * threshold does not flap. Which way "reaches" and "back beyond" go is the rule's direction
 * ({@link ThresholdRule.Direction}); for {@code ABOVE}, {@code clear <= raise}.
 */
public record Level(Severity severity, double raise, double clear) {
  public Level {
    Objects.requireNonNull(severity, "severity");
    if (severity == Severity.CLEARED) {
      throw new IllegalArgumentException("severity: a level cannot be CLEARED");
    }
    if (!Double.isFinite(raise) || !Double.isFinite(clear)) {
      throw new IllegalArgumentException("raise and clear must be finite numbers, got " + raise + " and " + clear);
    }
  }

  /** A level without hysteresis (clears as soon as the value is back past {@code raise}). */
  public static Level at(Severity severity, double raise) {
    return new Level(severity, raise, raise);
  }
}
