package io.sextant.collector.source.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sextant.collector.source.otlp.OtlpHttpReceiver.Refusal;
import io.sextant.common.model.Sample;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpTraceReceiverTest {
  static final String TRACE = "5b8efff798038103d269b633813fc60c";
  static final Instant T = Instant.parse("2026-12-06T18:00:00Z");

  /** web's server span calls api; api's span is the child (OTLP/JSON, ids in hex). */
  static final String JSON = """
      {"resourceSpans":[
        {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
         "scopeSpans":[{"scope":{"name":"lib"},"spans":[
           {"traceId":"%1$s","spanId":"eee19b7ec3c1b174","name":"GET /","kind":2,
            "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000"},
           {"traceId":"%1$s","spanId":"eee19b7ec3c1b175","parentSpanId":"eee19b7ec3c1b174","name":"call api","kind":3}]}]},
        {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
         "scopeSpans":[{"spans":[
           {"traceId":"%1$s","spanId":"eee19b7ec3c1b176","parentSpanId":"eee19b7ec3c1b175","name":"GET /items","kind":"SPAN_KIND_SERVER"}]}]}
      ]}
      """.formatted(TRACE);

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

  HttpResponse<byte[]> post(String type, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static Span span(String trace, String id, String parent) {
    Span.Builder b = Span.newBuilder().setTraceId(hex(trace)).setSpanId(hex(id)).setName("op")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER);
    if (parent != null) {
      b.setParentSpanId(hex(parent));
    }
    return b.build();
  }

  static ByteString hex(String s) {
    return ByteString.copyFrom(HexFormat.of().parseHex(s));
  }

  static ResourceSpans resource(String service, Span... spans) {
    Resource.Builder r = Resource.newBuilder();
    if (service != null) {
      r.addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service)));
    }
    return ResourceSpans.newBuilder().setResource(r)
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))).build();
  }

  static byte[] request(ResourceSpans... rs) {
    return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(List.of(rs)).build().toByteArray();
  }

  static Map<String, Double> calls(List<Sample> samples) {
    return samples.stream().filter(s -> s.metric().equals(TraceCalls.METRIC)).collect(java.util.stream.Collectors
        .toMap(s -> s.labels().get("caller") + " -> " + s.labels().get("callee"), Sample::value));
  }

  @Test
  void jsonSpansOfTwoServicesGiveOneCallEdge() throws Exception {
    HttpResponse<byte[]> r = post("application/json", JSON.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    List<Sample> got = receiver.collect(T);
    // web's internal client span -> web's server span is no edge; web -> api is.
    assertThat(calls(got)).containsExactly(Map.entry("edge-1/web -> edge-1/api", 1.0));
    Sample s = got.get(0);
    assertThat(s.labels()).containsEntry("resource", "service:edge-1/web");
    assertThat(s.time()).isEqualTo(T);
    assertThat(receiver.collect(T.plusSeconds(5))).isEmpty(); // counted per window
  }

  @Test
  void protobufParentAndChildInDifferentExportsAndWindows() throws Exception {
    String trace = "0102030405060708090a0b0c0d0e0f10";
    // The child comes first, in its own export; its parent in the next window.
    HttpResponse<byte[]> r = post("application/x-protobuf",
        request(resource("db", span(trace, "00000000000000b2", "00000000000000a1"))));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
    assertThat(calls(receiver.collect(T))).isEmpty();
    post("application/x-protobuf", request(resource("api", span(trace, "00000000000000a1", null))));
    // Then a second child of the same parent, after it.
    post("application/x-protobuf", request(resource("db", span(trace, "00000000000000b3", "00000000000000a1"))));
    assertThat(calls(receiver.collect(T.plusSeconds(5)))).containsExactly(Map.entry("edge-1/api -> edge-1/db", 2.0));
    assertThat(receiver.traceCalls().spansTaken()).isEqualTo(3);
  }

  @Test
  void aChildOlderThanThePreviousWindowIsForgotten() throws Exception {
    String trace = "0102030405060708090a0b0c0d0e0f11";
    post("application/x-protobuf", request(resource("db", span(trace, "00000000000000b2", "00000000000000a1"))));
    receiver.collect(T);
    receiver.collect(T.plusSeconds(5));
    post("application/x-protobuf", request(resource("api", span(trace, "00000000000000a1", null))));
    assertThat(calls(receiver.collect(T.plusSeconds(10)))).isEmpty();
  }

  @Test
  void spansWithoutServiceNameOrWithBadIdsAreSkippedAndTheOthersKept() throws Exception {
    String trace = "0102030405060708090a0b0c0d0e0f12";
    byte[] body = request(
        resource(null, span(trace, "00000000000000c1", null)),
        resource("web", span(trace, "00000000000000a1", null),
            Span.newBuilder().setTraceId(hex("0102")).setSpanId(hex("00000000000000a9")).build()),
        resource("api", span(trace, "00000000000000a2", "00000000000000a1")));
    HttpResponse<byte[]> r = post("application/x-protobuf", body);
    assertThat(r.statusCode()).isEqualTo(200);
    ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(r.body());
    assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
    assertThat(answer.getPartialSuccess().getErrorMessage()).contains("resourceSpans[0]", "service.name");
    assertThat(receiver.traceCalls().rejected(TraceCalls.Rejection.NO_SERVICE_NAME)).isEqualTo(1);
    assertThat(receiver.traceCalls().rejected(TraceCalls.Rejection.BAD_TRACE_ID)).isEqualTo(1);
    assertThat(calls(receiver.collect(T))).containsExactly(Map.entry("edge-1/web -> edge-1/api", 1.0));
  }

  @Test
  void jsonPartialSuccessNamesTheRejectedSpans() throws Exception {
    String body = """
        {"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"eee19b7ec3c1b174"}]}]}]}
        """.formatted(TRACE);
    HttpResponse<byte[]> r = post("application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).startsWith("{\"partialSuccess\":{\"rejectedSpans\":\"1\"")
        .contains("service.name");
  }

  @Test
  void badBodiesAre400WithTheReasonAndCounted() throws Exception {
    HttpResponse<byte[]> r = post("application/x-protobuf", new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("not an ExportTraceServiceRequest");
    r = post("application/json", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"zz\"}]}]}]}"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .contains("resourceSpans[0].scopeSpans[0].spans[0].spanId: 'zz' is not valid hex");
    assertThat(receiver.refused(Refusal.BAD_PROTOBUF)).isEqualTo(1);
    assertThat(receiver.refused(Refusal.BAD_JSON)).isEqualTo(1);
    // An empty export is a valid one.
    assertThat(post("application/x-protobuf", new byte[0]).statusCode()).isEqualTo(200);
  }

  @Test
  void distinctEdgesAreCappedAndTheExcessCounted() {
    TraceCalls calls = new TraceCalls("edge-1", 1000, 2);
    String trace = "0102030405060708090a0b0c0d0e0f13";
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("web", span(trace, "00000000000000a1", null)));
    for (int i = 0; i < 4; i++) {
      req.addResourceSpans(resource("svc" + i, span(trace, "00000000000000b" + i, "00000000000000a1")));
    }
    assertThat(calls.add(req.build()).accepted()).isEqualTo(5);
    assertThat(calls.collect(T)).hasSize(2);
    assertThat(calls.callsDropped()).isEqualTo(2);
    assertThat(calls.callsCounted()).isEqualTo(2);
  }
}
