package io.sextant.alarm.notify.email;

import io.sextant.alarm.notify.Notification;
import io.sextant.alarm.notify.Notifier;
import io.sextant.alarm.notify.Outcome;
import io.sextant.common.model.Alarm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Sends one plain-text mail per notification. SMTP reply classes map to outcomes: 4xx
 * (transient, e.g. greylisting) and connection failures retry; 5xx (mailbox unknown, relay
 * denied) is permanent.
 */
public final class SmtpNotifier implements Notifier {
  private final String host;
  private final int port;
  private final String from;
  private final List<String> to;
  private final Duration timeout;

  public SmtpNotifier(String host, int port, String from, List<String> to, Duration timeout) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.from = requireAddress(from);
    this.to = List.copyOf(to);
    if (this.to.isEmpty()) {
      throw new IllegalArgumentException("an e-mail receiver needs at least one recipient");
    }
    this.to.forEach(SmtpNotifier::requireAddress);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public Outcome send(Notification n) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      expect(in, 220, "greeting");
      command(in, out, "EHLO sextant", 250);
      command(in, out, "MAIL FROM:<" + from + ">", 250);
      for (String rcpt : to) {
        command(in, out, "RCPT TO:<" + rcpt + ">", 250);
      }
      command(in, out, "DATA", 354);
      write(out, message(n));
      command(in, out, ".", 250);
      command(in, out, "QUIT", 221);
      return Outcome.delivered("mail accepted by " + host + ":" + port);
    } catch (SmtpReply e) {
      return e.code >= 500 ? Outcome.failed(e.getMessage()) : Outcome.retry(e.getMessage());
    } catch (IOException e) {
      return Outcome.retry("SMTP to " + host + ":" + port + " failed: " + e);
    }
  }

  /** Headers and body with CRLF line ends and dot-stuffing, without the final ".". */
  String message(Notification n) {
    StringBuilder m = new StringBuilder();
    m.append("From: ").append(from).append("\r\n");
    m.append("To: ").append(String.join(", ", to)).append("\r\n");
    m.append("Subject: [").append(n.status().toUpperCase(Locale.ROOT)).append(':').append(n.alarms().size())
        .append("] ").append(oneLine(n.groupKey())).append("\r\n");
    m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(n.at().atOffset(ZoneOffset.UTC)))
        .append("\r\n");
    m.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
    m.append("Reason: ").append(n.reason()).append("\r\n\r\n");
    for (Alarm a : n.alarms()) {
      line(m, (a.cleared() ? "CLEARED " : a.perceivedSeverity() + " ") + a.probableCause() + " on " + a.resource());
      line(m, "  " + a.specificProblem());
      line(m, "  alarm " + a.id() + ", raised " + a.raisedTime() + (a.cleared() ? ", cleared " + a.clearedTime() : "")
          + (a.rootCause() ? ", root cause of " + a.correlatedAlarmIds().size() + " alarms" : ""));
    }
    return m.toString();
  }

  private static void line(StringBuilder m, String text) {
    for (String l : text.split("\r?\n", -1)) {
      m.append(l.startsWith(".") ? "." + l : l).append("\r\n");
    }
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\r\n]+", " ");
  }

  private static void command(BufferedReader in, OutputStream out, String line, int expected) throws IOException {
    write(out, line + "\r\n");
    expect(in, expected, line.startsWith("RCPT") || line.startsWith("MAIL") ? line : line.split(" ")[0]);
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads a (possibly multi-line) reply and checks its code. */
  private static void expect(BufferedReader in, int expected, String after) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null || line.length() < 3) {
        throw new IOException("connection closed or bad reply after " + after);
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    int code;
    try {
      code = Integer.parseInt(line.substring(0, 3));
    } catch (NumberFormatException e) {
      throw new IOException("bad SMTP reply '" + line + "'");
    }
    if (code != expected) {
      throw new SmtpReply(code, "SMTP " + after + ": " + line);
    }
  }

  private static String requireAddress(String address) {
    if (address == null || !address.matches("[^\\s<>@]+@[^\\s<>@]+")) {
      throw new IllegalArgumentException("'" + address + "' is not an e-mail address");
    }
    return address;
  }

  private static final class SmtpReply extends IOException {
    final int code;

    SmtpReply(int code, String message) {
      super(message);
      this.code = code;
    }
  }
}
