package io.sextant.alarm.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * The retry stage: repeats a {@link Notifier}'s attempt while its outcome is
 * {@link Outcome.Status#RETRY}, with capped exponential backoff, up to the policy's attempts.
 * A permanent failure stops at once. The returned outcome's detail counts the attempts.
 */
public final class Retrying implements Notifier {
  private final Notifier inner;
  private final RetryPolicy policy;
  private final Sleeper sleeper;

  public Retrying(Notifier inner, RetryPolicy policy, Sleeper sleeper) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  @Override
  public Outcome send(Notification notification) {
    Outcome outcome = null;
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      outcome = inner.send(notification);
      if (!outcome.retryable()) {
        return new Outcome(outcome.status(), outcome.detail() + " (attempt " + attempt + ")");
      }
      if (attempt < policy.maxAttempts()) {
        Duration wait = policy.backoff(attempt);
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Outcome.retry(outcome.detail() + " (interrupted after attempt " + attempt + ")");
        }
      }
    }
    return Outcome.retry(outcome.detail() + " (gave up after " + policy.maxAttempts() + " attempts)");
  }
}
