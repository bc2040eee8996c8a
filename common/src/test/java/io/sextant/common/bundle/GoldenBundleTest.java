package io.sextant.common.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.ModelRelease;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pins the release wire format: a fixed bundle signed with a fixed test-only key (Ed25519 is
 * deterministic) encodes to the golden file byte for byte, and the golden file, as an older centre
 * wrote it, still parses and verifies. Regenerate only on purpose: -Dgolden.update=true.
 */
class GoldenBundleTest {
  static final Path DIR = Path.of("src/test/resources/golden/bundle");
  static final Instant T = Instant.parse("2026-01-05T02:00:00Z");

  static ModelBundle bundle() {
    ModelPayload payload = new ModelPayload(ModelPayload.Kind.KMEANS_DISTANCE, new double[] {0.35, 30, 0.001},
        new double[] {0.05, 5, 0.0002}, 4.25, new double[][] {{0, 0, 0}, {1.5, -0.5, 0.25}}, null);
    Provenance p = new Provenance(Instant.parse("2026-01-05T00:00:00Z"), T, "tribuo-kmeans-distance",
        Map.of("kind", "KMEANS_DISTANCE", "k", "12", "quantile", "0.999", "margin", "1.5"), 7L,
        Map.of("precision", 1.0, "recall", 1.0, "f1", 1.0, "false_positive_rate", 0.0));
    return new ModelBundle("service-kpis", 3,
        List.of("service_cpu_utilization", "service_latency_ms", "service_error_ratio"), p, payload.encode());
  }

  @Test
  void theGoldenReleaseIsWhatTheCentreWritesAndStillVerifies() throws Exception {
    PrivateKey key = KeyFiles.readPrivate(DIR.resolve("test-only.key"));
    PublicKey pub = KeyFiles.readPublic(DIR.resolve("test-only.pub"));
    String keyId = KeyFiles.keyId(pub);
    ModelRelease release = Releases.toRelease(new BundleSigner(keyId, key).sign(bundle()), "edge-1", T);
    byte[] encoded = JsonCodec.get().encode(release);
    Path golden = DIR.resolve("model-release.json");
    if (Boolean.getBoolean("golden.update")) {
      Files.write(golden, encoded);
    }
    assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo(Files.readString(golden));

    ModelRelease old = JsonCodec.get().decode(Files.readAllBytes(golden), ModelRelease.class);
    SignedBundle signed = Releases.fromRelease(old);
    assertThat(signed.bundle()).isEqualTo(bundle());
    assertThat(new BundleVerifier(Map.of(keyId, pub)).verify(signed,
        Set.of("service_cpu_utilization", "service_latency_ms", "service_error_ratio")).accepted()).isTrue();
    assertThat(ModelPayload.decode(signed.bundle().payload()).threshold()).isEqualTo(4.25);
  }
}
