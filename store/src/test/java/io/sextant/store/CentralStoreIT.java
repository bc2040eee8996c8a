package io.sextant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.store.remotewrite.RemoteWriteReceiver;
import io.sextant.store.remotewrite.WriteRequests;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** The central wiring from configuration: bus messages and remote write into one store, then a clean stop. */
class CentralStoreIT {
  private static final Instant T0 = Instant.parse("2026-08-01T10:00:00Z");

  @Test
  void busMessagesAndRemoteWriteLandOnceAndCloseStopsEverything() throws Exception {
    CentralStore.Settings settings = CentralStore.Settings.of(TestPostgres.freshDatabase("central"))
        .withRemoteWrite(new InetSocketAddress("127.0.0.1", 0), "central");
    RemoteWriteReceiver receiver;
    CentralStore central = CentralStore.start(settings, Clock.fixed(T0, ZoneOffset.UTC));
    try {
      SampleBatch batch = SampleBatch.of("edge-1", T0, samples(120));
      central.write(batch);
      central.write(batch); // a bus redelivery
      receiver = central.remoteWrite().orElseThrow();
      byte[] body = Snappy.compress(WriteRequests.writeRequest(WriteRequests.series(
          Map.of("__name__", "up", "job", "node", "site", "edge-2"), new long[] {T0.toEpochMilli()}, new double[] {1})));
      assertThat(post(receiver.port(), body)).isEqualTo(204);
      assertThat(post(receiver.port(), body)).as("Prometheus retrying the same request").isEqualTo(204);

      PostgresStore store = central.store();
      assertThat(store.sampleCount()).isEqualTo(121);
      assertThat(store.skippedMessages()).as("the redelivered bus message").isEqualTo(1);
      assertThat(store.samples("up", T0, T0.plusSeconds(1))).extracting(Sample::site).containsExactly("edge-2");
      store.refreshRollups(T0);
      assertThat(query(store, "SELECT sum(count) FROM samples_1m")).isEqualTo(121);
    } finally {
      central.close();
    }
    int port = receiver.port();
    assertThatThrownBy(() -> post(port, new byte[0])).as("receiver stopped").isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> central.write(SampleBatch.of("edge-1", T0.plusSeconds(60), samples(1))))
        .isInstanceOf(IllegalStateException.class);
  }

  private static List<Sample> samples(int n) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Sample("edge-1", "cpu_util", Labels.of("resource", "node:n" + (i % 4)), T0.plusSeconds(i / 4), i));
    }
    return out;
  }

  private static int post(int port, byte[] body) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + RemoteWriteReceiver.PATH))
            .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  private static long query(PostgresStore store, String sql) throws SQLException {
    try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long v = rs.getLong(1);
      c.commit();
      return v;
    }
  }
}
