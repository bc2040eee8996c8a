package io.sextant.store.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import io.sextant.common.model.Sample;
import io.sextant.common.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** The receiver over HTTP with a WriteRequest encoded here field by field, as Prometheus encodes it. */
class RemoteWriteReceiverTest {
  private static final SampleMapping MAPPING = new SampleMapping("central", "site");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aWriteRequestBecomesSamplesAndIsAnsweredAfterTheWrite() throws Exception {
    List<Sample> written = new CopyOnWriteArrayList<>();
    try (RemoteWriteReceiver r = RemoteWriteReceiver.start(new InetSocketAddress("127.0.0.1", 0),
        b -> { written.addAll(b); return b.size(); }, MAPPING, 1)) {
      byte[] request = WriteRequests.writeRequest(
          WriteRequests.series(Map.of("__name__", "up", "job", "node", "site", "edge-3"), new long[] {1_700_000_000_000L, 1_700_000_015_000L},
              new double[] {1, 0}),
          WriteRequests.series(Map.of("__name__", "rtt", "link", "a"), new long[] {1_700_000_000_123L},
              new double[] {Double.longBitsToDouble(0x7ff0000000000002L)}), // Prometheus' staleness marker
          WriteRequests.series(Map.of("job", "nameless"), new long[] {1L}, new double[] {3}));

      HttpResponse<String> response = post(r, Snappy.compress(request));

      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(written).containsExactly(
          new Sample("edge-3", "up", Map.of("job", "node"), Instant.ofEpochMilli(1_700_000_000_000L), 1),
          new Sample("edge-3", "up", Map.of("job", "node"), Instant.ofEpochMilli(1_700_000_015_000L), 0));
      assertThat(r.skipped()).as("staleness marker and nameless series").isEqualTo(2);
      assertThat(r.samplesReceived()).isEqualTo(2);
    }
  }

  @Test
  void aBodyThatIsNotSnappyIsABadRequestAndAStoreOutageIsRetryable() throws Exception {
    try (RemoteWriteReceiver r = RemoteWriteReceiver.start(new InetSocketAddress("127.0.0.1", 0), b -> {
      throw new StoreException("cannot connect", true, null);
    }, MAPPING, 1)) {
      assertThat(post(r, "not snappy at all".getBytes()).statusCode()).isEqualTo(400);
      assertThat(post(r, Snappy.compress(new byte[] {(byte) 0x0a, 0x7f})).statusCode()).as("truncated protobuf")
          .isEqualTo(400);
      assertThat(post(r, Snappy.compress(WriteRequests.writeRequest(WriteRequests.series(Map.of("__name__", "up"), new long[] {1}, new double[] {1}))))
          .statusCode()).isEqualTo(503);
      assertThat(r.badRequests()).isEqualTo(2);
      assertThat(r.unavailable()).isEqualTo(1);
    }
  }

  @Test
  void unknownFieldsAreSkipped() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(9, "future field");
    out.writeByteArray(1, WriteRequests.series(Map.of("__name__", "m"), new long[] {5}, new double[] {2.5}));
    out.flush();

    assertThat(WriteRequestDecoder.decode(bytes.toByteArray())).containsExactly(
        new WriteRequestDecoder.TimeSeries(Map.of("__name__", "m"), List.of(new WriteRequestDecoder.Point(5, 2.5))));
  }

  private HttpResponse<String> post(RemoteWriteReceiver r, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + RemoteWriteReceiver.PATH))
        .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
