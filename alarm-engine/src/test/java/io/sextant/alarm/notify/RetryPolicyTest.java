package io.sextant.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void backoffDoublesUpToTheCap() {
    RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(3));
    assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(5))).containsExactly(
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
        Duration.ofSeconds(3));
  }

  @Test
  void retryingGivesUpAfterMaxAttemptsAndSaysSo() {
    AtomicInteger calls = new AtomicInteger();
    List<Duration> waits = new ArrayList<>();
    Outcome outcome = new Retrying(n -> {
      calls.incrementAndGet();
      return Outcome.retry("HTTP 503");
    }, new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(15)), waits::add).send(null);

    assertThat(calls).hasValue(3);
    assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(15));
    assertThat(outcome.retryable()).isTrue();
    assertThat(outcome.detail()).contains("gave up after 3 attempts");
  }

  @Test
  void httpStatusesMapToOutcomes() {
    assertThat(Outcome.ofHttpStatus(202, "").status()).isEqualTo(Outcome.Status.DELIVERED);
    assertThat(Outcome.ofHttpStatus(429, "").status()).isEqualTo(Outcome.Status.RETRY);
    assertThat(Outcome.ofHttpStatus(502, "").status()).isEqualTo(Outcome.Status.RETRY);
    assertThat(Outcome.ofHttpStatus(404, "").status()).isEqualTo(Outcome.Status.FAILED);
  }
}
