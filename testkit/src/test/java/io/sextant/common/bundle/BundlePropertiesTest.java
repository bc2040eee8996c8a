package io.sextant.common.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.testkit.gen.FixedSeeds;
import io.sextant.testkit.gen.Gen;
import io.sextant.testkit.gen.Maps;
import io.sextant.testkit.gen.Numbers;
import io.sextant.testkit.gen.Strings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The canonical encoding reads back to the same bundle, and no single changed byte goes unnoticed.
 * Lives in testkit's tests because common cannot depend on testkit, which depends on common.
 */
class BundlePropertiesTest {
  /** Any valid bundle: ids and texts of any chars (DataOutput's modified UTF-8 takes lone surrogates). */
  static final Gen<ModelBundle> BUNDLES = bundles();

  static Gen<ModelBundle> bundles() {
    Gen<String> ids = Strings.any(1, 30).filter(s -> !s.isBlank());
    Gen<Long> versions = Numbers.longs(1, Long.MAX_VALUE);
    Gen<List<String>> inputs = Strings.any(0, 20).list(1, 6);
    Gen<Map<String, String>> settings = Maps.of(Strings.any(0, 10), Strings.any(0, 20), 0, 5);
    Gen<Map<String, Double>> metrics = Maps.of(Strings.any(0, 10), Numbers.doubles(-1e9, 1e9), 0, 5);
    Gen<byte[]> payloads = Numbers.bytes(0, 200);
    Gen<Long> seeds = Numbers.anyLong();
    return r -> bundle(ids.next(r), versions.next(r), inputs.next(r), settings.next(r), metrics.next(r),
        payloads.next(r), seeds.next(r));
  }

  static ModelBundle bundle(String id, long version, List<String> inputs, Map<String, String> settings,
      Map<String, Double> metrics, byte[] payload, long seed) {
    Provenance p = new Provenance(Instant.ofEpochSecond(1_700_000_000L), Instant.ofEpochSecond(1_700_086_400L),
        "trainer", settings, seed, metrics);
    return new ModelBundle(id, version, inputs, p, payload);
  }

  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(200)
  void canonicalBytesRoundTrip(long seed) {
    ModelBundle b = BUNDLES.next(new Random(seed));

    assertThat(ModelBundle.parse(b.canonicalBytes())).isEqualTo(b);
  }

  @ParameterizedTest(name = "seed {0}")
  @FixedSeeds(300)
  void anyFlippedByteFailsToParseOrChangesTheBundle(long seed) {
    Random r = new Random(seed);
    int position = Numbers.ints(0, 10_000).next(r);
    int mask = Numbers.ints(1, 255).next(r);
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
