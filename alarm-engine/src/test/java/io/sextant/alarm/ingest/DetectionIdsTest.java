package io.sextant.alarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Ids;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The intake's fast ids must be exactly the ids {@link Detection} computes, or dedup breaks. */
class DetectionIdsTest {
  /** Named cases that do not depend on a generator: ASCII, non-ASCII, a lone surrogate, empty. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ascii        | edge-1  | DiskFull | instance | node-1:9100
      latin-1      | edge-é  | Température | salle | Zürich
      cjk          | 东京     | 告警       | 节点     | 一号
      surrogates   | edge-1  | Alert    | emoji    | 🔥 on fire
      lone high    | edge-1  | Alert    | broken   | \uD800x
      """)
  void sameIdsForNamedCases(String name, String site, String metric, String label, String value) {
    TreeMap<String, String> labels = new TreeMap<>(Map.of(label, value.replace("\\uD800", "\uD800"),
        "alertname", metric));
    for (Detection.State state : Detection.State.values()) {
      Detection own = new Detection(null, site, Instant.ofEpochMilli(1_740_830_410_123L), "d", metric, labels, "r",
          state, 0, 0, 0);
      long series = DetectionIds.seriesId(site, metric, labels);
      assertThat(series).isEqualTo(Ids.seriesId(site, metric, labels));
      assertThat(DetectionIds.detectionId(site, metric, series, state, 1_740_830_410_123L)).isEqualTo(own.id());
    }
  }

  @Property(tries = 300)
  void sameIdsAsTheDetectionRecord(@ForAll @StringLength(max = 12) String site,
      @ForAll @StringLength(min = 1, max = 12) String metric,
      @ForAll @Size(max = 6) Map<@StringLength(max = 8) String, @StringLength(max = 10) String> labels,
      @ForAll boolean firing, @ForAll long millis) {
    TreeMap<String, String> sorted = new TreeMap<>(labels);
    Detection.State state = firing ? Detection.State.FIRING : Detection.State.RESOLVED;
    Instant at = Instant.ofEpochMilli(millis % 10_000_000_000_000L);
    Detection own = new Detection(null, site, at, "d", metric, sorted, "r", state, 0, 0, 0);

    long series = DetectionIds.seriesId(site, metric, sorted);

    assertThat(series).isEqualTo(Ids.seriesId(site, metric, sorted));
    assertThat(DetectionIds.detectionId(site, metric, series, state, at.toEpochMilli())).isEqualTo(own.id());
  }
}
