package io.sextant.common.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.ModelRelease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle's wire form reads back to the same bundle, survives the bus codec, and keys load from PEM. */
class BundleFormatTest {
  private static ModelPayload kmeans() {
    return new ModelPayload(ModelPayload.Kind.KMEANS_DISTANCE, new double[] {0.3, 25, 0.001},
        new double[] {0.05, 3, 0.0002}, 4.5, new double[][] {{0, 0, 0}, {1, -1, 0.5}}, null);
  }

  private static ModelBundle bundle() {
    Provenance p = new Provenance(Instant.parse("2026-01-05T00:00:00Z"), Instant.parse("2026-01-05T02:00:00Z"),
        "kmeans-distance", Map.of("k", "8", "quantile", "0.999"), 7L, Map.of("f1", 0.91, "precision", 0.95));
    return new ModelBundle("service-kpis", 3,
        List.of("service_cpu_utilization", "service_latency_ms", "service_error_ratio"), p, kmeans().encode());
  }

  @Test
  void canonicalBytesParseBackToTheSameBundle() {
    ModelBundle b = bundle();
    ModelBundle back = ModelBundle.parse(b.canonicalBytes());
    assertThat(back).isEqualTo(b);
    assertThat(back.provenance().settings()).containsEntry("k", "8");
    assertThat(ModelPayload.decode(back.payload())).isEqualTo(kmeans());
  }

  @Test
  void truncatedOrForeignBytesAreRejectedWithAReason() {
    byte[] bytes = bundle().canonicalBytes();
    assertThatThrownBy(() -> ModelBundle.parse(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> ModelBundle.parse("{\"not\":\"a bundle\"}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModelPayload.decode(new byte[] {0, 3, 'a', 'b', 'c'}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown format");
  }

  @Test
  void kmeansScoreIsTheDistanceToTheNearestCentroidInStandardUnits() {
    ModelPayload p = kmeans();
    double[] z = p.standardize(new double[] {0.35, 22, 0.001});
    assertThat(z).containsExactly(new double[] {1.0, -1.0, 0.0}, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p.nearestDistance(z)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aReleaseSurvivesTheBusCodecAndStillVerifies() {
    KeyPair keys = KeyFiles.generate();
    String keyId = KeyFiles.keyId(keys.getPublic());
    SignedBundle signed = new BundleSigner(keyId, keys.getPrivate()).sign(bundle());
    ModelRelease release = Releases.toRelease(signed, "edge-1", Instant.parse("2026-01-05T02:00:00Z"));
    JsonCodec codec = JsonCodec.get();
    ModelRelease back = codec.decode(codec.encode(release), ModelRelease.class);
    SignedBundle received = Releases.fromRelease(back);
    Verdict v = new BundleVerifier(Map.of(keyId, keys.getPublic())).verify(received,
        Set.of("service_cpu_utilization", "service_latency_ms", "service_error_ratio"));
    assertThat(v.accepted()).as(v.reason()).isTrue();
    assertThat(received.bundle()).isEqualTo(signed.bundle());
  }

  @Test
  void aReleaseWhoseEnvelopeDisagreesWithItsBundleIsRejected() {
    KeyPair keys = KeyFiles.generate();
    SignedBundle signed = new BundleSigner("k", keys.getPrivate()).sign(bundle());
    ModelRelease r = Releases.toRelease(signed, "edge-1", Instant.EPOCH);
    ModelRelease lying = new ModelRelease(null, "edge-1", Instant.EPOCH, r.modelId(), 99, "k", r.bundle(),
        r.signature());
    assertThatThrownBy(() -> Releases.fromRelease(lying)).hasMessageContaining("service-kpis@99");
  }

  @Test
  void keysRoundTripThroughPemFiles(@TempDir Path dir) throws Exception {
    KeyPair written = KeyFiles.generate(dir.resolve("central.key"), dir.resolve("central.pub"));
    assertThat(Files.readString(dir.resolve("central.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(KeyFiles.readPrivate(dir.resolve("central.key")).getEncoded())
        .isEqualTo(written.getPrivate().getEncoded());
    assertThat(KeyFiles.keyId(KeyFiles.readPublic(dir.resolve("central.pub"))))
        .isEqualTo(KeyFiles.keyId(written.getPublic())).startsWith("ed25519-");
    Files.writeString(dir.resolve("bad.pub"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> KeyFiles.readPublic(dir.resolve("bad.pub"))).hasMessageContaining("PUBLIC KEY");
  }
}
