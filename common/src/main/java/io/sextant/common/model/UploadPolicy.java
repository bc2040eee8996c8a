package io.sextant.common.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one site may send to the centre, set centrally and pushed to the edge (data sovereignty):
 * per series, raw, only as aggregates, or never; and which label names are redacted before
 * anything leaves the site. The first matching rule wins; {@code defaultMode} covers the rest.
 * A higher {@code version} replaces a lower one; the edge keeps the last one it got (on disk), and
 * ignores one whose version is not higher than the one it applies.
 *
 * <p>The constructor rejects what an edge could not apply (a window under a second or not whole
 * seconds, a blank metric pattern or label name) with a message naming the field, so a bad policy
 * never replaces a good one.
 */
public record UploadPolicy(
    String id,
    String site,
    Instant time,
    long version,
    Mode defaultMode,
    List<Rule> rules,
    List<String> redactLabels,
    Duration aggregateWindow) implements Message {

  public static final Duration DEFAULT_AGGREGATE_WINDOW = Duration.ofMinutes(1);
  public static final Duration MAX_AGGREGATE_WINDOW = Duration.ofDays(1);

  /** How a series leaves the site. */
  public enum Mode { RAW, AGGREGATE, LOCAL_ONLY }

  /**
   * Matches by metric name ({@code *} wildcards allowed) and by exact label values.
   *
   * @param labels label name to required value; empty matches any labels
   */
  public record Rule(String metric, Map<String, String> labels, Mode mode) {
    public Rule {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(mode, "mode");
      if (metric.isBlank()) {
        throw new IllegalArgumentException("rule metric pattern must not be blank");
      }
      labels = Labels.copyOf(labels);
      for (String name : labels.keySet()) {
        if (name.isBlank()) {
          throw new IllegalArgumentException("rule for '" + metric + "': label names must not be blank");
        }
      }
    }
  }

  public UploadPolicy {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(time, "time");
    if (site.isBlank()) {
      throw new IllegalArgumentException("site must not be blank");
    }
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, got " + version);
    }
    defaultMode = defaultMode == null ? Mode.RAW : defaultMode;
    rules = rules == null ? List.of() : List.copyOf(rules);
    redactLabels = redactLabels == null ? List.of() : List.copyOf(redactLabels);
    for (String name : redactLabels) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("redactLabels must not hold a blank name");
      }
    }
    aggregateWindow = aggregateWindow == null ? DEFAULT_AGGREGATE_WINDOW : aggregateWindow;
    if (aggregateWindow.compareTo(Duration.ofSeconds(1)) < 0 || aggregateWindow.compareTo(MAX_AGGREGATE_WINDOW) > 0
        || aggregateWindow.getNano() != 0) {
      throw new IllegalArgumentException("aggregateWindow must be whole seconds between 1s and 1d, got "
          + aggregateWindow);
    }
    if (id == null) {
      id = Ids.of("pol", site, Long.toString(version));
    }
  }
}
