package io.sextant.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class CodecProperties {
  @Property(tries = 300)
  void sampleBatchesRoundTrip(@ForAll @StringLength(min = 1, max = 20) String site,
      @ForAll @StringLength(min = 1, max = 30) String metric,
      @ForAll @Size(max = 5) Map<@StringLength(min = 1, max = 10) String, @StringLength(max = 40) String> labels,
      @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long millis,
      @ForAll @DoubleRange(min = -1e12, max = 1e12) double value) {
    Instant t = Instant.ofEpochMilli(millis);
    SampleBatch batch = SampleBatch.of(site, t, List.of(new Sample(site, metric, labels, t, value)));
    SampleBatch back = JsonCodec.get().decode(JsonCodec.get().encode(batch), SampleBatch.class);
    assertThat(back).isEqualTo(batch);
    assertThat(back.samples().get(0).seriesId()).isEqualTo(batch.samples().get(0).seriesId());
  }

  @Property(tries = 200)
  void seriesIdIgnoresLabelOrder(@ForAll @Size(min = 2, max = 6) Map<@StringLength(min = 1, max = 8) String,
      @StringLength(max = 8) String> labels) {
    Map<String, String> reversed = new java.util.LinkedHashMap<>();
    List<String> keys = new java.util.ArrayList<>(labels.keySet());
    java.util.Collections.reverse(keys);
    keys.forEach(k -> reversed.put(k, labels.get(k)));
    assertThat(io.sextant.common.model.Ids.seriesId("s", "m", reversed))
        .isEqualTo(io.sextant.common.model.Ids.seriesId("s", "m", labels));
  }
}
