package io.sextant.alarm.notify.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sextant.alarm.notify.HttpPost;
import io.sextant.alarm.notify.Notification;
import io.sextant.alarm.notify.Notifier;
import io.sextant.alarm.notify.Outcome;
import io.sextant.alarm.notify.RetryPolicy;
import io.sextant.alarm.notify.Retrying;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.alarm.service.ConfigException;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Severity;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMS receiver against a real HTTP gateway on loopback (JDK HttpServer): the exact requests. */
class SmsNotifierIT {
  record Request(String method, String path, String contentType, String apiKey, String userAgent, String body) {}

  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger failFirst = new AtomicInteger();
  HttpServer gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext("/send", x -> {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(x.getRequestMethod(), x.getRequestURI().getPath(),
          x.getRequestHeaders().getFirst("Content-Type"), x.getRequestHeaders().getFirst("X-Api-Key"),
          x.getRequestHeaders().getFirst("User-Agent"), body));
      int code = failFirst.getAndDecrement() > 0 ? 503 : 202;
      x.sendResponseHeaders(code, -1);
      x.close();
    });
    gateway.start();
  }

  @AfterEach
  void stop() {
    gateway.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + gateway.getAddress().getPort() + "/send";
  }

  static Notification notification(String summary) {
    Alarm a = new Alarm("alm-7", "edge-1", T0, "link:pop-1~pop-2", "transmissionError", summary,
        EventType.COMMUNICATIONS_ALARM, Severity.MAJOR, Alarm.State.RAISED, Alarm.AckState.UNACKNOWLEDGED, false, null,
        List.of(), T0, null, 1, "threshold:lossy-links", Labels.of("alertname", "LinkLoss"));
    return new Notification("sms-oncall", "route{}", java.util.Map.of(), List.of(a), "group", T0);
  }

  Notifier receiver(String extra) {
    AlarmServiceConfig config = AlarmServiceConfig.parse("""
        receivers:
          - name: sms-oncall
            type: sms
            url: %s
        %s
        route: {receiver: sms-oncall}
        """.formatted(url(), extra.indent(4)));
    return config.receivers().get("sms-oncall").build(new HttpPost(Duration.ofSeconds(2)), Duration.ofSeconds(2));
  }

  @Test
  void aFormEncodedSmsWithAnApiKeyFromAFile(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("sms.key");
    Files.writeString(key, "k3y-from-file\n");
    Notifier sms = receiver("""
        encoding: form
        secretFile: %s
        headers: {X-Api-Key: "{secret}"}
        fields: {api_user: noc, to: "{to}", text: "{message}"}
        message: "{severity} {site} {resource}: {summary} ({state}, {id})"
        to: ["+33600000001"]
        """.formatted(key));
    Outcome outcome = sms.send(notification("probe packet loss 12%"));
    assertThat(outcome.delivered()).as(outcome.detail()).isTrue();
    assertThat(requests).hasSize(1);
    Request r = requests.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/send");
    assertThat(r.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(r.apiKey()).isEqualTo("k3y-from-file");
    assertThat(r.userAgent()).isEqualTo("Sextant-AlarmEngine");
    // Fields in name order.
    assertThat(r.body()).isEqualTo("api_user=noc&text=major+edge-1+link%3Apop-1%7Epop-2%3A+probe+packet+loss+12%25+"
        + "%28raised%2C+alm-7%29&to=%2B33600000001");
    assertThat(URLDecoder.decode(r.body(), StandardCharsets.UTF_8)).contains("text=major edge-1 link:pop-1~pop-2: "
        + "probe packet loss 12% (raised, alm-7)");
  }

  @Test
  void aJsonSmsIsCutTo160CharactersWithAnEllipsis() {
    Notifier sms = receiver("""
        method: PUT
        to: ["+33600000002"]
        """);
    String longText = "x".repeat(300);
    assertThat(sms.send(notification(longText)).delivered()).isTrue();
    Request r = requests.get(0);
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.contentType()).isEqualTo("application/json");
    String message = "major edge-1 link:pop-1~pop-2: " + "x".repeat(160 - 32) + "…";
    assertThat(message).hasSize(160);
    assertThat(r.body()).isEqualTo("{\"text\":\"" + message + "\",\"to\":\"+33600000002\"}");
  }

  @Test
  void retriesAsEveryHttpReceiverAndDoesNotTextTwiceANumberThatGotIt() {
    Notifier sms = new Retrying(receiver("""
        to: ["+33600000003", "+33600000004"]
        """), new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)), d -> { });
    failFirst.set(1); // the first request (first number) gets 503, then the gateway takes everything
    Outcome outcome = sms.send(notification("down"));
    assertThat(outcome.delivered()).as(outcome.detail()).isTrue();
    assertThat(requests).extracting(r -> r.body().replaceAll(".*\"to\":\"([^\"]+)\".*", "$1"))
        .containsExactly("+33600000003", "+33600000004", "+33600000003");
  }

  @Test
  void aPermanentRefusalIsNotRetried() {
    failFirst.set(0);
    gateway.removeContext("/send");
    gateway.createContext("/send", x -> {
      requests.add(new Request(x.getRequestMethod(), "/send", null, null, null, ""));
      x.sendResponseHeaders(400, -1);
      x.close();
    });
    Notifier sms = new Retrying(receiver("to: ['+1']"), new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)),
        d -> { });
    assertThat(sms.send(notification("x")).status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(requests).hasSize(1);
  }

  @Test
  void anUnknownPlaceholderIsRefusedAtStart() {
    assertThatThrownBy(() -> receiver("message: '{sevrity} {summary}'\nto: ['+1']"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("receivers[0].message: '{sevrity}' is not a placeholder (known: alertname, count, id, resource, "
            + "severity, site, state, summary)");
  }
}
