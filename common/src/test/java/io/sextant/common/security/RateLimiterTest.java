package io.sextant.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.common.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));

  @Test
  void aCallerGetsItsBurstThenItsRateAndOthersAreNotAffected() {
    RateLimiter limiter = new RateLimiter(new RateLimit(2, 3), clock);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.take("a")).isZero();
    }
    assertThat(limiter.take("a")).as("a refill of one takes half a second at 2/s").isEqualTo(Duration.ofMillis(500));
    assertThat(limiter.take("b")).as("another caller has its own bucket").isZero();
    clock.advance(Duration.ofMillis(500));
    assertThat(limiter.take("a")).isZero();
    assertThat(limiter.take("a")).isPositive();
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.take("a")).as("refilled to the burst, not beyond").isZero();
    }
    assertThat(limiter.take("a")).isPositive();
  }

  @Test
  void fullBucketsAreSweptSoAScanOfAddressesCannotGrowTheMap() {
    RateLimiter limiter = new RateLimiter(new RateLimit(1, 1), clock);
    for (int i = 0; i <= RateLimiter.SWEEP_AT; i++) {
      limiter.take("10.0." + (i / 256) + "." + (i % 256));
    }
    clock.advance(Duration.ofSeconds(2));
    limiter.take("fresh");
    assertThat(limiter.callers()).isEqualTo(1);
  }
}
