package io.sextant.collector.source.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.collector.source.otlp.OtlpHttpReceiver.Refusal;
import io.sextant.common.model.Sample;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OtlpReceiverTest {
  /** The OTLP/JSON example of the spec, trimmed: a gauge and a cumulative monotonic sum. */
  static final String JSON = """
      {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
        "scopeMetrics":[{"scope":{"name":"my.library","version":"1.0.0"},"metrics":[
          {"name":"my.gauge","unit":"1","gauge":{"dataPoints":[{"asDouble":10.5,"timeUnixNano":"1544712660300000000",
            "attributes":[{"key":"my.attr","value":{"intValue":"7"}}]}]}},
          {"name":"my.counter","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[
            {"asInt":"5","startTimeUnixNano":"1544712600000000000","timeUnixNano":"1544712660300000000"}]}},
          {"name":"my.delta","sum":{"aggregationTemporality":1,"isMonotonic":true,"dataPoints":[
            {"asInt":"20","startTimeUnixNano":"1544712650300000000","timeUnixNano":"1544712660300000000"}]}}
        ]}]}]}
      """;

  OtlpHttpReceiver receiver;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    receiver = new OtlpHttpReceiver("edge-1", new InetSocketAddress("127.0.0.1", 0), 1000);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsOtlpJson() throws Exception {
    HttpResponse<String> r = post("/v1/metrics", "application/json", JSON.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    List<Sample> got = receiver.collect(Instant.now());
    assertThat(got).extracting(Sample::metric).containsExactly("my_gauge", "my_delta:rate");
    assertThat(got.get(0).labels()).containsEntry("service_name", "web").containsEntry("my_attr", "7");
    assertThat(got.get(0).time()).isEqualTo(Instant.parse("2018-12-13T14:51:00.300Z"));
    assertThat(got.get(1).value()).isEqualTo(2.0); // 20 over 10 s
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("garbage protobuf", "application/x-protobuf", new byte[] {(byte) 0xff, (byte) 0xff, 0x01},
            400, Refusal.BAD_PROTOBUF, "not an ExportMetricsServiceRequest"),
        Arguments.of("JSON that is not JSON", "application/json", "{\"resourceMetrics\": [".getBytes(),
            400, Refusal.BAD_JSON, "not JSON"),
        Arguments.of("JSON with a wrong type", "application/json",
            "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":7}]}]}]}".getBytes(),
            400, Refusal.BAD_JSON, "resourceMetrics[0].scopeMetrics[0].metrics[0].name: expected a string"),
        Arguments.of("JSON with a bad enum", "application/json",
            "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"sum\":{\"aggregationTemporality\":\"SOMETIMES\"}}]}]}]}".getBytes(),
            400, Refusal.BAD_JSON, "'SOMETIMES' is not a value of AggregationTemporality"),
        Arguments.of("text body", "text/plain", "hello".getBytes(), 415, Refusal.UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void refusesWithAReasonAndCountsIt(String name, String type, byte[] body, int status, Refusal why, String reason)
      throws Exception {
    HttpResponse<String> r = post("/v1/metrics", type, body);
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.body()).contains(reason);
    assertThat(receiver.refused(why)).isEqualTo(1);
    assertThat(receiver.collect(Instant.now())).isEmpty();
    // and the receiver still works
    assertThat(post("/v1/metrics", "application/json", JSON.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
  }

  @Test
  void otherPathsAreNotFound() throws Exception {
    assertThat(post("/v1/logs", "application/x-protobuf", new byte[0]).statusCode()).isEqualTo(404);
    assertThat(receiver.refused(Refusal.NOT_FOUND)).isEqualTo(1);
  }
}
