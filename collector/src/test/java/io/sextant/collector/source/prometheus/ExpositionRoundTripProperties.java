package io.sextant.collector.source.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.metrics.MetricsRegistry;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * What our /metrics writer renders, our parser reads back exactly: names, any label values
 * (quotes, backslashes, newlines, non-ASCII) and any double, including NaN and ±Inf.
 */
class ExpositionRoundTripProperties {
  @Provide
  Arbitrary<String> metricNames() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('_', ':').ofMinLength(1).ofMaxLength(20)
        .filter(s -> !s.endsWith("_created"));
  }

  @Provide
  Arbitrary<Map<String, String>> labelSets() {
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> values = Arbitraries.strings().all().ofMaxLength(30)
        .filter(v -> v.chars().noneMatch(c -> c == '\r' || (c >= 0xd800 && c <= 0xdfff)));
    return Arbitraries.maps(names, values).ofMaxSize(5);
  }

  @Provide
  Arbitrary<Double> values() {
    return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 0.0, -1.5e300, 4.9e-324));
  }

  @Property(tries = 300)
  void renderedGaugesParseBackExactly(@ForAll("metricNames") String name, @ForAll("labelSets") Map<String, String> labels,
      @ForAll("values") double value, @ForAll @Size(max = 3) List<@net.jqwik.api.constraints.AlphaChars String> noise) {
    MetricsRegistry r = new MetricsRegistry();
    r.register(name, "help with \\ and \n newline " + noise, MetricsRegistry.Type.GAUGE,
        () -> List.of(new MetricsRegistry.Point(labels, value)));
    ParseResult parsed = new ExpositionParser().parse(r.render(), Format.TEXT_0_0_4);
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
