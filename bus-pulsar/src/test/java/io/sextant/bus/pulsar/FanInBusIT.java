package io.sextant.bus.pulsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Action;
import io.sextant.common.model.ActionKind;
import io.sextant.common.model.Command;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import io.sextant.common.model.SampleBatch;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The centre's fan-in on a real broker: twelve site namespaces dealt into three shards. Every
 * site's sample batches arrive, in order per site, on at most three handler threads; a command goes
 * into the namespace of the site it is for and nowhere else.
 */
class FanInBusIT {
  static final int SITES = 12;
  static final int SHARDS = 3;
  static final int BATCHES = 10;
  static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
  static List<String> sites;
  static String central;
  static String serviceUrl;

  @BeforeAll
  static void start() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    sites = IntStream.rangeClosed(1, SITES).mapToObj(i -> "fan-" + run + "-" + i).toList();
    central = "fan-" + run + "-central";
    List<String> all = new ArrayList<>(sites);
    all.add(central);
    serviceUrl = SharedPulsar.withNamespaces(all.toArray(String[]::new));
  }

  @Test
  void everySiteArrivesInOrderOnBoundedThreadsAndCommandsReachOnlyTheirSite() throws Exception {
    Map<String, List<Instant>> seen = new ConcurrentHashMap<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Command> site7 = Collections.synchronizedList(new ArrayList<>());
    List<Command> site8 = Collections.synchronizedList(new ArrayList<>());
    try (PulsarBus centre = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, central));
        PulsarBus edge7 = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, sites.get(6)));
        PulsarBus edge8 = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, sites.get(7)))) {
      FanInBus fanIn = FanInBus.over(centre, sites, SHARDS);
      assertThat(fanIn.shards()).hasSize(SHARDS).allSatisfy(s -> assertThat(s).hasSize(SITES / SHARDS));
      MessageBus bus = new MessageBus(fanIn);
      bus.subscribe(Topic.SAMPLES, "central-ingest", b -> {
        threads.add(Thread.currentThread().getName());
        seen.computeIfAbsent(b.site(), s -> Collections.synchronizedList(new ArrayList<>())).add(b.time());
      });
      new MessageBus(edge7).subscribe(Topic.COMMANDS, "edge", site7::add);
      new MessageBus(edge8).subscribe(Topic.COMMANDS, "edge", site8::add);

      // One client stands for every site's edge, each publishing into its own namespace.
      try (PulsarBus edges = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, central))) {
        MessageBus up = new MessageBus(edges);
        for (int i = 0; i <= BATCHES; i++) {
          for (String site : sites) {
            var sent = up.publish(Topic.SAMPLES.withName(FanInBus.topicIn(SharedPulsar.TENANT, site, "samples")),
                batch(site, i));
            if (i == BATCHES) {
              sent.get(60, TimeUnit.SECONDS);
            }
          }
        }
        Awaitility.await().atMost(120, TimeUnit.SECONDS)
            .until(() -> seen.size() == SITES && seen.values().stream().allMatch(l -> l.size() > BATCHES));
      }

      Action reroute = new Action(null, "central", T, ActionKind.REROUTE, "link:a~b", Map.of(), "reroute", "d1", null);
      bus.publish(Topic.COMMANDS, Command.apply(sites.get(6), reroute)).get(60, TimeUnit.SECONDS);
      Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> !site7.isEmpty());
      Thread.sleep(500); // a wrongly routed copy would have arrived by now
    }
    seen.forEach((site, times) -> assertThat(times).as(site).hasSize(BATCHES + 1).isSorted().doesNotHaveDuplicates());
    assertThat(threads).as("handler threads, whatever the number of sites").hasSizeLessThanOrEqualTo(SHARDS);
    assertThat(site7).singleElement().satisfies(c -> assertThat(c.action().target()).isEqualTo("link:a~b"));
    assertThat(site8).isEmpty();
  }

  static SampleBatch batch(String site, int i) {
    Instant t = T.plusSeconds(10L * i);
    return SampleBatch.of(site, t, List.of(new Sample(site, "kpi", Labels.of("resource", "node:" + site + "/n1"), t, i)));
  }
}
