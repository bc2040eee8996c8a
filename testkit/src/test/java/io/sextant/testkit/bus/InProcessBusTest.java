package io.sextant.testkit.bus;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.bus.Topic;
import io.sextant.common.model.UploadPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessBusTest extends BusContractTest {
  @Override
  protected Bus newBus() {
    return new InProcessBus();
  }

  @Test
  void awaitIdleWaitsForMessagesPublishedByHandlers() throws Exception {
    InProcessBus b = (InProcessBus) bus;
    AtomicInteger second = new AtomicInteger();
    b.subscribe("first", "s", d -> {
      Thread.sleep(20);
      b.publish("second", d.key(), d.payload());
    });
    b.subscribe("second", "s", d -> second.incrementAndGet());
    for (int i = 0; i < 5; i++) {
      b.publish("first", "k", bytes("x"));
    }
    assertThat(b.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(second.get()).isEqualTo(5);
  }

  /** The default compacted topics keep their latest per key before anyone has subscribed. */
  @Test
  void aPolicyPublishedBeforeTheEdgeSubscribedReachesIt() throws Exception {
    MessageBus typed = new MessageBus(bus);
    Instant t = Instant.parse("2026-01-05T00:00:00Z");
    typed.publish(Topic.POLICIES, policy("site-1", 1, t));
    typed.publish(Topic.POLICIES, policy("site-1", 2, t.plusSeconds(60)));
    typed.publish(Topic.POLICIES, policy("site-2", 1, t));
    List<UploadPolicy> got = Collections.synchronizedList(new ArrayList<>());
    typed.subscribe(Topic.POLICIES, "edge", got::add);
    await(() -> got.size() >= 2);
    assertThat(got).extracting(p -> p.site() + ":" + p.version()).containsExactly("site-1:2", "site-2:1");
  }

  private static UploadPolicy policy(String site, long version, Instant t) {
    return new UploadPolicy("policy-" + site + "-" + version, site, t, version, UploadPolicy.Mode.RAW, List.of(),
        List.of(), UploadPolicy.DEFAULT_AGGREGATE_WINDOW);
  }
}
