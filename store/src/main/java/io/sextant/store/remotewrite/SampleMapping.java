package io.sextant.store.remotewrite;

import io.sextant.common.model.Sample;
import io.sextant.store.remotewrite.WriteRequestDecoder.Point;
import io.sextant.store.remotewrite.WriteRequestDecoder.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prometheus series to Sextant samples: the metric is {@code __name__}; the site is the value of
 * the {@code siteLabel} label when the series has it (the label is then not repeated among the
 * labels), else {@code defaultSite}; every other label is kept. NaN values are not stored: in
 * remote write they are staleness markers (or NaN results), which Sextant's samples do not carry.
 */
public record SampleMapping(String defaultSite, String siteLabel) {
  public static final String NAME = "__name__";

  public SampleMapping {
    if (defaultSite == null || defaultSite.isBlank()) {
      throw new IllegalArgumentException("defaultSite must be set");
    }
    Objects.requireNonNull(siteLabel, "siteLabel");
  }

  /** Samples converted, and what was left out and why. */
  public record Result(List<Sample> samples, int nanSkipped, int seriesWithoutName) {}

  public Result convert(List<TimeSeries> series) {
    List<Sample> out = new ArrayList<>();
    int nan = 0;
    int nameless = 0;
    for (TimeSeries ts : series) {
      String metric = ts.labels().get(NAME);
      if (metric == null || metric.isEmpty()) {
        nameless++;
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>(ts.labels());
      labels.remove(NAME);
      String site = labels.containsKey(siteLabel) && !labels.get(siteLabel).isEmpty() ? labels.remove(siteLabel)
          : defaultSite;
      for (Point p : ts.samples()) {
        if (Double.isNaN(p.value())) {
          nan++;
        } else {
          out.add(new Sample(site, metric, labels, Instant.ofEpochMilli(p.timestampMs()), p.value()));
        }
      }
    }
    return new Result(out, nan, nameless);
  }
}
