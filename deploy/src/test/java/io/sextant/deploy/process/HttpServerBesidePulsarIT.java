package io.sextant.deploy.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.alarm.AlarmEngine;
import io.sextant.alarm.api.AlarmApiServer;
import io.sextant.alarm.raise.AlarmCatalog;
import io.sextant.bus.pulsar.PulsarBus;
import io.sextant.bus.pulsar.PulsarBusConfig;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Alarm;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Micronaut's HTTP server (Netty 4.2) and the Pulsar client in one JVM, on deploy's class path:
 * a detection published on Pulsar is consumed, raised as an alarm, and read back over the TMF642
 * API. This is what the in-JVM broker's Netty 4.1 and jakarta.annotation-api 1.3.5 used to break;
 * the shaded client (Netty relocated) and the broker in its own JVM keep it working, and the
 * enforcer rule in the root pom keeps them out.
 */
class HttpServerBesidePulsarIT {
  @Test
  void theAlarmApiServesWhatArrivedOverPulsar() throws Exception {
    String serviceUrl = SharedPulsar.withNamespaces("central");
    String resource = "node:site-1/n" + UUID.randomUUID();
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Alarm> raised = new CopyOnWriteArrayList<>();
    AlarmEngine engine = new AlarmEngine(Clock.systemUTC(), raised::add, AlarmCatalog.defaults());
    String topic = "detections-" + UUID.randomUUID();
    try (AlarmApiServer api = AlarmApiServer.start(engine, 0);
        PulsarBus consumerBus = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, "central"));
        PulsarBus producerBus = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, "central"))) {
      new MessageBus(consumerBus).subscribe(Topic.DETECTIONS.withName(topic), "alarms", engine::onDetection);
      new MessageBus(producerBus).publish(Topic.DETECTIONS.withName(topic), resource,
          new Detection(null, "site-1", t, "ewma", "node_cpu_utilisation", Labels.of("resource", resource), resource,
              Detection.State.FIRING, 0.97, 0.4, 9.1)).get(60, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (raised.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(raised).as("an alarm raised from the detection consumed over Pulsar").isNotEmpty();

      HttpResponse<String> alarms = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(api.uri() + "/tmf-api/alarmManagement/v4/alarm")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(alarms.statusCode()).as(alarms.body()).isEqualTo(200);
      assertThat(alarms.body()).contains(resource, raised.get(0).id());
    }
  }
}
