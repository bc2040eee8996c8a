package io.sextant.edge.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.bundle.BundleSigner;
import io.sextant.common.bundle.BundleVerifier;
import io.sextant.common.bundle.ModelBundle;
import io.sextant.common.bundle.Provenance;
import io.sextant.common.bundle.SignedBundle;
import io.sextant.common.bundle.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Signed bundles at the edge: verified before loading, tampering refused with a reason, rollback. */
class ModelSlotTest {
  private static final Set<String> EDGE_INPUTS = Set.of("service_cpu_utilization", "service_latency_ms");

  private final KeyPair central = generate();
  private final KeyPair stranger = generate();
  private final BundleSigner signer = new BundleSigner("central-2026", central.getPrivate());
  private final BundleVerifier verifier = new BundleVerifier(Map.of("central-2026", central.getPublic()));

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static ModelBundle bundle(long version, List<String> inputs, String payload) {
    Provenance p = new Provenance(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-15T00:00:00Z"),
        "seasonal", Map.of("levelAlpha", "0.1", "holdPoints", "10"), 42L, Map.of("nab_standard", 50.56));
    return new ModelBundle("cpu-anomaly", version, inputs, p, payload.getBytes(StandardCharsets.UTF_8));
  }

  private static ModelBundle bundle(long version) {
    return bundle(version, List.of("service_cpu_utilization"), "model v" + version);
  }

  @Test
  void aSignedBundleIsVerifiedAndLoaded() {
    ModelSlot slot = new ModelSlot("cpu-anomaly", verifier, 3);
    Verdict v = slot.offer(signer.sign(bundle(1)), EDGE_INPUTS);
    assertThat(v.accepted()).isTrue();
    assertThat(slot.current()).hasValueSatisfying(b -> {
      assertThat(b.version()).isEqualTo(1);
      assertThat(b.provenance().seed()).isEqualTo(42L);
      assertThat(b.provenance().metrics()).containsEntry("nab_standard", 50.56);
    });
  }

  @Test
  void aTamperedBundleIsRefusedAndThePreviousModelKeepsRunning() {
    ModelSlot slot = new ModelSlot("cpu-anomaly", verifier, 3);
    slot.offer(signer.sign(bundle(1)), EDGE_INPUTS);
    SignedBundle genuine = signer.sign(bundle(2));
    // Same signature, one payload byte changed on the way.
    SignedBundle tampered = new SignedBundle(bundle(2, List.of("service_cpu_utilization"), "model v3"),
        genuine.keyId(), genuine.signature());
    Verdict v = slot.offer(tampered, EDGE_INPUTS);
    assertThat(v.accepted()).isFalse();
    assertThat(v.reason()).contains("signature does not verify");
    assertThat(slot.current()).hasValueSatisfying(b -> assertThat(b.version()).isEqualTo(1));
    assertThat(slot.refusedCount()).isEqualTo(1);
    assertThat(slot.lastEvent()).startsWith("refused v2");
  }

  @Test
  void provenanceIsCoveredBySignature() {
    SignedBundle genuine = signer.sign(bundle(1));
    ModelBundle b = genuine.bundle();
    Provenance forged = new Provenance(b.provenance().trainedFrom(), b.provenance().trainedTo(), b.provenance().trainer(),
        b.provenance().settings(), 43L, b.provenance().metrics());
    SignedBundle relabelled = new SignedBundle(new ModelBundle(b.modelId(), b.version(), b.inputs(), forged, b.payload()),
        genuine.keyId(), genuine.signature());
    assertThat(verifier.verify(relabelled, EDGE_INPUTS).accepted()).isFalse();
  }

  @Test
  void untrustedKeyMissingInputAndReplayAreRefusedWithTheirReason() {
    ModelSlot slot = new ModelSlot("cpu-anomaly", verifier, 3);
    BundleSigner other = new BundleSigner("central-2026", stranger.getPrivate());
    assertThat(slot.offer(other.sign(bundle(1)), EDGE_INPUTS).reason()).contains("signature does not verify");
    BundleSigner unknown = new BundleSigner("rogue", stranger.getPrivate());
    assertThat(slot.offer(unknown.sign(bundle(1)), EDGE_INPUTS).reason()).isEqualTo("untrusted key 'rogue'");
    SignedBundle needsGpu = signer.sign(bundle(1, List.of("gpu_temperature"), "x"));
    assertThat(slot.offer(needsGpu, EDGE_INPUTS).reason()).contains("declared input 'gpu_temperature'");
    assertThat(slot.offer(signer.sign(bundle(5)), EDGE_INPUTS).accepted()).isTrue();
    assertThat(slot.offer(signer.sign(bundle(4)), EDGE_INPUTS).reason()).contains("not newer than the running 5");
    assertThat(slot.refusedCount()).isEqualTo(4);
  }

  @Test
  void aMisbehavingNewModelIsRolledBackByTheEdge() {
    ModelSlot slot = new ModelSlot("cpu-anomaly", verifier, 3);
    slot.offer(signer.sign(bundle(1)), EDGE_INPUTS);
    assertThat(slot.observeAnomalyRate(0.01)).isFalse();
    slot.offer(signer.sign(bundle(2)), EDGE_INPUTS);
    assertThat(slot.observeAnomalyRate(0.02)).isFalse(); // within 3x of v1's rate
    assertThat(slot.observeAnomalyRate(0.20)).isTrue();  // anomaly rate jumps 20x
    assertThat(slot.current()).hasValueSatisfying(b -> assertThat(b.version()).isEqualTo(1));
    assertThat(slot.rollbackCount()).isEqualTo(1);
    assertThat(slot.lastEvent()).contains("rolled back v2 to v1");
    assertThat(slot.rollback("again")).isFalse(); // only one model to fall back to
  }
}
