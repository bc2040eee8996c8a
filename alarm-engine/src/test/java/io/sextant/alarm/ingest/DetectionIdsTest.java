package io.sextant.alarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Ids;
import io.sextant.testkit.gen.FixedSeeds;
import io.sextant.testkit.gen.Gen;
import io.sextant.testkit.gen.Maps;
import io.sextant.testkit.gen.Numbers;
import io.sextant.testkit.gen.Strings;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  static final Gen<String> SITES = Strings.any(0, 12);
  static final Gen<String> METRICS = Strings.any(1, 12);
  static final Gen<Map<String, String>> LABELS = Maps.of(Strings.any(0, 8), Strings.any(0, 10), 0, 6);

  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(300)
  void sameIdsAsTheDetectionRecord(long seed) {
    Random r = new Random(seed);
    String site = SITES.next(r);
    String metric = METRICS.next(r);
    TreeMap<String, String> sorted = new TreeMap<>(LABELS.next(r));
    boolean firing = r.nextBoolean();
    long millis = Numbers.anyLong().next(r);
    Detection.State state = firing ? Detection.State.FIRING : Detection.State.RESOLVED;
    Instant at = Instant.ofEpochMilli(millis % 10_000_000_000_000L);
    Detection own = new Detection(null, site, at, "d", metric, sorted, "r", state, 0, 0, 0);

    long series = DetectionIds.seriesId(site, metric, sorted);

    assertThat(series).isEqualTo(Ids.seriesId(site, metric, sorted));
    assertThat(DetectionIds.detectionId(site, metric, series, state, at.toEpochMilli())).isEqualTo(own.id());
  }
}
