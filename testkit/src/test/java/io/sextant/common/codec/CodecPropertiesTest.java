package io.sextant.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.model.Ids;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.testkit.gen.FixedSeeds;
import io.sextant.testkit.gen.Gen;
import io.sextant.testkit.gen.Maps;
import io.sextant.testkit.gen.Samples;
import io.sextant.testkit.gen.Strings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Any sample batch survives the JSON codec, and a series id does not depend on label order. Lives
 * in testkit's tests because common cannot depend on testkit, which depends on common.
 */
class CodecPropertiesTest {
  static final Gen<SampleBatch> BATCHES = Samples.batches(5);
  static final Gen<Map<String, String>> LABELS = Maps.of(Strings.any(1, 8), Strings.any(0, 8), 2, 6);

  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(300)
  void sampleBatchesRoundTrip(long seed) {
    SampleBatch batch = BATCHES.next(new Random(seed));

    SampleBatch back = JsonCodec.get().decode(JsonCodec.get().encode(batch), SampleBatch.class);

    assertThat(back).isEqualTo(batch);
    for (int i = 0; i < batch.samples().size(); i++) {
      Sample s = batch.samples().get(i);
      assertThat(back.samples().get(i).seriesId()).isEqualTo(s.seriesId());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(200)
  void seriesIdIgnoresLabelOrder(long seed) {
    Map<String, String> labels = LABELS.next(new Random(seed));
    List<String> keys = new ArrayList<>(labels.keySet());
    Collections.reverse(keys);
    Map<String, String> reversed = new LinkedHashMap<>();
    keys.forEach(k -> reversed.put(k, labels.get(k)));

    assertThat(Ids.seriesId("s", "m", reversed)).isEqualTo(Ids.seriesId("s", "m", labels));
  }
}
