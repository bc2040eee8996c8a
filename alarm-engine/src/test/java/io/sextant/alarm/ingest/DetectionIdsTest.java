package io.sextant.alarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Detection;
import io.sextant.common.model.Ids;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The intake's fast ids must be exactly the ids {@link Detection} computes, or dedup breaks. */
class DetectionIdsTest {
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
