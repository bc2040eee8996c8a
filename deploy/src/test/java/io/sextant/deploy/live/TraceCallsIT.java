package io.sextant.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.sextant.actuator.CallLog;
import io.sextant.actuator.Counters;
import io.sextant.actuator.hook.CallbackReceiver;
import io.sextant.alarm.service.AlarmServiceConfig;
import io.sextant.collector.source.otlp.OtlpHttpReceiver;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.common.time.MutableClock;
import io.sextant.node.central.Central;
import io.sextant.node.central.CentralOptions;
import io.sextant.sim.CloudSpec;
import io.sextant.sim.FaultSchedule;
import io.sextant.sim.SimulatedCloud;
import io.sextant.store.PostgresStore;
import io.sextant.store.StoreConfig;
import io.sextant.store.Stores;
import io.sextant.testkit.postgres.SharedPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Calls learned from traces, end to end: the real OpenTelemetry SDK of two services (shop calls
 * payments, each exporting its own spans over OTLP/HTTP protobuf) → the edge's OTLP receiver →
 * its {@code service_calls} samples in a sample batch on the bus → a real centre (in-process bus,
 * embedded PostgreSQL) → its dependency graph, read back from {@code GET /api/v1/topology} marked
 * {@code learned}, beside the simulated cloud's own {@code depends-on} (web calls api).
 */
class TraceCallsIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void callsBetweenServicesSeenInTracesReachTheCentresGraph() throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try {
      PostgresStore store = Stores.open(StoreConfig.external(SharedPostgres.fresh("tracecallsit").jdbcUrl(),
          SharedPostgres.USER, null));
      open.add(store);
      InProcessBus raw = new InProcessBus();
      MessageBus bus = new MessageBus(raw);
      open.add(bus);
      CloudSpec spec = CloudSpec.defaults().withEdgeSites(1);
      SimulatedCloud cloud = new SimulatedCloud(spec, FaultSchedule.none());
      MutableClock clock = new MutableClock(spec.start().plus(spec.warmup()));
      Counters counters = new Counters();
      Central central = new Central(clock, bus, store, b -> store.writeSamples(b.id(), b.samples()), cloud,
          List.of(), AlarmServiceConfig.parse("tickEvery: 0\n"),
          new CentralOptions(io.sextant.alarm.raise.AlarmCatalog.defaults(), List.of(),
              io.sextant.central.liveness.NoDataSettings.defaults(), new InetSocketAddress("127.0.0.1", 0), null,
              new CallbackReceiver(URI.create("http://127.0.0.1:9"), clock, new CallLog(clock, e -> { }), counters),
              counters));
      open.add(0, central);
      OtlpHttpReceiver receiver = new OtlpHttpReceiver("edge-1", new InetSocketAddress("127.0.0.1", 0), 1000);
      open.add(0, receiver);

      // Two services, each with its own SDK and exporter, as two processes would be.
      SdkTracerProvider shop = tracer("shop", receiver.port());
      SdkTracerProvider payments = tracer("payments", receiver.port());
      open.add(0, shop::close);
      open.add(0, payments::close);
      for (int i = 0; i < 3; i++) {
        Span checkout = shop.get("it").spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER).startSpan();
        Span client = shop.get("it").spanBuilder("charge").setSpanKind(SpanKind.CLIENT)
            .setParent(Context.root().with(checkout)).startSpan();
        Span charge = payments.get("it").spanBuilder("POST /charge").setSpanKind(SpanKind.SERVER)
            .setParent(Context.root().with(client)).startSpan();
        charge.end();
        client.end();
        checkout.end();
      }
      assertThat(payments.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(shop.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      // The edge's window: what the receiver learned goes up like any sample.
      List<Sample> window = receiver.collect(clock.instant());
      assertThat(window).extracting(Sample::metric).containsExactly("service_calls");
      assertThat(window.get(0).value()).isEqualTo(3.0);
      bus.publish(Topic.SAMPLES, SampleBatch.of("edge-1", clock.instant(), window)).join();
      raw.awaitIdle(Duration.ofSeconds(20));

      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + central.httpPort() + "/api/v1/topology")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      List<String> calls = new ArrayList<>();
      for (JsonNode c : JSON.readTree(r.body()).get("calls")) {
        calls.add(c.get("caller").asText() + " -> " + c.get("callee").asText() + " " + c.get("source").asText()
            + (c.path("calls").isNumber() ? " x" + c.get("calls").asLong() : ""));
      }
      assertThat(calls).contains("edge-1/shop -> edge-1/payments learned x3", "edge-1/web -> edge-1/api topology");
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  private static SdkTracerProvider tracer(String service, int port) {
    return SdkTracerProvider.builder()
        .setResource(Resource.create(io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("service.name"),
            service)))
        // Batched, as a service exports: one request a flush (a span at a time overran OkHttp's
        // five-call executor on a busy machine, and the SDK dropped the rejected spans).
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port + "/v1/traces").build()).build())
        .build();
  }
}
