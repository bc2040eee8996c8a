package io.sextant.alarm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.time.MutableClock;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The documented example configuration, started as the deploy module would start it: a real
 * HTTP receiver for the webhook, the in-process bus for detections, the Alertmanager intake over
 * HTTP; then {@code close()} stops the API.
 */
class AlarmServiceIT {
  static final Instant T0 = Instant.parse("2025-03-03T12:00:00Z"); // a Monday, outside the windows

  @Test
  void startsFromTheExampleConfigAndStopsOnClose() throws Exception {
    List<String> webhook = Collections.synchronizedList(new ArrayList<>());
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      if (exchange.getRequestURI().getPath().equals("/alerts")) {
        webhook.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    String yaml = Files.readString(AlarmServiceConfigTest.example())
        .replace("http://127.0.0.1:9099", "http://127.0.0.1:" + receiver.getAddress().getPort())
        .replace("port: 9093", "port: 0")
        .replace("tickEvery: 1s", "tickEvery: 0");
    MutableClock clock = new MutableClock(T0);
    MessageBus bus = new MessageBus(new InProcessBus());
    List<Alarm> published = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(Topic.ALARMS, "test", published::add);
    HttpClient http = HttpClient.newHttpClient();
    URI api;
    try (AlarmService service = AlarmService.builder(AlarmServiceConfig.parse(yaml)).clock(clock).bus(bus)
        .sleeper(d -> { }).start()) {
      api = service.apiUri();
      // Prometheus → Sextant over HTTP, and a detection over the bus.
      HttpResponse<String> posted = http.send(HttpRequest.newBuilder(api.resolve("/api/v2/alerts"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
              [{"labels":{"alertname":"DiskFull","instance":"node-1","site":"edge-1","severity":"minor"},
                "startsAt":"2025-03-03T11:59:50Z"}]""")).build(), HttpResponse.BodyHandlers.ofString());
      bus.publish(Topic.DETECTIONS, new Detection(null, "edge-2", T0, "ewma", "probe_loss_ratio",
          Labels.of("resource", "path:a>b"), "path:a>b", Detection.State.FIRING, 0.1, 0.001, 9));
      ((InProcessBus) bus.raw()).awaitIdle(Duration.ofSeconds(10));

      assertThat(posted.statusCode()).isEqualTo(200);
      assertThat(service.engine().open()).extracting(Alarm::probableCause)
          .containsExactlyInAnyOrder("DiskFull", "transmissionError");
      assertThat(published).hasSizeGreaterThanOrEqualTo(2);
      // Both wait for the fallback route's 30 s group wait, then go to the webhook.
      clock.set(T0.plusSeconds(31));
      service.pipeline().tick();
      assertThat(webhook).hasSize(2).allSatisfy(body -> assertThat(body).contains("\"version\":\"4\""));
      assertThat(String.join("", webhook)).contains("DiskFull", "transmissionError");
      // The example's windows were stored (in memory here) with "config" as their author.
      assertThat(service.pipeline().suppressions().history()).extracting(e -> e.id() + " by " + e.by())
          .containsExactly("nightly-upgrades by config", "fibre-works by config");
    } finally {
      receiver.stop(0);
      bus.close();
    }
    // A new client: the old one may hold a kept-alive connection that the server's stop has not
    // torn down yet (seen under load); what must be refused is a new connection.
    HttpClient fresh = HttpClient.newHttpClient();
    assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(api.resolve("/tmf-api/alarmManagement/v4/alarm"))
        .build(), HttpResponse.BodyHandlers.discarding())).isInstanceOf(ConnectException.class);
  }
}
