package io.sextant.alarm.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sextant.alarm.api.Tmf642Alarm;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Severity;
import io.sextant.common.time.MutableClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub posts each alarm change its listeners' filters select, retries a failing listener, refuses bad URLs. */
class AlarmHubTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  final List<String> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failFirst = new AtomicInteger();
  HttpServer server;
  AlarmHub hub;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/events", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (failFirst.getAndDecrement() > 0) {
        ex.sendResponseHeaders(503, -1);
      } else {
        received.add(body);
        ex.sendResponseHeaders(204, -1);
      }
      ex.close();
    });
    server.start();
    hub = new AlarmHub(new MutableClock(T), a -> Tmf642Alarm.from(a, List.of()));
  }

  @AfterEach
  void stop() {
    hub.close();
    server.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
  }

  static Alarm alarm(Alarm.State state, Severity severity) {
    return new Alarm(Alarm.idFor("path:a>b", "transmissionError", T), "central", T, "path:a>b", "transmissionError",
        "loss", EventType.COMMUNICATIONS_ALARM, severity, state, Alarm.AckState.UNACKNOWLEDGED, false, null, List.of(),
        T, state == Alarm.State.CLEARED ? T.plusSeconds(60) : null, 1, "ewma", Labels.of("site", "a"));
  }

  @Test
  void eachSelectedChangeIsPostedAsATmf642Event() {
    hub.register(url(), "perceivedSeverity=major", a -> a.perceivedSeverity() == Severity.MAJOR);
    hub.changed(alarm(Alarm.State.RAISED, Severity.MAJOR));
    hub.changed(new Alarm(Alarm.idFor("node:x", "cpu", T), "central", T, "node:x", "cpu", "cpu",
        EventType.QUALITY_OF_SERVICE_ALARM, Severity.MINOR, Alarm.State.RAISED, Alarm.AckState.UNACKNOWLEDGED, false,
        null, List.of(), T, null, 1, "ewma", Labels.of())); // not selected
    hub.changed(alarm(Alarm.State.CLEARED, Severity.CLEARED)); // followed: its raise was selected
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
    assertThat(received.get(0)).contains("\"eventType\":\"AlarmCreateEvent\"", "\"alarmedObject\":{\"id\":\"path:a>b\"}");
    assertThat(received.get(1)).contains("\"eventType\":\"AlarmStateChangeEvent\"", "\"state\":\"cleared\"");
    assertThat(hub.deliveredCount()).isEqualTo(2);
  }

  @Test
  void aFailingListenerIsRetried() {
    failFirst.set(2);
    hub.register(url(), null, a -> true);
    hub.changed(alarm(Alarm.State.RAISED, Severity.MAJOR));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    assertThat(hub.droppedCount()).isZero();
  }

  @Test
  void aCallbackThatIsNotAnHttpUrlIsRefused() {
    assertThatThrownBy(() -> hub.register("ftp://x/y", null, a -> true)).hasMessageContaining("http or https");
    assertThatThrownBy(() -> hub.register("not a url", null, a -> true)).isInstanceOf(IllegalArgumentException.class);
  }
}
