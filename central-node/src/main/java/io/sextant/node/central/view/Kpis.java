package io.sextant.node.central.view;

import io.sextant.store.PostgresStore;
import io.sextant.store.query.Aggregation;
import io.sextant.store.query.LabelMatcher;
import io.sextant.store.query.QueryPolicy;
import io.sextant.store.query.Results;
import io.sextant.store.query.SampleQueries;
import io.sextant.store.query.SeriesSelector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A site's KPIs as a console charts them: which metrics the site has, and one metric's series over
 * the last minutes with the detections raised on it. "Now" is the centre's clock, which in the demo
 * is simulated time, so the chart shows what the centre sees, not the wall clock's empty present.
 */
public final class Kpis {
  /** Series per chart: a chart of more lines is unreadable; the rest are counted, not drawn. */
  public static final int MAX_SERIES = 12;
  /** Points per line: the range is cut into this many steps (averaged), whatever its length. */
  public static final int STEPS = 120;
  public static final Duration MAX_RANGE = Duration.ofDays(7);

  private final PostgresStore store;
  private final SampleQueries queries;
  private final Clock clock;

  public Kpis(PostgresStore store, Clock clock) {
    this.store = store;
    this.queries = new SampleQueries(store.dataSource(), QueryPolicy.defaults());
    this.clock = clock;
  }

  /** One step of a line: its start in epoch milliseconds and its mean. */
  public record Point(long t, double v) {}

  /** One line of a chart: its labels and its points. */
  public record Line(Map<String, String> labels, List<Point> points) {}

  /** A detection's transition on the chart's metric; values JSON cannot hold (NaN) are absent. */
  public record Mark(Instant time, String state, String detector, String resource, Double observed,
      Double expected, Double score) {}

  /** One metric of one site over [from, to): at most {@link #MAX_SERIES} lines, {@code omitted} more. */
  public record Chart(String site, String metric, Instant from, Instant to, long stepMillis, List<Line> lines,
      int omitted, List<Mark> detections) {}

  public List<String> metrics(String site) {
    return queries.metrics(site);
  }

  /** {@code range}: how far back from the centre's now; 1 minute to {@link #MAX_RANGE}. */
  public Chart chart(String site, String metric, Duration range) {
    if (range.compareTo(Duration.ofMinutes(1)) < 0 || range.compareTo(MAX_RANGE) > 0) {
      throw new IllegalArgumentException("minutes: must be from 1 to " + MAX_RANGE.toMinutes() + ", got "
          + range.toMinutes());
    }
    Instant to = clock.instant();
    Instant from = to.minus(range);
    Duration step = Duration.ofMillis(Math.max(1000, range.toMillis() / STEPS));
    Results.Range r = queries.range(SeriesSelector.of(metric, new LabelMatcher(LabelMatcher.SITE,
        LabelMatcher.Op.EQ, site)), from, to.plusMillis(1), step, Aggregation.AVG);
    List<Line> lines = r.series().stream().limit(MAX_SERIES).map(s -> new Line(s.series().labels(),
        s.points().stream().filter(p -> Double.isFinite(p.value()))
            .map(p -> new Point(p.time().toEpochMilli(), p.value())).toList())).toList();
    List<Mark> marks = store.detections(site, metric, from, to.plusMillis(1)).stream()
        .map(d -> new Mark(d.time(), d.state().name(), d.detector(), d.resource(), finite(d.observed()),
            finite(d.expected()), finite(d.score())))
        .toList();
    return new Chart(site, metric, from, to, step.toMillis(), lines, Math.max(0, r.series().size() - MAX_SERIES), marks);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
