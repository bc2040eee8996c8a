package io.sextant.testkit.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.Delivery;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Bus} implementation passes (in-process now, Pulsar in distributed
 * mode): at-least-once delivery, per-key order, redelivery after a failed handler, independent
 * subscriptions, dead letters with their reason (also for undecodable typed messages), and
 * latest-per-key subscriptions. Subclasses supply a fresh bus; topics are unique per test so a
 * shared broker works too.
 */
public abstract class BusContractTest {
  protected Bus bus;
  private String topic;

  protected abstract Bus newBus() throws Exception;

  /** How long an implementation may take to deliver; a networked broker needs more. */
  protected Duration patience() {
    return Duration.ofSeconds(20);
  }

  /**
   * Makes a broker compact {@code topic} now (Pulsar compacts in the background once a threshold
   * is reached); the in-process bus keeps only the latest per key anyway.
   */
  protected void compact(String topic) throws Exception {}

  @BeforeEach
  void openBus() throws Exception {
    bus = newBus();
    topic = "contract-" + UUID.randomUUID();
  }

  @AfterEach
  void closeBus() {
    bus.close();
  }

  @Test
  void deliversEveryMessagePublishedAfterSubscribing() throws Exception {
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(topic, "s", d -> got.add(text(d)));
    for (int i = 0; i < 500; i++) {
      bus.publish(topic, "k" + (i % 7), bytes("m" + i)).get();
    }
    await(() -> got.size() >= 500);
    assertThat(got).hasSize(500).doesNotHaveDuplicates();
  }

  @Test
  void keepsOrderPerKey() throws Exception {
    Map<String, List<Integer>> byKey = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    bus.subscribe(topic, "s", d -> {
      byKey.computeIfAbsent(d.key(), k -> Collections.synchronizedList(new ArrayList<>()))
          .add(Integer.parseInt(text(d)));
      total.incrementAndGet();
    });
    int perKey = 200;
    for (int i = 0; i < perKey; i++) {
      for (String key : List.of("a", "b", "c", "d")) {
        bus.publish(topic, key, bytes(Integer.toString(i)));
      }
    }
    await(() -> total.get() >= 4 * perKey);
    assertThat(byKey).hasSize(4);
    byKey.forEach((key, seen) -> assertThat(seen).as("order of key %s", key).isSorted().hasSize(perKey));
  }

  @Test
  void redeliversWhenTheHandlerFailsAndKeepsKeyOrder() throws Exception {
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(topic, "s", d -> {
      String m = text(d);
      int n = attempts.merge(m, 1, Integer::sum);
      if (m.equals("m3") && n < 3) {
        throw new IllegalStateException("store down");
      }
      acknowledged.add(m);
    });
    for (int i = 0; i < 10; i++) {
      bus.publish(topic, "same-key", bytes("m" + i)).get();
    }
    await(() -> acknowledged.size() >= 10);
    assertThat(attempts.get("m3")).isEqualTo(3);
    assertThat(acknowledged).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
  }

  @Test
  void countsAttemptsOnRedelivery() throws Exception {
    List<Integer> seenAttempts = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(topic, "s", d -> {
      seenAttempts.add(d.attempt());
      if (seenAttempts.size() < 2) {
        throw new RuntimeException("first try fails");
      }
    });
    bus.publish(topic, "k", bytes("x")).get();
    await(() -> seenAttempts.size() >= 2);
    assertThat(seenAttempts.get(0)).isEqualTo(1);
    assertThat(seenAttempts.get(1)).isGreaterThan(1);
  }

  @Test
  void subscriptionsAreIndependent() throws Exception {
    Map<String, List<String>> got = new HashMap<>();
    for (String sub : List.of("store", "alarms")) {
      List<String> list = Collections.synchronizedList(new ArrayList<>());
      got.put(sub, list);
      bus.subscribe(topic, sub, d -> {
        if (sub.equals("alarms") && list.isEmpty() && text(d).equals("m0")) {
          list.add("failed-once");
          throw new RuntimeException("slow consumer");
        }
        list.add(text(d));
      });
    }
    for (int i = 0; i < 50; i++) {
      bus.publish(topic, "k", bytes("m" + i)).get();
    }
    await(() -> got.get("store").size() >= 50 && got.get("alarms").size() >= 51);
    assertThat(got.get("store")).hasSize(50).doesNotHaveDuplicates();
    assertThat(got.get("alarms")).hasSize(51).startsWith("failed-once", "m0");
  }

  @Test
  void aDeadLetteredMessageKeepsItsKeyPayloadAndReasonAndTheStreamGoesOn() throws Exception {
    List<Delivery> dead = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(bus.deadLetterTopic(topic, "s"), "dlq-reader", dead::add);
    List<String> handled = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(topic, "s", d -> {
      if (text(d).equals("poison")) {
        bus.deadLetter(topic, "s", d, "cannot be handled: test").get();
        return;
      }
      handled.add(text(d));
    });
    for (String m : List.of("a", "poison", "b", "c")) {
      bus.publish(topic, "same-key", bytes(m)).get();
    }
    await(() -> handled.size() >= 3 && !dead.isEmpty());
    assertThat(handled).containsExactly("a", "b", "c");
    assertThat(dead).hasSize(1);
    Delivery d = dead.get(0);
    assertThat(d.key()).isEqualTo("same-key");
    assertThat(text(d)).isEqualTo("poison");
    assertThat(d.properties())
        .containsEntry(Bus.DEAD_LETTER_REASON, "cannot be handled: test")
        .containsEntry(Bus.DEAD_LETTER_ORIGIN_SUBSCRIPTION, "s")
        .containsKey(Bus.DEAD_LETTER_ORIGIN_TOPIC);
  }

  @Test
  void anUndecodableTypedMessageIsDeadLetteredWithTheDecodeError() throws Exception {
    Topic<Ping> pings = new Topic<>(topic, Ping.class, p -> "k");
    MessageBus typed = new MessageBus(bus);
    List<Delivery> dead = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(bus.deadLetterTopic(topic, "typed"), "dlq-reader", dead::add);
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    typed.subscribe(pings, "typed", p -> got.add(p.text()));
    typed.publish(pings, ping("before")).get();
    bus.publish(topic, "k", bytes("{not json")).get();
    typed.publish(pings, ping("after")).get();
    await(() -> got.size() >= 2 && !dead.isEmpty());
    assertThat(got).containsExactly("before", "after");
    assertThat(typed.undecodableCount()).isEqualTo(1);
    assertThat(dead).hasSize(1);
    assertThat(text(dead.get(0))).isEqualTo("{not json");
    assertThat(dead.get(0).properties().get(Bus.DEAD_LETTER_REASON)).startsWith("undecodable: cannot decode Ping");
  }

  @Test
  void propertiesTravelWithTheMessage() throws Exception {
    List<Delivery> got = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(topic, "s", got::add);
    bus.publish(topic, "k", bytes("x"), Map.of("origin", "edge-1")).get();
    await(() -> !got.isEmpty());
    assertThat(got.get(0).properties()).containsEntry("origin", "edge-1");
  }

  @Test
  void aLatestSubscriberGetsTheLatestMessagePerKeyThenNewOnes() throws Exception {
    // A first subscriber marks the topic as compacted where a bus needs telling (in-process).
    bus.subscribeLatest(topic, "first", d -> { }).close();
    for (String kv : List.of("site-1=v1", "site-2=v1", "site-1=v2", "site-1=v3")) {
      String[] p = kv.split("=");
      bus.publish(topic, p[0], bytes(p[1])).get();
    }
    compact(topic);
    Map<String, List<String>> seen = new ConcurrentHashMap<>();
    Bus.Subscription edge = bus.subscribeLatest(topic, "edge", d ->
        seen.computeIfAbsent(d.key(), k -> Collections.synchronizedList(new ArrayList<>())).add(text(d)));
    await(() -> last(seen, "site-1").equals("v3") && last(seen, "site-2").equals("v1"));
    assertThat(seen.get("site-1")).containsExactly("v3");
    assertThat(seen.get("site-2")).containsExactly("v1");

    bus.publish(topic, "site-2", bytes("v2")).get();
    await(() -> last(seen, "site-2").equals("v2"));
    edge.close();

    // A restarted subscriber gets the current state again, not only what came after it left.
    Map<String, List<String>> again = new ConcurrentHashMap<>();
    compact(topic);
    bus.subscribeLatest(topic, "edge", d ->
        again.computeIfAbsent(d.key(), k -> Collections.synchronizedList(new ArrayList<>())).add(text(d)));
    await(() -> last(again, "site-1").equals("v3") && last(again, "site-2").equals("v2"));
    assertThat(again.get("site-1")).containsExactly("v3");
    assertThat(again.get("site-2")).containsExactly("v2");
  }

  @Test
  void aLatestSubscriberGetsTheMessageAgainWhenItsHandlerFails() throws Exception {
    bus.subscribeLatest(topic, "first", d -> { }).close();
    bus.publish(topic, "site-1", bytes("policy")).get();
    List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
    bus.subscribeLatest(topic, "edge", d -> {
      attempts.add(d.attempt());
      if (attempts.size() < 3) {
        throw new IllegalStateException("not ready");
      }
    });
    await(() -> attempts.size() >= 3);
    assertThat(attempts).startsWith(1, 2, 3);
  }

  private static String last(Map<String, List<String>> seen, String key) {
    List<String> l = seen.get(key);
    if (l == null) {
      return "";
    }
    synchronized (l) {
      return l.isEmpty() ? "" : l.get(l.size() - 1);
    }
  }

  private static Ping ping(String text) {
    return new Ping("ping-" + text, "site-1", Instant.parse("2026-01-01T00:00:00Z"), text);
  }

  /** A message type of the contract only, so the codec's golden files stay untouched. */
  public record Ping(String id, String site, Instant time, String text) implements Message {}

  protected void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + patience().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + patience());
      }
      Thread.sleep(5);
    }
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static String text(Delivery d) {
    return new String(d.payload(), StandardCharsets.UTF_8);
  }
}
