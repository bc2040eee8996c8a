package io.sextant.alarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Diagnosis;
import io.sextant.common.model.FaultKind;
import io.sextant.common.model.Labels;
import io.sextant.common.time.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TMF642 API on a real embedded server (random port) around an engine fed a link-loss
 * timeline: two path alarms grouped under a diagnosed link root.
 */
class AlarmApiIT {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  static final String LINK = "link:pop-1~pop-2";
  static final String AB = "path:edge-1>edge-2";
  static final String AC = "path:edge-1>edge-3";
  static final ObjectMapper JSON = new ObjectMapper();

  final MutableClock clock = new MutableClock(T0);
  final List<Alarm> changes = new ArrayList<>();
  final AlarmEngine engine = new AlarmEngine(clock, changes::add, AlarmCatalog.defaults());
  AlarmApiServer server;
  HttpClient client;
  String rootId;
  String pathId;

  @BeforeEach
  void start() throws Exception {
    engine.onDetection(firing(10, AB));
    engine.onDetection(firing(12, AC));
    engine.onDiagnosis(new Diagnosis(null, "central", T0.plusSeconds(30), FaultKind.LINK_LOSS, LINK, 0.93,
        List.of(AB, AC), Map.of("loss_ratio", 0.12), "link-locator"));
    rootId = Alarm.idFor(LINK, "transmissionError", T0.plusSeconds(30));
    pathId = Alarm.idFor(AB, "transmissionError", T0.plusSeconds(10));
    clock.set(T0.plusSeconds(40));
    server = AlarmApiServer.start(engine, 0);
    client = HttpClient.create(server.uri().toURL());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static Detection firing(int seconds, String path) {
    return new Detection(null, "edge-1", T0.plusSeconds(seconds), "ewma", "probe_loss_ratio",
        Labels.of("resource", path), path, Detection.State.FIRING, 0.12, 0.001, 8.5);
  }

  record Answer(int status, JsonNode body) {}

  Answer send(HttpRequest<?> request) throws IOException {
    try {
      HttpResponse<String> ok = client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
      return new Answer(ok.code(), JSON.readTree(ok.body()));
    } catch (HttpClientResponseException e) {
      return new Answer(e.code(), JSON.readTree(e.getResponse().getBody(String.class).orElse("null")));
    }
  }

  Answer get(String path) throws IOException {
    return send(HttpRequest.GET("/tmf-api/alarmManagement/v4/alarm" + path));
  }

  Answer post(String path, String json) throws IOException {
    return send(HttpRequest.POST("/tmf-api/alarmManagement/v4/alarm" + path, json)
        .contentType(MediaType.APPLICATION_JSON_TYPE));
  }

  @Test
  void serverBindsTheRandomPortItReports() {
    assertThat(server.port()).isPositive();
    assertThat(server.uri().getPort()).isEqualTo(server.port());
  }

  @Test
  void listsAllAlarmsAndFilters() throws IOException {
    assertThat(get("").body()).hasSize(3);
    assertThat(get("?isRootCause=true").body()).singleElement()
        .satisfies(a -> assertThat(a.get("id").asText()).isEqualTo(rootId));
    assertThat(get("?perceivedSeverity=major&isRootCause=false").body()).hasSize(2);
    assertThat(get("?state=cleared").body()).isEmpty();
  }

  @Test
  void anUnknownFilterValueIs400NamingTheParameter() throws IOException {
    Answer answer = get("?state=open");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("message").asText())
        .isEqualTo("state must be one of raised, updated, cleared, got 'open'");
  }

  @Test
  void oneAlarmMatchesTheGoldenTmf642Json() throws IOException {
    clock.set(T0.plusSeconds(35));
    engine.comment(rootId, "bob", "carrier ticket 4711 opened");

    Answer answer = get("/" + rootId);

    assertThat(answer.status()).isEqualTo(200);
    try (InputStream golden = getClass().getResourceAsStream("/golden/tmf642-alarm.json")) {
      assertThat(answer.body()).isEqualTo(JSON.readTree(golden));
    }
  }

  @Test
  void aGroupedSymptomNamesItsParent() throws IOException {
    JsonNode path = get("/" + pathId).body();

    assertThat(path.get("isRootCause").asBoolean()).isFalse();
    assertThat(path.get("parentAlarm").get(0).get("id").asText()).isEqualTo(rootId);
    assertThat(path.get("alarmType").asText()).isEqualTo("communicationsAlarm");
    assertThat(path.has("alarmClearedTime")).isFalse();
  }

  @Test
  void ungroupThenGroupAgainAsTmf642Tasks() throws IOException {
    String task = "{\"parentAlarm\":{\"id\":\"" + rootId + "\"},\"correlatedAlarm\":[{\"id\":\"" + pathId
        + "\"}],\"userId\":\"alice\"}";
    Answer ungrouped = send(HttpRequest.POST("/tmf-api/alarmManagement/v4/unGroupAlarms", task)
        .contentType(MediaType.APPLICATION_JSON_TYPE));

    assertThat(ungrouped.status()).isEqualTo(201);
    assertThat(ungrouped.body().get("state").asText()).isEqualTo("done");
    assertThat(get("/" + pathId).body().path("parentAlarm").isEmpty()).isTrue();
    assertThat(get("/" + rootId).body().get("correlatedAlarm")).extracting(JsonNode::toString)
        .asString().doesNotContain(pathId);

    Answer grouped = send(HttpRequest.POST("/tmf-api/alarmManagement/v4/groupAlarms", task)
        .contentType(MediaType.APPLICATION_JSON_TYPE));
    assertThat(grouped.status()).isEqualTo(201);
    assertThat(get("/" + pathId).body().get("parentAlarm").get(0).get("id").asText()).isEqualTo(rootId);

    Answer cycle = send(HttpRequest.POST("/tmf-api/alarmManagement/v4/groupAlarms", "{\"parentAlarm\":{\"id\":\""
        + pathId + "\"},\"correlatedAlarm\":[{\"id\":\"" + rootId + "\"}],\"userId\":\"alice\"}")
        .contentType(MediaType.APPLICATION_JSON_TYPE));
    assertThat(cycle.status()).isEqualTo(400);
    assertThat(cycle.body().toString()).contains("cycle");
    assertThat(server.counters().rejected("invalid_request")).isEqualTo(1);
  }

  @Test
  void ackThenAckAgainIsAConflict() throws IOException {
    Answer acked = post("/" + pathId + "/ack", "{\"userId\":\"alice\"}");
    assertThat(acked.status()).isEqualTo(200);
    assertThat(acked.body().get("ackState").asText()).isEqualTo("acknowledged");
    assertThat(engine.get(pathId).orElseThrow().ackState()).isEqualTo(Alarm.AckState.ACKNOWLEDGED);

    Answer again = post("/" + pathId + "/ack", "{\"userId\":\"alice\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().get("message").asText()).isEqualTo("alarm " + pathId + " is already acknowledged");

    Answer unacked = post("/" + pathId + "/unack", "{\"userId\":\"alice\"}");
    assertThat(unacked.body().get("ackState").asText()).isEqualTo("unacknowledged");
  }

  @Test
  void clearSetsTheClearedTimeAndSeverity() throws IOException {
    Answer cleared = post("/" + rootId + "/clear", "{\"userId\":\"noc\"}");

    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.body().get("state").asText()).isEqualTo("cleared");
    assertThat(cleared.body().get("perceivedSeverity").asText()).isEqualTo("cleared");
    assertThat(cleared.body().get("alarmClearedTime").asText()).isEqualTo("2025-03-01T12:00:40Z");
    assertThat(engine.open()).extracting(Alarm::id).doesNotContain(rootId);
  }

  @Test
  void commentIsShownOnTheAlarm() throws IOException {
    Answer commented = post("/" + pathId + "/comment", "{\"userId\":\"bob\",\"comment\":\"looking\"}");

    assertThat(commented.status()).isEqualTo(200);
    assertThat(commented.body().get("comment").get(0).get("comment").asText()).isEqualTo("looking");
    assertThat(commented.body().get("comment").get(0).get("userId").asText()).isEqualTo("bob");
  }

  @Test
  void anUnknownIdIs404WithAMessage() throws IOException {
    Answer get = get("/alm-0000000000000000");
    Answer ack = post("/alm-0000000000000000/ack", "{\"userId\":\"alice\"}");

    assertThat(get.status()).isEqualTo(404);
    assertThat(get.body().get("message").asText()).isEqualTo("no alarm with id 'alm-0000000000000000'");
    assertThat(ack.status()).isEqualTo(404);
  }

  @Test
  void aBodyWithoutUserIs400NamingTheField() throws IOException {
    Answer answer = post("/" + pathId + "/ack", "{}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("message").asText()).isEqualTo("userId is required and must not be blank");
    assertThat(engine.get(pathId).orElseThrow().ackState()).isEqualTo(Alarm.AckState.UNACKNOWLEDGED);
  }

  @Test
  void malformedJsonIs400WithAMessage() throws IOException {
    Answer answer = post("/" + pathId + "/ack", "{\"userId\":");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("status").asInt()).isEqualTo(400);
    assertThat(answer.body().get("message").asText()).startsWith("request body is not valid JSON: ");
  }

  @Test
  void aMissingBodyIs400WithAMessage() throws IOException {
    Answer answer = post("/" + pathId + "/ack", "");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("status").asInt()).isEqualTo(400);
    assertThat(answer.body().get("message").asText()).isEqualTo("Required Body [request] not specified");
  }

  @Test
  void aBodyOfTheWrongShapeIs400WithAMessage() throws IOException {
    Answer answer = post("/" + pathId + "/ack", "{\"userId\":{\"a\":1}}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("status").asInt()).isEqualTo(400);
    assertThat(answer.body().get("message").asText()).startsWith("request field 'request' is malformed: ");
    assertThat(engine.get(pathId).orElseThrow().ackState()).isEqualTo(Alarm.AckState.UNACKNOWLEDGED);
  }
}
