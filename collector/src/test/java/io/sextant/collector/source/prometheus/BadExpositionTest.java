package io.sextant.collector.source.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sextant.collector.Collector;
import io.sextant.collector.validate.Rejection.Reason;
import io.sextant.common.model.Sample;
import io.sextant.common.time.MutableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One scrape holding every kind of bad input the issue names — a malformed line, NaN and +Inf,
 * a sample with 10,000 labels, an over-long label value, a timestamp far in the future — next to
 * good samples: each bad one is rejected and counted by reason, and the good ones all arrive.
 */
class BadExpositionTest {
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

  @Test
  void badSamplesAreCountedByReasonAndTheRestKept() throws Exception {
    StringBuilder manyLabels = new StringBuilder("exploded{");
    for (int i = 0; i < 10_000; i++) {
      manyLabels.append("l").append(i).append("=\"v\",");
    }
    manyLabels.append("} 1\n");
    String body = "# TYPE good gauge\ngood{k=\"1\"} 1\n"
        + "broken{k=\"1\" 2\n"
        + "# TYPE temp gauge\ntemp{k=\"nan\"} NaN\ntemp{k=\"inf\"} +Inf\n"
        + manyLabels
        + "long{v=\"" + "x".repeat(5000) + "\"} 1\n"
        + "future 1 " + T.plus(Duration.ofDays(365)).toEpochMilli() + "\n"
        + "good{k=\"2\"} 2\n";
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    server.createContext("/metrics", ex -> {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      PrometheusScrapeSource source = new PrometheusScrapeSource("edge-1", new ScrapeTarget("bad",
          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics"), Map.of("job", "bad"), null));
      Collector collector = new Collector("edge-1", List.of(source), new MutableClock(T));
      List<Sample> got = collector.collect(T);
      assertThat(got).extracting(Sample::metric).containsExactly("good", "good", "up", "scrape_duration_seconds");
      assertThat(got).allSatisfy(x -> assertThat(x.labels()).containsEntry("job", "bad")
          .containsEntry("instance", "127.0.0.1:" + server.getAddress().getPort()));
      assertThat(source.parseErrors()).isEqualTo(1);
      assertThat(collector.rejected(Reason.NOT_FINITE)).isEqualTo(2);
      assertThat(collector.rejected(Reason.TOO_MANY_LABELS)).isEqualTo(1);
      assertThat(collector.rejected(Reason.LABEL_VALUE_TOO_LONG)).isEqualTo(1);
      assertThat(collector.rejected(Reason.FUTURE_TIMESTAMP)).isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aTargetThatIsDownGivesUpZeroAndTheNextScrapeUpOne() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    boolean[] healthy = {false};
    server.createContext("/metrics", ex -> {
      byte[] b = "m 1\n".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      ex.sendResponseHeaders(healthy[0] ? 200 : 503, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      PrometheusScrapeSource source = new PrometheusScrapeSource("edge-1", new ScrapeTarget("app",
          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics"), Map.of(), null));
      Collector collector = new Collector("edge-1", List.of(source), new MutableClock(T));
      List<Sample> down = collector.collect(T);
      assertThat(down).extracting(Sample::metric).containsExactly("up", "scrape_duration_seconds");
      assertThat(down.get(0).value()).isZero();
      assertThat(down.get(0).labels()).containsEntry("job", "app");
      assertThat(source.failures()).isEqualTo(1);
      healthy[0] = true;
      List<Sample> up = collector.collect(T.plusSeconds(10));
      assertThat(up).filteredOn(x -> x.metric().equals("up")).singleElement()
          .satisfies(x -> assertThat(x.value()).isEqualTo(1.0));
      assertThat(up).extracting(Sample::metric).contains("m");
    } finally {
      server.stop(0);
    }
  }
}
