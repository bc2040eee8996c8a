package io.sextant.collector.source.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpositionParserTest {
  final ExpositionParser parser = new ExpositionParser();

  static ParsedSample s(String name, Map<String, String> labels, double v, Long ts, MetricType type, boolean cum) {
    return new ParsedSample(name, labels, v, ts, type, cum);
  }

  static Stream<Arguments> good() {
    return Stream.of(
        arguments("plain untyped", "a 1\n", Format.TEXT_0_0_4,
            List.of(s("a", Map.of(), 1, null, MetricType.UNKNOWN, false))),
        arguments("comments and HELP are skipped", "# a free comment\n# HELP g some help text\n# TYPE g gauge\ng 2.5\n",
            Format.TEXT_0_0_4, List.of(s("g", Map.of(), 2.5, null, MetricType.GAUGE, false))),
        arguments("counter with labels and ms timestamp",
            "# TYPE c counter\nc{a=\"x\",b=\"y\"} 7 1700000000123\n", Format.TEXT_0_0_4,
            List.of(s("c", Map.of("a", "x", "b", "y"), 7, 1700000000123L, MetricType.COUNTER, true))),
        arguments("label escapes", "m{v=\"a\\\"b\\\\c\\nd\"} 1\n", Format.TEXT_0_0_4,
            List.of(s("m", Map.of("v", "a\"b\\c\nd"), 1, null, MetricType.UNKNOWN, false))),
        arguments("trailing comma and spaces in labels", "m{ a=\"1\" , } 1\n", Format.TEXT_0_0_4,
            List.of(s("m", Map.of("a", "1"), 1, null, MetricType.UNKNOWN, false))),
        arguments("+Inf -Inf NaN values", "# TYPE g gauge\ng{k=\"1\"} +Inf\ng{k=\"2\"} -Inf\ng{k=\"3\"} NaN\n",
            Format.TEXT_0_0_4, List.of(
                s("g", Map.of("k", "1"), Double.POSITIVE_INFINITY, null, MetricType.GAUGE, false),
                s("g", Map.of("k", "2"), Double.NEGATIVE_INFINITY, null, MetricType.GAUGE, false),
                s("g", Map.of("k", "3"), Double.NaN, null, MetricType.GAUGE, false))),
        arguments("histogram buckets, sum and count are cumulative",
            "# TYPE h histogram\nh_bucket{le=\"0.5\"} 3\nh_bucket{le=\"+Inf\"} 5\nh_sum 2.5\nh_count 5\n",
            Format.TEXT_0_0_4, List.of(
                s("h_bucket", Map.of("le", "0.5"), 3, null, MetricType.HISTOGRAM, true),
                s("h_bucket", Map.of("le", "+Inf"), 5, null, MetricType.HISTOGRAM, true),
                s("h_sum", Map.of(), 2.5, null, MetricType.HISTOGRAM, true),
                s("h_count", Map.of(), 5, null, MetricType.HISTOGRAM, true))),
        arguments("summary quantiles are gauges, sum and count cumulative",
            "# TYPE q summary\nq{quantile=\"0.99\"} 0.2\nq_sum 10\nq_count 40\n", Format.TEXT_0_0_4, List.of(
                s("q", Map.of("quantile", "0.99"), 0.2, null, MetricType.SUMMARY, false),
                s("q_sum", Map.of(), 10, null, MetricType.SUMMARY, true),
                s("q_count", Map.of(), 40, null, MetricType.SUMMARY, true))),
        arguments("OpenMetrics counter _total, _created dropped, exemplar ignored, seconds timestamp, EOF",
            "# TYPE r counter\n# UNIT r seconds\nr_total{m=\"x\"} 17 1700000000.5 # {trace_id=\"ab\"} 1 1700000000.4\n"
                + "r_created{m=\"x\"} 1699999000\n# EOF\n", Format.OPENMETRICS,
            List.of(s("r_total", Map.of("m", "x"), 17, 1700000000500L, MetricType.COUNTER, true))),
        arguments("CRLF line ends", "a 1\r\nb 2\r\n", Format.TEXT_0_0_4, List.of(
            s("a", Map.of(), 1, null, MetricType.UNKNOWN, false), s("b", Map.of(), 2, null, MetricType.UNKNOWN, false))),
        arguments("exponent and negative values", "a -1.5e3\n", Format.TEXT_0_0_4,
            List.of(s("a", Map.of(), -1500, null, MetricType.UNKNOWN, false))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void parses(String name, String text, Format format, List<ParsedSample> expected) {
    ParseResult r = parser.parse(text, format);
    assertThat(r.errors()).isEmpty();
    assertThat(r.samples()).containsExactlyElementsOf(expected); // record equals: NaN equals NaN
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        arguments("value is not a number", "ok 1\nbad abc\n", 2, "'abc' is not a number"),
        arguments("missing value", "ok 1\nbad\n", 2, "expected a space and a value"),
        arguments("unterminated label value", "bad{a=\"x} 1\n", 1, "unterminated value of label a"),
        arguments("invalid escape", "bad{a=\"\\q\"} 1\n", 1, "invalid escape"),
        arguments("duplicate label", "bad{a=\"1\",a=\"2\"} 1\n", 1, "duplicate label a"),
        arguments("label without quotes", "bad{a=1} 1\n", 1, "expected '\"'"),
        arguments("name starts with a digit", "ok 1\n\n9bad 1\n", 3, "expected a metric name"),
        arguments("timestamp not an integer", "bad 1 12.5\n", 1, "not an integer of milliseconds"),
        arguments("text after timestamp", "bad 1 1000 extra\n", 1, "unexpected text after the timestamp"),
        arguments("unknown TYPE", "# TYPE x frobnicator\nx 1\n", 1, "unknown metric type 'frobnicator'"),
        arguments("Java-only number syntax", "bad 0x1p3\n", 1, "is not a number"),
        arguments("histogram bucket without le", "# TYPE h histogram\nh_bucket 1\n", 2, "without an le label"),
        arguments("histogram sample without suffix", "# TYPE h histogram\nh 1\n", 2, "without _bucket"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void rejectsTheLineWithItsNumberAndKeepsTheRest(String name, String text, int line, String reason) {
    ParseResult r = parser.parse(text + "after 42\n", Format.TEXT_0_0_4);
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().get(0).line()).isEqualTo(line);
    assertThat(r.errors().get(0).reason()).contains(reason);
    assertThat(r.samples()).extracting(ParsedSample::name).contains("after");
  }

  @Test
  void contentAfterEofIsAnError() {
    ParseResult r = parser.parse("a 1\n# EOF\nb 2\n", Format.OPENMETRICS);
    assertThat(r.samples()).extracting(ParsedSample::name).containsExactly("a");
    assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(3));
  }

  /** A reader that hands out at most three characters a read: lines span the parser's buffer. */
  static Reader trickle(String text) {
    return new FilterReader(new StringReader(text)) {
      @Override
      public int read(char[] buf, int off, int len) throws IOException {
        return super.read(buf, off, Math.min(len, 3));
      }
    };
  }

  static ParseResult streamed(ExpositionParser parser, Reader in, Format format, Known known)
      throws IOException {
    ExpositionParser.Collect all = new ExpositionParser.Collect() {
      @Override
      public Map<String, String> knownLabels(String series) {
        return known.labels(series);
      }
    };
    parser.parse(in, format, all);
    return all.result();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void parsesTheSameStreamedInPieces(String name, String text, Format format, List<ParsedSample> expected)
      throws IOException {
    ParseResult r = streamed(parser, trickle(text), format, series -> null);
    assertThat(r.errors()).isEmpty();
    assertThat(r.samples()).containsExactlyElementsOf(expected);
  }

  @Test
  void aLineLongerThanTheReadBufferAndALastLineWithoutNewlineAreRead() throws IOException {
    String value = "v".repeat(20_000);
    String text = "a{k=\"" + value + "\"} 1\nb 2";
    ParseResult r = streamed(parser, new StringReader(text), Format.TEXT_0_0_4, series -> null);
    assertThat(r.samples()).extracting(ParsedSample::name).containsExactly("a", "b");
    assertThat(r.samples().get(0).labels()).containsEntry("k", value);
  }

  @Test
  void labelsKnownForASeriesTextAreTakenAsTheyAreAndOnlyForThatText() throws IOException {
    Map<String, String> known = Map.of("k", "cached");
    List<String> asked = new ArrayList<>();
    ParseResult r = streamed(parser, new StringReader(
        "# TYPE m gauge\nm{k=\"a\"} 1\nm{k=\"b\"} 2\nm{k=\"x}\"} 3\nbare 4\n"), Format.TEXT_0_0_4,
        series -> {
          asked.add(series);
          return series.equals("m{k=\"a\"}") ? known : null;
        });
    assertThat(asked).containsExactly("m{k=\"a\"}", "m{k=\"b\"}", "m{k=\"x}\"}"); // a '}' in a value is not the end
    assertThat(r.samples().get(0).labels()).isSameAs(known);
    assertThat(r.samples().get(1).labels()).isEqualTo(Map.of("k", "b"));
    assertThat(r.samples().get(2).labels()).isEqualTo(Map.of("k", "x}"));
    assertThat(r.samples().get(3).labels()).isEmpty();
  }

  /** What a sink answers to {@link ExpositionParser.Sink#knownLabels}. */
  interface Known {
    Map<String, String> labels(String series);
  }
}
