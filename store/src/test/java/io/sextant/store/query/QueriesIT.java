package io.sextant.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.store.PostgresStore;
import io.sextant.store.Stores;
import io.sextant.store.query.Results.Point;
import io.sextant.store.query.Results.Range;
import io.sextant.store.query.Results.RangeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queries against a real PostgreSQL with rollups maintained by ingest; rollup answers equal raw answers. */
class QueriesIT {
  private static final Instant T0 = Instant.parse("2026-06-01T20:00:00Z"); // crosses midnight
  private static final int HOURS = 8;
  private static PostgresStore store;
  private static SampleQueries queries;
  private static SampleQueries rawOnly;

  @BeforeAll
  static void load() {
    store = Stores.open(QueryTestDb.config());
    List<Sample> batch = new ArrayList<>();
    String[] links = {"link:a", "link:b", "link:c"};
    for (int s = 0; s < links.length; s++) {
      for (int t = 0; t < HOURS * 3600; t += 10) {
        // Integer values: sums are exact, so rollup and raw answers compare with equality.
        batch.add(new Sample(s == 2 ? "edge-2" : "edge-1", "rtt_ms", Labels.of("resource", links[s], "kind", "probe"),
            T0.plusSeconds(t), (s + 1) * 100 + (t / 10) % 7));
      }
    }
    batch.add(new Sample("edge-1", "cpu_util", Labels.of("resource", "node:n1"), T0, 50));
    store.writeSamples(batch);
    store.refreshRollups(T0.plus(Duration.ofDays(1)));
    queries = new SampleQueries(store.dataSource(), new QueryPolicy(Duration.ofHours(3), Duration.ofHours(6)));
    rawOnly = new SampleQueries(store.dataSource(), QueryPolicy.rawOnly());
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void matchersSelectSeriesWithPrometheusSemantics() {
    assertThat(resources(SeriesSelector.of("rtt_ms"))).containsExactlyInAnyOrder("link:a", "link:b", "link:c");
    assertThat(resources(SeriesSelector.of("rtt_ms", LabelMatcher.eq("resource", "link:b")))).containsExactly("link:b");
    assertThat(resources(SeriesSelector.of("rtt_ms", LabelMatcher.neq("resource", "link:b"))))
        .containsExactlyInAnyOrder("link:a", "link:c");
    assertThat(resources(SeriesSelector.of("rtt_ms", LabelMatcher.re("resource", "link:[ab]"))))
        .containsExactlyInAnyOrder("link:a", "link:b");
    assertThat(resources(SeriesSelector.of("rtt_ms", LabelMatcher.re("resource", "link"))))
        .as("regexes are anchored").isEmpty();
    assertThat(resources(SeriesSelector.of("rtt_ms", LabelMatcher.nre("resource", "link:(a|b)")))).containsExactly("link:c");
    assertThat(resources(SeriesSelector.of("rtt_ms", LabelMatcher.eq("missing", ""))))
        .as("a missing label equals the empty string").hasSize(3);
    assertThat(resources(SeriesSelector.of("rtt_ms", LabelMatcher.eq(LabelMatcher.SITE, "edge-2")))).containsExactly("link:c");
  }

  @Test
  void aShortRangeReadsRawSamplesPerStep() {
    Range r = queries.range(SeriesSelector.of("rtt_ms", LabelMatcher.eq("resource", "link:a")), T0, T0.plusSeconds(120),
        Duration.ofMinutes(1), Aggregation.AVG);

    assertThat(r.source()).isEqualTo(Source.RAW);
    // Values 100 + (i % 7) for i = 0..5, then i = 6..11.
    assertThat(r.series()).singleElement().extracting(RangeSeries::points).asList().containsExactly(
        new Point(T0, (100 + 101 + 102 + 103 + 104 + 105) / 6.0),
        new Point(T0.plusSeconds(60), (106 + 100 + 101 + 102 + 103 + 104) / 6.0));
  }

  @Test
  void aLongAlignedRangeReadsTheMinuteRollupAndAnswersExactlyAsRaw() {
    Instant from = T0.plusSeconds(1800);
    Instant to = from.plus(Duration.ofHours(4));
    for (Aggregation agg : Aggregation.values()) {
      Range rollup = queries.range(SeriesSelector.of("rtt_ms"), from, to, Duration.ofMinutes(5), agg);
      Range raw = rawOnly.range(SeriesSelector.of("rtt_ms"), from, to, Duration.ofMinutes(5), agg);

      assertThat(rollup.source()).isEqualTo(Source.ROLLUP_1M);
      assertThat(raw.source()).isEqualTo(Source.RAW);
      assertThat(rollup.series()).as(agg.name()).isEqualTo(raw.series()).hasSize(3);
      assertThat(rollup.series().get(0).points()).hasSize(48);
    }
  }

  @Test
  void aVeryLongRangeWithHourStepsReadsTheHourRollup() {
    Instant to = T0.plus(Duration.ofHours(HOURS));
    for (Aggregation agg : Aggregation.values()) {
      Range rollup = queries.range(SeriesSelector.of("rtt_ms"), T0, to, Duration.ofHours(2), agg);
      Range raw = rawOnly.range(SeriesSelector.of("rtt_ms"), T0, to, Duration.ofHours(2), agg);

      assertThat(rollup.source()).isEqualTo(Source.ROLLUP_1H);
      assertThat(rollup.series()).as(agg.name()).isEqualTo(raw.series());
    }
    assertThat(queries.range(SeriesSelector.of("rtt_ms"), T0, to, Duration.ofHours(2), Aggregation.COUNT).series()
        .get(0).points()).extracting(Point::value).containsOnly(720.0);
  }

  @Test
  void unalignedBoundsStayOnRawSamples() {
    Range r = queries.range(SeriesSelector.of("rtt_ms"), T0.plusSeconds(30), T0.plus(Duration.ofHours(5)),
        Duration.ofMinutes(5), Aggregation.MAX);
    assertThat(r.source()).isEqualTo(Source.RAW);
  }

  @Test
  void latestIsTheNewestPointWithinTheLookback() {
    Instant end = T0.plusSeconds(HOURS * 3600 - 10);
    List<Results.Latest> latest = queries.latest(SeriesSelector.of("rtt_ms"), end.plusSeconds(5), Duration.ofMinutes(1));

    assertThat(latest).hasSize(3).allSatisfy(l -> assertThat(l.time()).isEqualTo(end));
    assertThat(latest).extracting(l -> l.series().labels().get("resource"), Results.Latest::value)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("link:a", 100.0 + (HOURS * 360 - 1) % 7),
            org.assertj.core.groups.Tuple.tuple("link:b", 200.0 + (HOURS * 360 - 1) % 7),
            org.assertj.core.groups.Tuple.tuple("link:c", 300.0 + (HOURS * 360 - 1) % 7));
    assertThat(queries.latest(SeriesSelector.of("rtt_ms"), T0.minusSeconds(1), Duration.ofHours(1))).isEmpty();
  }

  @Test
  void topKRanksSeriesByTheirAggregateOverTheRange() {
    List<Results.Ranked> top = queries.topK(SeriesSelector.of("rtt_ms"), T0, T0.plus(Duration.ofHours(HOURS)),
        Aggregation.AVG, 2);
    List<Results.Ranked> topRaw = rawOnly.topK(SeriesSelector.of("rtt_ms"), T0, T0.plus(Duration.ofHours(HOURS)),
        Aggregation.AVG, 2);

    assertThat(top).extracting(r -> r.series().labels().get("resource")).containsExactly("link:c", "link:b");
    assertThat(top).isEqualTo(topRaw);
  }

  @Test
  void badArgumentsAreRejectedWithTheirReason() {
    assertThatThrownBy(() -> queries.range(SeriesSelector.of("rtt_ms"), T0, T0, Duration.ofMinutes(1), Aggregation.AVG))
        .hasMessageContaining("must be after its start");
    assertThatThrownBy(() -> LabelMatcher.re("resource", "link:(")).hasMessageContaining("invalid regex");
    assertThatThrownBy(() -> SeriesSelector.of(" ")).hasMessageContaining("needs a metric name");
  }

  private static List<String> resources(SeriesSelector selector) {
    return queries.series(selector).stream().map(s -> s.labels().get("resource")).toList();
  }

}
