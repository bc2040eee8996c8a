package io.sextant.bus.pulsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.InProcessBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FanInBusTest {

  @Test
  void aFannedInTopicIsHeardFromEveryServedNamespaceAndOtherTopicsStayLocal() throws Exception {
    try (InProcessBus inner = new InProcessBus()) {
      FanInBus bus = new FanInBus(inner, "sextant", List.of("central", "edge-1"), 2);
      List<String> heard = new CopyOnWriteArrayList<>();
      Bus.Subscription s1 = bus.subscribe("samples", "ingest", d -> heard.add(d.topic() + " " + text(d.payload())));
      Bus.Subscription s2 = bus.subscribe("alarms", "ingest", d -> heard.add(d.topic() + " " + text(d.payload())));
      inner.publish("persistent://sextant/edge-1/samples", "edge-1", bytes("a")).get();
      inner.publish("persistent://sextant/central/samples", "central", bytes("b")).get();
      inner.publish("persistent://sextant/edge-2/samples", "edge-2", bytes("not served")).get();
      bus.publish("alarms", "k", bytes("c")).get();
      assertThat(inner.awaitIdle(Duration.ofSeconds(10))).isTrue();
      assertThat(heard).containsExactlyInAnyOrder("persistent://sextant/edge-1/samples a",
          "persistent://sextant/central/samples b", "alarms c");
      s1.close();
      s2.close();
      inner.publish("persistent://sextant/edge-1/samples", "edge-1", bytes("after close")).get();
      assertThat(inner.awaitIdle(Duration.ofSeconds(10))).isTrue();
      assertThat(heard).hasSize(3);
    }
  }

  @Test
  void whatIsSentToASiteGoesIntoTheNamespaceItsKeyNames() throws Exception {
    try (InProcessBus inner = new InProcessBus()) {
      FanInBus bus = new FanInBus(inner, "sextant", List.of("edge-1"), 1);
      List<String> heard = new CopyOnWriteArrayList<>();
      inner.subscribe("persistent://sextant/edge-1/policies", "edge", d -> heard.add(d.topic() + " " + d.key()));
      inner.subscribe("persistent://sextant/edge-2/models", "edge", d -> heard.add(d.topic() + " " + d.key()));
      inner.subscribe("alarms", "x", d -> heard.add(d.topic() + " " + d.key()));
      bus.publish("policies", "edge-1", bytes("p")).get();
      bus.publish("models", "edge-2/probe-kmeans", bytes("m")).get();
      bus.publish("alarms", "edge-1", bytes("a")).get();
      assertThat(inner.awaitIdle(Duration.ofSeconds(10))).isTrue();
      assertThat(heard).containsExactlyInAnyOrder("persistent://sextant/edge-1/policies edge-1",
          "persistent://sextant/edge-2/models edge-2/probe-kmeans", "alarms edge-1");
      assertThat(bus.publish("policies", "", bytes("x"))).failsWithin(Duration.ofSeconds(1))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(IllegalArgumentException.class).withMessageContaining("must name a site");
    }
  }

  @Test
  void namespacesAreDealtIntoAtMostTheGivenNumberOfShards() {
    try (InProcessBus inner = new InProcessBus()) {
      List<String> sites = java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> "edge-" + i).toList();
      assertThat(new FanInBus(inner, "sextant", sites, 4).shards()).containsExactly(
          List.of("edge-1", "edge-5", "edge-9"), List.of("edge-2", "edge-6", "edge-10"), List.of("edge-3", "edge-7"),
          List.of("edge-4", "edge-8"));
      assertThat(new FanInBus(inner, "sextant", sites.subList(0, 2), 4).shards()).hasSize(2);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FanInBus(inner, "sextant", sites, 0))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
