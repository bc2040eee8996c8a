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
 * A higher {@code version} replaces a lower one; the edge keeps the last one it got.
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
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }

  public UploadPolicy {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(time, "time");
    defaultMode = defaultMode == null ? Mode.RAW : defaultMode;
    rules = rules == null ? List.of() : List.copyOf(rules);
    redactLabels = redactLabels == null ? List.of() : List.copyOf(redactLabels);
    aggregateWindow = aggregateWindow == null ? Duration.ofMinutes(1) : aggregateWindow;
    if (id == null) {
      id = Ids.of("pol", site, Long.toString(version));
    }
  }
}
