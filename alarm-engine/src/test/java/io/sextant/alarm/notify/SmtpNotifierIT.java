package io.sextant.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.notify.email.SmtpNotifier;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.EventType;
import io.sextant.common.model.Severity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SMTP client against a minimal SMTP server on a loopback socket (a real TCP peer speaking
 * RFC 5321 replies), including a transient 451 and a permanent 550.
 */
class SmtpNotifierIT {
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  static Notification notification() {
    Alarm a = new Alarm("alm-1", "edge-1", T0, "path:a", "transmissionError", "probe packet loss\n.leading dot",
        EventType.COMMUNICATIONS_ALARM, Severity.MAJOR, Alarm.State.RAISED, Alarm.AckState.UNACKNOWLEDGED, false, null,
        List.of(), T0, null, 1, "ewma", Map.of());
    return new Notification("mail", "default{site=edge-1}", Map.of(), List.of(a), "group", T0);
  }

  /** Serves one session; {@code rcptReply} is what RCPT TO gets. Returns the transcript. */
  static CompletableFuture<String> serveOnce(ServerSocket server, String rcptReply) {
    return CompletableFuture.supplyAsync(() -> {
      StringBuilder transcript = new StringBuilder();
      try (Socket s = server.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        out.write("220 test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        boolean data = false;
        String line;
        while ((line = in.readLine()) != null) {
          transcript.append(line).append('\n');
          String reply;
          if (data) {
            if (!line.equals(".")) {
              continue;
            }
            data = false;
            reply = "250 queued";
          } else if (line.startsWith("EHLO")) {
            reply = "250-test\r\n250 8BITMIME";
          } else if (line.startsWith("RCPT")) {
            reply = rcptReply;
          } else if (line.equals("DATA")) {
            data = true;
            reply = "354 go ahead";
          } else if (line.equals("QUIT")) {
            out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
            break;
          } else {
            reply = "250 ok";
          }
          out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (Exception e) {
        transcript.append("server error ").append(e);
      }
      return transcript.toString();
    });
  }

  Outcome sendWith(String rcptReply, StringBuilder transcript) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> session = serveOnce(server, rcptReply);
      Outcome outcome = new SmtpNotifier("127.0.0.1", server.getLocalPort(), "sextant@example.org",
          List.of("noc@example.org"), Duration.ofSeconds(5)).send(notification());
      transcript.append(session.get(5, TimeUnit.SECONDS));
      return outcome;
    }
  }

  @Test
  void sendsAMailWithDotStuffing() throws Exception {
    StringBuilder transcript = new StringBuilder();
    Outcome outcome = sendWith("250 ok", transcript);

    assertThat(outcome.delivered()).isTrue();
    assertThat(transcript.toString())
        .contains("MAIL FROM:<sextant@example.org>", "RCPT TO:<noc@example.org>", "Subject: [FIRING:1] default{site=edge-1}")
        .contains("\n..leading dot\n", "MAJOR transmissionError on path:a")
        .contains("QUIT");
  }

  @Test
  void a4xxReplyIsRetryableAndA5xxIsNot() throws Exception {
    assertThat(sendWith("451 try later", new StringBuilder()).status()).isEqualTo(Outcome.Status.RETRY);
    Outcome permanent = sendWith("550 no such user", new StringBuilder());
    assertThat(permanent.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(permanent.detail()).contains("550 no such user");
  }

  @Test
  void nobodyListeningIsRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Outcome outcome = new SmtpNotifier("127.0.0.1", port, "a@b.c", List.of("d@e.f"), Duration.ofSeconds(2))
        .send(notification());
    assertThat(outcome.status()).isEqualTo(Outcome.Status.RETRY);
  }
}
