package io.sextant.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.alarm.notify.webhook.WebhookPayload;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Severity;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Alertmanager webhook v4 payload is a wire format: pinned by a golden file. */
class WebhookPayloadTest {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  static Notification notification() {
    Alarm root = new Alarm("alm-root", "central", T0.plusSeconds(30), "link:pop-1~pop-2", "transmissionError",
        "packet loss on inter-cloud link: estimated loss_ratio=0.12; confidence 0.93; explains 2 symptom resources",
        EventType.COMMUNICATIONS_ALARM, Severity.CRITICAL, Alarm.State.RAISED, Alarm.AckState.UNACKNOWLEDGED, true,
        null, List.of("alm-a", "alm-b"), T0.plusSeconds(30), null, 1, "link-locator", Labels.of("diagnosis", "dia-1"));
    Alarm cleared = new Alarm("alm-disk", "edge-1", T0.plusSeconds(90), "node-7", "DiskFull", "DiskFull: disk full",
        EventType.QUALITY_OF_SERVICE_ALARM, Severity.CLEARED, Alarm.State.CLEARED, Alarm.AckState.ACKNOWLEDGED, false,
        null, List.of(), T0, T0.plusSeconds(90), 3, "alertmanager-api", Labels.of("alertname", "DiskFull",
            "instance", "node-7", "severity", "critical"));
    return new Notification("noc", "default{}", Map.of(), List.of(root, cleared), "group", T0.plusSeconds(100));
  }

  @Test
  void matchesTheGoldenFile() throws Exception {
    try (InputStream golden = getClass().getResourceAsStream("/golden/webhook-v4.json")) {
      assertThat(WebhookPayload.of(notification(), "http://sextant.example:8080"))
          .isEqualTo(JSON.readTree(golden));
    }
  }
}
