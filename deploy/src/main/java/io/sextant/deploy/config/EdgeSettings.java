package io.sextant.deploy.config;

import io.sextant.edge.detect.DetectorRules;

/**
 * What only an edge reads: its real sources (a live edge) and its detector rules.
 *
 * @param sources the real sources; empty for a simulated edge
 * @param rules detector rules per metric: the built-in defaults with {@code detection.rules} on top
 *     (a configured rule for a metric replaces its default)
 */
public record EdgeSettings(SourcesSettings sources, DetectorRules rules) {
  public EdgeSettings {
    sources = sources == null ? SourcesSettings.none() : sources;
    rules = rules == null ? DetectorRules.defaults() : DetectorRules.defaults().with(rules);
  }

  public static EdgeSettings defaults() {
    return new EdgeSettings(null, null);
  }
}
