package io.sextant.deploy.lab.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.actuator.hook.WebhookSignature;
import io.sextant.common.time.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lab's GPU nodes: what their exporters answer as a node fails, and what their hook refuses. */
class GpuNodesTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T17:00:00Z"));
  final HttpClient http = HttpClient.newHttpClient();
  GpuNodes gpus;

  @AfterEach
  void close() {
    if (gpus != null) {
      gpus.close();
    }
  }

  @Test
  void aNodeFallingOffTheBusReportsXid79ThenLosesTheGpuFromItsAnswer() throws Exception {
    gpus = GpuNodes.start("edge-1", 2, "inference", "127.0.0.1", clock);
    String node = gpus.nodeIds().get(0);
    String healthy = get(gpus.metricsUrl(node));
    assertThat(healthy).contains("# TYPE DCGM_FI_DEV_ECC_DBE_VOL_TOTAL counter")
        .contains("DCGM_FI_DEV_XID_ERRORS{gpu=\"0\",UUID=\"GPU-").contains("modelName=\"NVIDIA A100-SXM4-40GB\"")
        .contains("Hostname=\"edge-1-gpu-node-1\"").contains("pod=\"inference-0\"");
    assertThat(healthy.lines().filter(l -> l.startsWith("DCGM_FI_DEV_XID_ERRORS{")))
        .allSatisfy(l -> assertThat(l).endsWith(" 0"));

    gpus.fail(node, GpuNodes.Failure.FALLEN_OFF_BUS);
    assertThat(get(gpus.metricsUrl(node)).lines().filter(l -> l.startsWith("DCGM_FI_DEV_XID_ERRORS{gpu=\"0\"")))
        .singleElement().satisfies(l -> assertThat(l).endsWith(" 79"));
    assertThat(get(gpus.workloadUrl("edge-1/inference"))).contains("workload_gpu_ready{").endsWith(" 0\n");
    clock.advance(Duration.ofMillis(GpuNodes.XID_BEFORE_VANISH_MS));
    String gone = get(gpus.metricsUrl(node));
    assertThat(gone).doesNotContain("gpu=\"0\"").contains("gpu=\"1\"");
    assertThat(get(gpus.metricsUrl(gpus.nodeIds().get(1)))).contains("gpu=\"0\"");
  }

  @Test
  void theHookRefusesWhatIsNotSignedWithItsSecretAndCountsIt() throws Exception {
    gpus = GpuNodes.start("edge-1", 2, "inference", "127.0.0.1", clock);
    String body = "{\"id\":\"act-1\",\"data\":{\"operation\":\"apply\",\"action\":{\"kind\":\"MIGRATE\","
        + "\"target\":\"node:edge-1/gpu-node-1\",\"params\":{\"to\":\"edge-1/gpu-node-2\"}}}}";
    assertThat(post(body, null).statusCode()).isEqualTo(401);
    WebhookSignature other = WebhookSignature.ofSecret("whsec_" + java.util.Base64.getEncoder()
        .encodeToString(new byte[32]));
    assertThat(post(body, other).statusCode()).isEqualTo(401);
    assertThat(post("{\"id\":\"act-2\",\"data\":{\"action\":{\"kind\":\"REROUTE\"}}}",
        WebhookSignature.ofSecret(gpus.secret())).statusCode()).isEqualTo(400);
    assertThat(gpus.refused()).isEqualTo(3);
    assertThat(gpus.moves()).isEmpty();

    HttpResponse<String> ok = post(body, WebhookSignature.ofSecret(gpus.secret()));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"outcome\":\"done\"");
    assertThat(gpus.placement()).containsEntry("edge-1/inference", "edge-1/gpu-node-2");
    assertThat(post(body, WebhookSignature.ofSecret(gpus.secret())).body()).as("a retry").contains("already done");
    assertThat(gpus.moves()).hasSize(1);
  }

  private String get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private HttpResponse<String> post(String body, WebhookSignature sign) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gpus.hookUrl()))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (sign != null) {
      String id = "msg-" + body.hashCode();
      b.header(WebhookSignature.ID, id).header(WebhookSignature.TIMESTAMP, Long.toString(clock.instant().getEpochSecond()))
          .header(WebhookSignature.SIGNATURE, sign.sign(id, clock.instant(), body.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
