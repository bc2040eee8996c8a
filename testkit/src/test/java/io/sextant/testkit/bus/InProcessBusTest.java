package io.sextant.testkit.bus;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.InProcessBus;

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
}
