package io.sextant.collector.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sextant.common.bus.Bus;
import io.sextant.common.bus.InProcessBus;
import io.sextant.common.bus.MessageBus;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Sample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge whose broker accepts connections but does not answer (frozen, half-open link) must
 * still produce from its first window: the policy subscription may hang, the uplink may not.
 */
class UplinkStartTest {
  /** A bus whose subscriptions hang until released, as a frozen broker's do for 30 s. */
  static final class HangingBus implements Bus {
    final InProcessBus inner = new InProcessBus();
    final CountDownLatch release = new CountDownLatch(1);
    volatile int subscribeCalls;

    @Override
    public CompletableFuture<Void> publish(String topic, String key, byte[] payload) {
      return inner.publish(topic, key, payload);
    }

    @Override
    public Subscription subscribe(String topic, String subscription, Handler handler) {
      subscribeCalls++;
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return inner.subscribe(topic, subscription, handler);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void aHangingPolicySubscriptionDoesNotHoldUpTheWindows(@TempDir Path dir) throws Exception {
    HangingBus raw = new HangingBus();
    try (MessageBus bus = new MessageBus(raw)) {
      // Built on another thread, so a regression (a subscribe made in the constructor) fails here
      // instead of hanging the build.
      EdgeUplink up = CompletableFuture.supplyAsync(() -> EdgeUplink.builder("edge-1", bus, dir.resolve("outbox.db"))
          .clock(Clock.systemUTC()).build()).get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> raw.subscribeCalls > 0); // tried at once, still hanging
      Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      up.window(t, List.of(new Sample("edge-1", "m", Labels.of("resource", "node:edge-1/a"), t, 1)), List.of());
      assertThat(up.outbox().depth()).as("the window is committed while the subscription hangs").isEqualTo(1);
      assertThat(up.policySubscribed()).isFalse();
      raw.release.countDown();
      await().atMost(Duration.ofSeconds(30)).until(up::policySubscribed);
      up.close();
    } finally {
      raw.release.countDown();
    }
  }
}
