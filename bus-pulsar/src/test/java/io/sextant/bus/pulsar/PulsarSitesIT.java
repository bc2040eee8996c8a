package io.sextant.bus.pulsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distributed layout on a real broker (the shared standalone): a namespace per site and one
 * for the centre; the centre consumes a topic of every site with one subscription, publishes
 * commands into one site's namespace, and a poison message amid good sample batches ends on the
 * dead-letter topic with its reason, read back by a plain Pulsar consumer as an operator would.
 */
class PulsarSitesIT {
  static final List<String> SITES = List.of("site-1", "site-2", "site-3");
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  static String serviceUrl;

  @BeforeAll
  static void start() throws Exception {
    serviceUrl = SharedPulsar.withNamespaces("central", "site-1", "site-2", "site-3");
  }

  static PulsarBusConfig in(String namespace) {
    return PulsarBusConfig.of(serviceUrl, namespace);
  }

  @Test
  void theCentreConsumesEverySiteOnOneKeySharedSubscriptionInOrderPerKey() throws Exception {
    String topic = "samples-" + UUID.randomUUID();
    int perKey = 100;
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, String> topicOfKey = new ConcurrentHashMap<>();
    AtomicBoolean failedOnce = new AtomicBoolean();
    try (PulsarBus central = PulsarBus.connect(in("central"))) {
      String everySite = central.config().everySite(SITES, topic);
      central.subscribe(everySite, "central-ingest", d -> {
        int n = Integer.parseInt(new String(d.payload(), StandardCharsets.UTF_8));
        // One failure mid-stream: the key must still arrive in order (redelivery over several topics).
        if (d.key().equals("site-2/s0") && n == 40 && failedOnce.compareAndSet(false, true)) {
          throw new IllegalStateException("store hiccup");
        }
        seen.computeIfAbsent(d.key(), k -> Collections.synchronizedList(new ArrayList<>())).add(n);
        topicOfKey.put(d.key(), d.topic());
      });
      List<PulsarBus> edges = new ArrayList<>();
      try {
        for (String site : SITES) {
          edges.add(PulsarBus.connect(in(site)));
        }
        for (int i = 0; i < perKey; i++) {
          for (int e = 0; e < SITES.size(); e++) {
            for (int s = 0; s < 3; s++) {
              edges.get(e).publish(topic, SITES.get(e) + "/s" + s, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            }
          }
        }
        for (PulsarBus edge : edges) {
          edge.publish(topic, "flush", new byte[] {'0'}).get(60, TimeUnit.SECONDS);
        }
        Awaitility.await().atMost(90, TimeUnit.SECONDS).until(() -> seen.size() == 10
            && seen.entrySet().stream().filter(e -> !e.getKey().equals("flush")).allMatch(e -> e.getValue().size() >= perKey));
      } finally {
        edges.forEach(PulsarBus::close);
      }
    }
    assertThat(failedOnce).isTrue();
    seen.forEach((key, values) -> {
      if (!key.equals("flush")) {
        assertThat(values).as("key %s", key).hasSize(perKey).isSorted().doesNotHaveDuplicates();
        String site = key.substring(0, key.indexOf('/'));
        assertThat(topicOfKey.get(key)).isEqualTo("persistent://sextant/" + site + "/" + topic);
      }
    });
  }

  @Test
  void theCentrePublishesCommandsIntoOneSitesNamespace() throws Exception {
    String topic = "commands-" + UUID.randomUUID();
    List<String> site2 = Collections.synchronizedList(new ArrayList<>());
    List<String> site1 = Collections.synchronizedList(new ArrayList<>());
    try (PulsarBus edge1 = PulsarBus.connect(in("site-1"));
        PulsarBus edge2 = PulsarBus.connect(in("site-2"));
        PulsarBus central = PulsarBus.connect(in("central"))) {
      edge1.subscribe(topic, "edge", d -> site1.add(new String(d.payload(), StandardCharsets.UTF_8)));
      edge2.subscribe(topic, "edge", d -> site2.add(new String(d.payload(), StandardCharsets.UTF_8)));
      String target = central.config().siteTopic("site-2", topic);
      assertThat(target).isEqualTo("persistent://sextant/site-2/" + topic);
      central.publish(target, "node-7", "drain node-7".getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
      Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> !site2.isEmpty());
      Thread.sleep(500); // a wrongly routed copy would have arrived by now
    }
    assertThat(site2).containsExactly("drain node-7");
    assertThat(site1).isEmpty();
  }

  @Test
  void aPoisonMessageAmidSampleBatchesIsDeadLetteredWithItsReasonAndEveryGoodBatchArrives() throws Exception {
    Topic<SampleBatch> samples = Topic.SAMPLES.withName("samples-" + UUID.randomUUID());
    int good = 300;
    Map<String, SampleBatch> got = new ConcurrentHashMap<>();
    try (PulsarBus edge = PulsarBus.connect(in("site-1"));
        PulsarBus central = PulsarBus.connect(in("site-1"))) {
      MessageBus typedCentral = new MessageBus(central);
      typedCentral.subscribe(samples, "central-ingest", b -> got.put(b.id(), b));
      MessageBus typedEdge = new MessageBus(edge);
      for (int i = 0; i < good; i++) {
        if (i == good / 2) {
          edge.publish(samples.name(), "site-1", "\u0000\u0001 not a batch".getBytes(StandardCharsets.UTF_8),
              Map.of("origin", "broken-exporter"));
        }
        typedEdge.publish(samples, "site-1", batch(i));
      }
      typedEdge.publish(samples, "site-1", batch(good)).get(60, TimeUnit.SECONDS);
      Awaitility.await().atMost(90, TimeUnit.SECONDS).until(() -> got.size() == good + 1);
      assertThat(typedCentral.undecodableCount()).isEqualTo(1);
      assertThat(central.deadLetteredCount()).isEqualTo(1);

      // An operator reads the dead-letter topic with plain Pulsar tools: the subscription exists.
      String dlq = central.deadLetterTopic(samples.name(), "central-ingest");
      try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(SharedPulsar.broker().webServiceUrl()).build()) {
        var stats = admin.topics().getStats(dlq);
        assertThat(stats.getSubscriptions()).containsKey(PulsarBus.DEAD_LETTER_SUBSCRIPTION);
        assertThat(stats.getSubscriptions().get(PulsarBus.DEAD_LETTER_SUBSCRIPTION).getMsgBacklog()).isEqualTo(1);
      }
      try (PulsarClient client = PulsarClient.builder().serviceUrl(serviceUrl).build();
          Consumer<byte[]> reader = client.newConsumer(Schema.BYTES).topic(dlq)
              .subscriptionName(PulsarBus.DEAD_LETTER_SUBSCRIPTION).subscribe()) {
        Message<byte[]> dead = reader.receive(60, TimeUnit.SECONDS);
        assertThat(dead).isNotNull();
        assertThat(dead.getKey()).isEqualTo("site-1");
        assertThat(new String(dead.getValue(), StandardCharsets.UTF_8)).isEqualTo("\u0000\u0001 not a batch");
        assertThat(dead.getProperty(Bus.DEAD_LETTER_REASON)).startsWith("undecodable: cannot decode SampleBatch");
        assertThat(dead.getProperty(Bus.DEAD_LETTER_ORIGIN_SUBSCRIPTION)).isEqualTo("central-ingest");
        assertThat(dead.getProperty(Bus.DEAD_LETTER_ORIGIN_TOPIC)).isEqualTo(samples.name());
        assertThat(dead.getProperty("origin")).isEqualTo("broken-exporter");
        reader.acknowledge(dead);
        assertThat(reader.receive(1, TimeUnit.SECONDS)).as("only one dead letter").isNull();
      }
    }
    for (int i = 0; i <= good; i++) {
      assertThat(got).containsKey(batch(i).id());
    }
  }

  static SampleBatch batch(int i) {
    Instant t = T.plusSeconds(5L * i);
    return SampleBatch.of("site-1", t, List.of(new Sample("site-1", "kpi", Labels.of("resource", "node:site-1/n1"), t, i)));
  }
}
