package io.sextant.node.central.config;

import io.sextant.common.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The centre's pushed models ({@code models:}): {@code key-dir} (its release key, generated there
 * on first start; edges trust {@code release.pub}), {@code every} (wall-clock period of the
 * training job; its first pass comes one period after start), {@code training-window} (history on
 * the process's clock) and {@code release} ({@code all} or {@code canary}: a quarter of the sites
 * first, the rest once they stayed healthy).
 */
public record ModelsSettings(Path keyDir, Duration every, Duration trainingWindow, boolean canary) {
  public static final Duration DEFAULT_EVERY = Duration.ofHours(24);
  public static final Duration DEFAULT_TRAINING_WINDOW = Duration.ofDays(7);

  public ModelsSettings {
    every = every == null ? DEFAULT_EVERY : every;
    trainingWindow = trainingWindow == null ? DEFAULT_TRAINING_WINDOW : trainingWindow;
    if (every.isNegative() || every.isZero() || trainingWindow.isNegative() || trainingWindow.isZero()) {
      throw new ConfigException("models.every and models.training-window: must be positive");
    }
  }
}
