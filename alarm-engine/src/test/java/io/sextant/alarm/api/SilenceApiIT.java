package io.sextant.alarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.escalate.EscalationPolicy;
import io.sextant.alarm.flap.FlapDetector;
import io.sextant.alarm.ingest.AlertIntake;
import io.sextant.alarm.notify.NotificationPipeline;
import io.sextant.alarm.notify.Outcome;
import io.sextant.alarm.notify.Route;
import io.sextant.alarm.notify.Router;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.alarm.silence.InMemorySilenceStore;
import io.sextant.alarm.silence.Suppressions;
import io.sextant.common.time.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Silence endpoints and the suppression explanation over a real embedded server. */
class SilenceApiIT {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  final MutableClock clock = new MutableClock(T0);
  final HttpClient http = HttpClient.newHttpClient();
  NotificationPipeline pipeline;
  AlarmEngine engine;
  AlarmApiServer server;

  @BeforeEach
  void start() {
    pipeline = new NotificationPipeline(clock, new Router(List.of(), Route.to("default", "noc", List.of(), List.of())),
        Map.of("noc", n -> Outcome.delivered("")), new Suppressions(List.of(), new InMemorySilenceStore(), clock),
        FlapDetector.defaults(), EscalationPolicy.NONE);
    engine = new AlarmEngine(clock, pipeline, AlarmCatalog.defaults());
    server = AlarmApiServer.start(engine, "127.0.0.1", 0, new AlertIntake(engine), pipeline);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void createExplainListAndExpireASilence() throws Exception {
    send("POST", "/api/v2/alerts", "[{\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"n1\"},\"startsAt\":\""
        + T0 + "\"}]");
    String alarmId = engine.open().get(0).id();

    HttpResponse<String> created = send("POST", "/api/v2/silences", """
        {"matchers":[{"name":"instance","value":"n.*","isRegex":true}],"endsAt":"2025-03-01T14:00:00Z",
         "createdBy":"alice","comment":"disk swap"}""");
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(send("POST", "/api/v2/silences", """
        {"matchers":[{"name":"instance","value":"n1"}],"endsAt":"2025-03-01T14:00:00Z","createdBy":"alice",
         "id":"no-such-silence"}""").statusCode()).as("an update of an unknown silence, as Alertmanager").isEqualTo(404);
    String silenceId = JSON.readTree(created.body()).get("silenceID").asText();

    JsonNode why = JSON.readTree(send("GET", "/api/v2/suppression/" + alarmId, null).body());
    assertThat(why.get("suppressed").asBoolean()).isTrue();
    assertThat(why.get("kind").asText()).isEqualTo("SILENCED");
    assertThat(why.get("by").asText()).isEqualTo(silenceId);

    JsonNode list = JSON.readTree(send("GET", "/api/v2/silences", null).body());
    assertThat(list.get(0).get("status").get("state").asText()).isEqualTo("active");
    assertThat(list.get(0).get("matchers").get(0).get("isRegex").asBoolean()).isTrue();

    clock.set(T0.plusSeconds(60));
    assertThat(send("DELETE", "/api/v2/silence/" + silenceId + "?by=bob", null).statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(send("GET", "/api/v2/suppression/" + alarmId, null).body()).get("suppressed").asBoolean())
        .isFalse();
    assertThat(send("DELETE", "/api/v2/silence/nope", null).statusCode()).isEqualTo(404);
    assertThat(pipeline.suppressions().history()).extracting(e -> e.action() + " by " + e.by() + " at " + e.at())
        .containsExactly("CREATED by alice at " + T0, "EXPIRED by bob at " + T0.plusSeconds(60));
    assertThat(server.counters().rejected("unknown_silence")).as("the update of an unknown one and the DELETE").isEqualTo(2);
  }

  @Test
  void invalidSilencesAre400NamingTheProblem() throws Exception {
    HttpResponse<String> badRegex = send("POST", "/api/v2/silences", """
        {"matchers":[{"name":"instance","value":"(","isRegex":true}],"endsAt":"2025-03-01T14:00:00Z","createdBy":"a"}""");
    HttpResponse<String> noMatchers = send("POST", "/api/v2/silences", "{\"endsAt\":\"2025-03-01T14:00:00Z\"}");
    HttpResponse<String> noAuthor = send("POST", "/api/v2/silences", """
        {"matchers":[{"name":"a","value":"b"}],"endsAt":"2025-03-01T14:00:00Z"}""");
    HttpResponse<String> backwards = send("POST", "/api/v2/silences", """
        {"matchers":[{"name":"a","value":"b"}],"endsAt":"2025-03-01T11:00:00Z","createdBy":"a"}""");

    assertThat(List.of(badRegex, noMatchers, noAuthor, backwards)).allSatisfy(r -> assertThat(r.statusCode())
        .isEqualTo(400));
    assertThat(badRegex.body()).contains("invalid regex");
    assertThat(noMatchers.body()).contains("matchers is required");
    assertThat(noAuthor.body()).contains("createdBy is required");
    assertThat(backwards.body()).contains("must be after startsAt");
    assertThat(send("GET", "/api/v2/suppression/unknown", null).statusCode()).isEqualTo(404);
    assertThat(server.counters().rejectedByReason()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "invalid_matcher", 1L, "invalid_silence", 3L, "unknown_alarm", 1L));
  }
}
