package io.sextant.testkit.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * subscriptions. Subclasses supply a fresh bus; topics are unique per test so a shared broker
 * works too.
 */
public abstract class BusContractTest {
  protected Bus bus;
  private String topic;

  protected abstract Bus newBus() throws Exception;

  /** How long an implementation may take to deliver; a networked broker needs more. */
  protected Duration patience() {
    return Duration.ofSeconds(20);
  }

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
