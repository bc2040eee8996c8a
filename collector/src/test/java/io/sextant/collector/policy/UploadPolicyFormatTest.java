package io.sextant.collector.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.outbox.Outbox;
import io.sextant.collector.outbox.OutboxConfig;
import io.sextant.common.codec.JsonCodec;
import io.sextant.common.model.UploadPolicy;
import io.sextant.common.model.UploadPolicy.Mode;
import io.sextant.common.model.UploadPolicy.Rule;
import io.sextant.common.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the upload policy's wire and saved form: it crosses the bus from the centre and is kept in
 * the outbox file across edge upgrades, so a newer edge must read what an older centre sent and an
 * older edge saved.
 */
class UploadPolicyFormatTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  @TempDir Path dir;

  static String golden() throws Exception {
    try (var in = UploadPolicyFormatTest.class.getResourceAsStream("/golden/upload-policy-v1.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  static UploadPolicy policy() {
    return new UploadPolicy(null, "edge-1", T, 3, Mode.RAW, List.of(
        new Rule("subscriber_*", Map.of("slice", "private"), Mode.LOCAL_ONLY),
        new Rule("host_disk_*", Map.of(), Mode.AGGREGATE)), List.of("imsi"), Duration.ofMinutes(5));
  }

  @Test
  void encodesToTheV1Form() throws Exception {
    assertThat(JsonCodec.get().encodeToString(policy())).isEqualTo(golden());
  }

  @Test
  void anEdgeStartsWithAPolicySavedInTheV1Form() throws Exception {
    Path file = dir.resolve("o.db");
    try (Outbox o = new Outbox(OutboxConfig.defaults(file), new MutableClock(T))) {
      o.save(UploadPolicyEngine.STATE_POLICY, golden().getBytes(StandardCharsets.UTF_8));
    }
    try (Outbox o = new Outbox(OutboxConfig.defaults(file), new MutableClock(T))) {
      assertThat(new UploadPolicyEngine("edge-1", o).current()).contains(policy());
    }
  }
}
