package io.sextant.store.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The values queries return. */
public final class Results {
  private Results() {}

  /** A series' identity as stored once in {@code series}. */
  public record SeriesInfo(long seriesId, String site, String metric, Map<String, String> labels) {}

  /** One step: its start and the aggregated value of the points in [time, time + step). */
  public record Point(Instant time, double value) {}

  /** One series of a range query: its steps that have points, in time order. */
  public record RangeSeries(SeriesInfo series, List<Point> points) {}

  /** A range query's answer and where it was read from. */
  public record Range(Source source, List<RangeSeries> series) {}

  public record Latest(SeriesInfo series, Instant time, double value) {}

  public record Ranked(SeriesInfo series, double value) {}
}
