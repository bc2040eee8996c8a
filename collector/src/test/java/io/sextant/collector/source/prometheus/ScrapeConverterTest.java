package io.sextant.collector.source.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapeConverterTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  final ExpositionParser parser = new ExpositionParser();
  final ScrapeConverter conv = new ScrapeConverter();

  List<Sample> scrape(String text, int second) {
    return conv.convert("edge-1", parser.parse(text, Format.TEXT_0_0_4), T.plusSeconds(second), Map.of("job", "node"));
  }

  @Test
  void firstScrapeGivesNoRateThenRatesPerSecond() {
    String c = "# TYPE c counter\nc 100\n# TYPE g gauge\ng 3\n";
    assertThat(scrape(c, 0)).extracting(Sample::metric).containsExactly("g");
    List<Sample> second = scrape("# TYPE c counter\nc 150\n# TYPE g gauge\ng 4\n", 10);
    assertThat(second).extracting(Sample::metric, Sample::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("c:rate", 5.0), org.assertj.core.groups.Tuple.tuple("g", 4.0));
    assertThat(second.get(0).labels()).containsEntry("job", "node");
  }

  @Test
  void aSeriesKeepsItsNameAndLabelsFromOneScrapeToTheNextUntilItGoesStale() {
    Sample first = scrape("# TYPE g gauge\ng{k=\"a\"} 1\n", 0).get(0);
    Sample second = scrape("# TYPE g gauge\ng{k=\"a\"} 2\n", 1).get(0);
    assertThat(second.labels()).isSameAs(first.labels()).containsExactly(Map.entry("job", "node"), Map.entry("k", "a"));
    assertThat(second.metric()).isSameAs(first.metric());
    scrape("# TYPE g gauge\ng{k=\"b\"} 1\n", 2);
    Sample back = scrape("# TYPE g gauge\ng{k=\"a\"} 3\n", 3).get(0);
    assertThat(back.labels()).isEqualTo(first.labels()).isNotSameAs(first.labels());
    // other target labels: other series
    Sample other = conv.convert("edge-1", parser.parse("# TYPE g gauge\ng{k=\"a\"} 4\n", Format.TEXT_0_0_4),
        T.plusSeconds(4), Map.of("job", "other")).get(0);
    assertThat(other.labels()).containsEntry("job", "other");
  }

  @Test
  void decreaseIsAResetCountedFromZero() {
    scrape("# TYPE c counter\nc 1000\n", 0);
    List<Sample> after = scrape("# TYPE c counter\nc 20\n", 10);
    assertThat(after).singleElement().extracting(Sample::value).isEqualTo(2.0);
    assertThat(conv.counterResets()).isEqualTo(1);
  }

  @Test
  void seriesMissingFromAScrapeIsStaleAndStartsAfreshWhenBack() {
    scrape("# TYPE c counter\nc{k=\"a\"} 10\nc{k=\"b\"} 10\n", 0);
    scrape("# TYPE c counter\nc{k=\"a\"} 20\n", 10);
    assertThat(conv.staleSeries()).isEqualTo(1);
    // b returns: no rate from the old point across the gap
    List<Sample> back = scrape("# TYPE c counter\nc{k=\"a\"} 30\nc{k=\"b\"} 500\n", 20);
    assertThat(back).extracting(s -> s.labels().get("k")).containsExactly("a");
  }

  @Test
  void histogramBucketsBecomeRatesKeepingLe() {
    scrape("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n", 0);
    List<Sample> s = scrape("# TYPE h histogram\nh_bucket{le=\"1\"} 11\nh_bucket{le=\"+Inf\"} 22\nh_sum 3\nh_count 22\n", 10);
    assertThat(s).extracting(Sample::metric).containsExactly("h_bucket:rate", "h_bucket:rate", "h_sum:rate", "h_count:rate");
    assertThat(s.get(1).labels()).containsEntry("le", "+Inf");
    assertThat(s.get(1).value()).isEqualTo(2.0);
  }

  @Test
  void exposedTimestampIsUsedForTheRate() {
    scrape("# TYPE c counter\nc 0 " + T.toEpochMilli() + "\n", 0);
    List<Sample> s = scrape("# TYPE c counter\nc 10 " + T.plusSeconds(2).toEpochMilli() + "\n", 10);
    assertThat(s).singleElement().satisfies(x -> {
      assertThat(x.value()).isEqualTo(5.0);
      assertThat(x.time()).isEqualTo(T.plusSeconds(2));
    });
  }

  @Test
  void targetDownMakesEverythingStale() {
    scrape("# TYPE c counter\nc 10\n", 0);
    conv.targetDown();
    assertThat(conv.trackedCounters()).isZero();
    assertThat(scrape("# TYPE c counter\nc 20\n", 10)).isEmpty();
  }

  @Test
  void anExposedLabelTheTargetOverridesIsKeptAsExportedSoSeriesNeverMerge() {
    var got = conv.convert("edge-1", parser.parse("g{instance=\"pod-a\"} 1\ng{instance=\"pod-b\"} 2\ng{job=\"node\"} 3\n",
        Format.TEXT_0_0_4), T, Map.of("job", "node", "instance", "gw:9100"));
    assertThat(got).extracting(x -> x.labels()).containsExactly(
        Map.of("job", "node", "instance", "gw:9100", "exported_instance", "pod-a"),
        Map.of("job", "node", "instance", "gw:9100", "exported_instance", "pod-b"),
        Map.of("job", "node", "instance", "gw:9100"));
  }

  List<Sample> streamed(String text, int second, List<ParseError> errors) throws java.io.IOException {
    ScrapeConverter.Round round = conv.begin("edge-1", T.plusSeconds(second), Map.of("job", "node"), errors::add);
    parser.parse(new java.io.StringReader(text), Format.TEXT_0_0_4, round);
    return round.end();
  }

  @Test
  void aStreamedScrapeGivesWhatAParsedOneGivesAndAKnownSeriesIsNotParsedAgain() throws Exception {
    String first = "# TYPE c counter\nc{k=\"a\"} 10\n# TYPE g gauge\ng{k=\"a\",z=\"1\"} 1\nbroken{ 1\n";
    List<ParseError> errors = new java.util.ArrayList<>();
    List<Sample> one = streamed(first, 0, errors);
    assertThat(one).extracting(Sample::metric).containsExactly("g");
    assertThat(errors).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(5));
    List<Sample> two = streamed(first.replace("10", "30").replace("} 1", "} 2"), 10, errors);
    assertThat(two).extracting(Sample::metric, Sample::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("c:rate", 2.0), org.assertj.core.groups.Tuple.tuple("g", 2.0));
    assertThat(two.get(1).labels()).isSameAs(one.get(0).labels())
        .isEqualTo(Map.of("job", "node", "k", "a", "z", "1"));
    // the same series written with its labels in another order is another text, the same series
    List<Sample> three = streamed("# TYPE c counter\nc{k=\"a\"} 40\n# TYPE g gauge\ng{z=\"1\",k=\"a\"} 3\n", 20, errors);
    assertThat(three).extracting(Sample::value).containsExactly(1.0, 3.0);
    assertThat(three.get(1).labels()).isEqualTo(one.get(0).labels());
    assertThat(conv.staleSeries()).isZero();
  }

  @Test
  void aSeriesWhoseTypeChangesIsRenamed() throws Exception {
    List<ParseError> errors = new java.util.ArrayList<>();
    assertThat(streamed("# TYPE m gauge\nm{k=\"a\"} 5\n", 0, errors)).extracting(Sample::metric).containsExactly("m");
    streamed("# TYPE m counter\nm{k=\"a\"} 5\n", 1, errors);
    assertThat(streamed("# TYPE m counter\nm{k=\"a\"} 7\n", 2, errors))
        .extracting(Sample::metric, Sample::value).containsExactly(org.assertj.core.groups.Tuple.tuple("m:rate", 2.0));
    assertThat(errors).isEmpty();
  }

  @Test
  void seriesAddedByOneScrapeShareOneInstanceOfEachNameAndLabel() throws Exception {
    List<Sample> got = streamed("# TYPE g gauge\ng{pod=\"a\",region=\"r\"} 1\ng{pod=\"b\",region=\"r\"} 2\n", 0,
        new java.util.ArrayList<>());
    assertThat(got).hasSize(2);
    assertThat(got.get(1).metric()).isSameAs(got.get(0).metric());
    String region0 = got.get(0).labels().get("region");
    assertThat(got.get(1).labels().get("region")).isEqualTo("r").isSameAs(region0);
    String key0 = got.get(0).labels().keySet().stream().filter("pod"::equals).findFirst().orElseThrow();
    String key1 = got.get(1).labels().keySet().stream().filter("pod"::equals).findFirst().orElseThrow();
    assertThat(key1).isSameAs(key0);
  }
}
