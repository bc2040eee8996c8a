package io.sextant.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.escalate.EscalationPolicy;
import io.sextant.alarm.flap.FlapDetector;
import io.sextant.alarm.notify.cloudevents.CloudEventsNotifier;
import io.sextant.alarm.notify.pagerduty.PagerDutyNotifier;
import io.sextant.alarm.notify.slack.SlackNotifier;
import io.sextant.alarm.notify.webhook.WebhookNotifier;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.silence.Suppressions;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP receivers against a real HTTP server on loopback, through the whole pipeline (engine,
 * routing, group flush, retry stage): a webhook that works, one that fails twice with 503 and then
 * succeeds (retried with capped backoff), one that answers 400 (not retried), and the Slack,
 * PagerDuty and CloudEvents formats.
 */
class HttpReceiversIT {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();
  static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300));

  final MutableClock clock = new MutableClock(T0);
  final List<Duration> waits = new ArrayList<>();
  ReceiverServer peer;
  NotificationPipeline pipeline;
  AlarmEngine engine;

  @BeforeEach
  void start() throws Exception {
    peer = new ReceiverServer()
        .path("/ok", n -> 200)
        .path("/flaky", n -> n <= 2 ? 503 : 200)
        .path("/bad", n -> 400)
        .path("/slack", n -> 200)
        .path("/pagerduty", n -> 202)
        .path("/cloudevents", n -> 202);
    HttpPost http = new HttpPost(Duration.ofSeconds(5));
    Map<String, Notifier> receivers = new LinkedHashMap<>();
    receivers.put("ok", new WebhookNotifier(peer.uri("/ok"), "http://sextant.example", http));
    receivers.put("flaky", new WebhookNotifier(peer.uri("/flaky"), "http://sextant.example", http));
    receivers.put("bad", new WebhookNotifier(peer.uri("/bad"), "http://sextant.example", http));
    receivers.put("slack", new SlackNotifier(peer.uri("/slack"), http));
    receivers.put("pagerduty", new PagerDutyNotifier(peer.uri("/pagerduty"), "R0UTINGKEY", http));
    receivers.put("cloudevents", new CloudEventsNotifier(peer.uri("/cloudevents"), "/sextant/test", http));
    List<Route> routes = new ArrayList<>();
    for (String name : receivers.keySet()) {
      routes.add(Route.to(name, name, List.of(), List.of("site"))
          .timings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofHours(1)).andContinue());
    }
    pipeline = new NotificationPipeline(clock, new Router(routes, routes.get(0)),
        NotificationPipeline.withRetry(receivers, RETRY, waits::add), Suppressions.none(), FlapDetector.defaults(),
        EscalationPolicy.NONE);
    engine = new AlarmEngine(clock, pipeline, AlarmCatalog.defaults());
  }

  @AfterEach
  void stop() {
    peer.close();
  }

  Map<String, Outcome> tickAt(int seconds) {
    clock.set(T0.plusSeconds(seconds));
    Map<String, Outcome> out = new LinkedHashMap<>();
    pipeline.tick().forEach(d -> out.put(d.notification().receiver(), d.outcome()));
    return out;
  }

  void detection(int seconds, Detection.State state) {
    clock.set(T0.plusSeconds(seconds));
    engine.onDetection(new Detection(null, "edge-1", T0.plusSeconds(seconds), "ewma", "probe_loss_ratio",
        Labels.of("resource", "path:a>b"), "path:a>b", state, 0.12, 0.001, 8.5));
  }

  @Test
  void webhookDeliversRetriesTransientFailuresAndStopsOnA400() throws Exception {
    detection(1, Detection.State.FIRING);
    Map<String, Outcome> outcomes = tickAt(11);

    assertThat(outcomes.get("ok").status()).isEqualTo(Outcome.Status.DELIVERED);
    assertThat(outcomes.get("flaky").status()).isEqualTo(Outcome.Status.DELIVERED);
    assertThat(outcomes.get("flaky").detail()).endsWith("(attempt 3)");
    assertThat(peer.requests("/flaky")).hasSize(3);
    assertThat(outcomes.get("bad").status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcomes.get("bad").detail()).contains("HTTP 400").endsWith("(attempt 1)");
    assertThat(peer.requests("/bad")).hasSize(1);
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));

    Alarm alarm = engine.open().get(0);
    ReceiverServer.Request request = peer.requests("/ok").get(0);
    assertThat(request.contentType()).isEqualTo("application/json");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("version").asText()).isEqualTo("4");
    assertThat(body.get("status").asText()).isEqualTo("firing");
    assertThat(body.get("receiver").asText()).isEqualTo("ok");
    assertThat(body.get("groupLabels").get("site").asText()).isEqualTo("edge-1");
    JsonNode alert = body.get("alerts").get(0);
    assertThat(alert.get("fingerprint").asText()).isEqualTo(alarm.id());
    assertThat(alert.get("labels").get("alertname").asText()).isEqualTo("transmissionError");
    assertThat(alert.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
  }

  @Test
  void aDeliveryThatFailedIsTriedAgainAtTheNextFlushWhileDeliveredOnesAreNotRepeated() {
    detection(1, Detection.State.FIRING);
    tickAt(11);
    Map<String, Outcome> next = tickAt(71);

    assertThat(next).containsOnlyKeys("bad");
    assertThat(peer.requests("/bad")).hasSize(2);
    assertThat(peer.requests("/ok")).hasSize(1);
  }

  @Test
  void slackPagerDutyAndCloudEventsFormats() throws Exception {
    detection(1, Detection.State.FIRING);
    tickAt(11);
    Alarm alarm = engine.open().get(0);
    detection(20, Detection.State.RESOLVED);
    tickAt(71);

    JsonNode slack = JSON.readTree(peer.requests("/slack").get(0).body());
    assertThat(slack.get("text").asText()).startsWith("[FIRING:1]");
    assertThat(slack.get("attachments").get(0).get("color").asText()).isEqualTo("danger");
    assertThat(JSON.readTree(peer.requests("/slack").get(1).body()).get("attachments").get(0).get("color").asText())
        .isEqualTo("good");

    List<ReceiverServer.Request> pd = peer.requests("/pagerduty");
    assertThat(pd).hasSize(2);
    JsonNode trigger = JSON.readTree(pd.get(0).body());
    assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
    assertThat(trigger.get("dedup_key").asText()).isEqualTo(alarm.key());
    assertThat(trigger.get("routing_key").asText()).isEqualTo("R0UTINGKEY");
    assertThat(trigger.get("payload").get("severity").asText()).isEqualTo("error");
    JsonNode resolve = JSON.readTree(pd.get(1).body());
    assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.get("dedup_key").asText()).isEqualTo(alarm.key());

    ReceiverServer.Request ce = peer.requests("/cloudevents").get(0);
    assertThat(ce.contentType()).startsWith("application/cloudevents+json");
    JsonNode event = JSON.readTree(ce.body());
    assertThat(event.get("specversion").asText()).isEqualTo("1.0");
    assertThat(event.get("type").asText()).isEqualTo(CloudEventsNotifier.TYPE);
    assertThat(event.get("source").asText()).isEqualTo("/sextant/test");
    assertThat(event.get("id").asText()).isNotBlank();
    assertThat(event.get("data").get("alerts").get(0).get("fingerprint").asText()).isEqualTo(alarm.id());
  }
}
