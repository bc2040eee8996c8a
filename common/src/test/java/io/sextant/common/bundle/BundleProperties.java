package io.sextant.common.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The canonical encoding reads back to the same bundle, and no single changed byte goes unnoticed. */
class BundleProperties {
  static ModelBundle bundle(String id, long version, List<String> inputs, Map<String, String> settings,
      Map<String, Double> metrics, byte[] payload, long seed) {
    Provenance p = new Provenance(Instant.ofEpochSecond(1_700_000_000L), Instant.ofEpochSecond(1_700_086_400L),
        "trainer", settings, seed, metrics);
    return new ModelBundle(id, version, inputs, p, payload);
  }

  @Property(tries = 200)
  void canonicalBytesRoundTrip(@ForAll @StringLength(min = 1, max = 30) String id,
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long version,
      @ForAll @Size(min = 1, max = 6) List<@StringLength(max = 20) String> inputs,
      @ForAll @Size(max = 5) Map<@StringLength(max = 10) String, @StringLength(max = 20) String> settings,
      @ForAll @Size(max = 5) Map<@StringLength(max = 10) String, @DoubleRange(min = -1e9, max = 1e9) Double> metrics,
      @ForAll @Size(max = 200) List<Byte> payloadBytes, @ForAll long seed) {
    if (id.isBlank()) {
      return;
    }
    byte[] payload = new byte[payloadBytes.size()];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = payloadBytes.get(i);
    }
    ModelBundle b = bundle(id, version, inputs, settings, metrics, payload, seed);
    assertThat(ModelBundle.parse(b.canonicalBytes())).isEqualTo(b);
  }

  @Property(tries = 300)
  void anyFlippedByteFailsToParseOrChangesTheBundle(@ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int mask) {
    ModelBundle b = bundle("service-kpis", 2, List.of("a", "b"), Map.of("k", "8"), Map.of("f1", 0.9),
        new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 7);
    byte[] bytes = b.canonicalBytes();
    bytes[position % bytes.length] ^= (byte) mask;
    try {
      ModelBundle changed = ModelBundle.parse(bytes);
      // What a verifier signs over differs, so the signature of b cannot verify it.
      assertThat(changed.canonicalBytes()).isNotEqualTo(b.canonicalBytes());
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
