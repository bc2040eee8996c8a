package io.sextant.collector.source.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.testkit.gen.FixedSeeds;
import io.sextant.testkit.gen.Gen;
import io.sextant.testkit.gen.Maps;
import io.sextant.testkit.gen.Numbers;
import io.sextant.testkit.gen.Strings;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * What the text format spells, our parser reads back exactly: names, any label values
 * (quotes, backslashes, newlines, carriage returns, non-ASCII, lone surrogates) and any double,
 * including NaN and ±Inf.
 */
class ExpositionRoundTripPropertiesTest {
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String NAME_CHARS = LOWER + LOWER.toUpperCase() + "_";

  /**
   * Metric names, the suffixes the parser knows for other types among the edge cases; not
   * {@code _created}, a series the parser reads as a creation time, not a sample.
   */
  static final Gen<String> METRIC_NAMES = names(NAME_CHARS + ":", 20)
      .withEdgeCases(List.of("_", ":", "a_total", "a_count", "a_sum", "a_bucket", "a_info", "a:b"))
      .filter(s -> !s.endsWith("_created"));
  static final Gen<Map<String, String>> LABEL_SETS = Maps.of(names(NAME_CHARS, 8), Strings.any(0, 30), 0, 5);
  /** Half of the values are ones the writer spells specially: NaN, ±Inf, -0.0, exponents. */
  static final Gen<Double> VALUES = Gen.mix(Numbers.anyDouble(), Gen.oneOf(Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, 0.0, -0.0, -1.5e300, Double.MIN_VALUE, 1e15));
  static final Gen<List<String>> NOISE = Strings.alpha(0, 12).list(0, 3);

  /** Prometheus names: a first char of {@code first}, then those chars or digits. */
  static Gen<String> names(String first, int maxLength) {
    Gen<String> head = Strings.over(first, 1, 1);
    Gen<String> tail = Strings.over(first + "0123456789", 0, maxLength - 1);
    return r -> head.next(r) + tail.next(r);
  }

  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(300)
  void renderedGaugesParseBackExactly(long seed) {
    Random r = new Random(seed);
    String name = METRIC_NAMES.next(r);
    Map<String, String> labels = LABEL_SETS.next(r);
    double value = VALUES.next(r);
    List<String> noise = NOISE.next(r);
    String text = TextWriter.gauge(name, "help with \\ and \n newline " + noise, labels, value);

    ParseResult parsed = new ExpositionParser().parse(text, Format.TEXT_0_0_4);

    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.samples()).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.labels()).isEqualTo(labels);
      // == so that -0.0 written as 0 still matches; NaN only equals itself by compare
      assertThat(s.value() == value || Double.isNaN(s.value()) && Double.isNaN(value))
          .as("value %s read as %s", value, s.value()).isTrue();
    });
  }
}
