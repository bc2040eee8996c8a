package io.sextant.bus.pulsar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.Delivery;
import io.sextant.testkit.bus.BusContractTest;
import io.sextant.testkit.pulsar.SharedPulsar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.pulsar.client.admin.LongRunningProcessStatus;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bus contract against a real Pulsar standalone (the shared one of this test JVM), plus what
 * only a networked broker can show: a consumer that dies mid-stream loses nothing, and a message
 * whose handler keeps failing ends up on the dead-letter topic, with its reason, without stopping
 * its key.
 */
class PulsarBusContractIT extends BusContractTest {
  static final String NAMESPACE = "it";
  static String serviceUrl;

  @BeforeAll
  static void startPulsar() throws Exception {
    serviceUrl = SharedPulsar.withNamespaces(NAMESPACE);
  }

  @Override
  protected Bus newBus() throws Exception {
    return PulsarBus.connect(config());
  }

  private static PulsarBusConfig config() {
    return PulsarBusConfig.of(serviceUrl, NAMESPACE);
  }

  @Override
  protected Duration patience() {
    return Duration.ofSeconds(60);
  }

  @Test
  void aConsumerClosedMidStreamWithoutAckingLosesNothing() throws Exception {
    String topic = "crash-" + UUID.randomUUID();
    int total = 200;
    Set<String> handledByFirst = ConcurrentHashMap.newKeySet();
    CountDownLatch stuck = new CountDownLatch(1);
    PulsarBus first = PulsarBus.connect(config());
    // The first consumer handles 50 messages, then hangs in its handler as a crashing process would.
    first.subscribe(topic, "central", d -> {
      if (handledByFirst.size() >= 50) {
        stuck.countDown();
        Thread.sleep(Long.MAX_VALUE);
      }
      handledByFirst.add(text(d));
    });
    for (int i = 0; i < total; i++) {
      bus.publish(topic, "k" + (i % 5), bytes("m" + i));
    }
    bus.publish(topic, "k0", bytes("last")).get();
    await(() -> stuck.getCount() == 0);
    first.close();

    Set<String> handledBySecond = ConcurrentHashMap.newKeySet();
    try (PulsarBus second = PulsarBus.connect(config())) {
      second.subscribe(topic, "central", d -> handledBySecond.add(text(d)));
      await(() -> union(handledByFirst, handledBySecond).size() >= total + 1);
    }
    assertThat(handledByFirst).hasSize(50);
    assertThat(union(handledByFirst, handledBySecond)).hasSize(total + 1);
    // Only what the first consumer acknowledged is spared a second delivery.
    assertThat(handledBySecond).doesNotContainAnyElementsOf(handledByFirst);
  }

  @Test
  void aMessageWhoseHandlerKeepsFailingIsDeadLetteredAndItsKeyGoesOn() throws Exception {
    String topic = "dlq-" + UUID.randomUUID();
    try (PulsarBus failing = PulsarBus.connect(config().withMaxRedeliverCount(2))) {
      List<String> handled = Collections.synchronizedList(new ArrayList<>());
      List<Integer> poisonAttempts = Collections.synchronizedList(new ArrayList<>());
      failing.subscribe(topic, "store", d -> {
        if (text(d).equals("bad")) {
          poisonAttempts.add(d.attempt());
          throw new IllegalArgumentException("constraint violated");
        }
        handled.add(text(d));
      });
      for (String m : List.of("a", "bad", "b", "c")) {
        failing.publish(topic, "site-1", bytes(m)).get();
      }
      await(() -> handled.size() >= 3);
      assertThat(handled).containsExactly("a", "b", "c");
      assertThat(poisonAttempts).containsExactly(1, 2, 3);
      assertThat(failing.deadLetteredCount()).isEqualTo(1);

      List<Delivery> dead = Collections.synchronizedList(new ArrayList<>());
      failing.subscribe(failing.deadLetterTopic(topic, "store"), PulsarBus.DEAD_LETTER_SUBSCRIPTION, dead::add);
      await(() -> !dead.isEmpty());
      assertThat(dead).extracting(d -> d.key() + ":" + text(d)).containsExactly("site-1:bad");
      assertThat(dead.get(0).properties().get(Bus.DEAD_LETTER_REASON))
          .isEqualTo("handler failed 3 times: java.lang.IllegalArgumentException: constraint violated");
    }
  }

  /** Compaction runs in the broker's background; the contract wants it done now. */
  @Override
  protected void compact(String topic) throws Exception {
    String name = config().topicName(topic);
    try (PulsarAdmin admin = PulsarAdmin.builder().serviceHttpUrl(SharedPulsar.broker().webServiceUrl()).build()) {
      admin.topics().triggerCompaction(name);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        LongRunningProcessStatus status = admin.topics().compactionStatus(name);
        if (status.status == LongRunningProcessStatus.Status.SUCCESS) {
          return;
        }
        if (status.status == LongRunningProcessStatus.Status.ERROR) {
          throw new IllegalStateException("compaction of " + name + " failed: " + status.lastError);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("compaction of " + name + " not done in 60 s: " + status.status);
        }
        Thread.sleep(100);
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = ConcurrentHashMap.newKeySet();
    all.addAll(a);
    all.addAll(b);
    return all;
  }
}
