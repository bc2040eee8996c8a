package io.sextant.store.query;

import java.util.List;
import java.util.Objects;

/** A metric name and label matchers, all of which a series must satisfy. */
public record SeriesSelector(String metric, List<LabelMatcher> matchers) {
  public SeriesSelector {
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException("a series selector needs a metric name");
    }
    matchers = List.copyOf(Objects.requireNonNull(matchers, "matchers"));
  }

  public static SeriesSelector of(String metric, LabelMatcher... matchers) {
    return new SeriesSelector(metric, List.of(matchers));
  }
}
