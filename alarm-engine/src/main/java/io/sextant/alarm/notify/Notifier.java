package io.sextant.alarm.notify;

/**
 * One receiver integration (webhook, Slack, PagerDuty, CloudEvents, e-mail). It makes one attempt
 * and says in its {@link Outcome} whether a failure is worth retrying; retrying is the separate
 * {@link Retrying} stage. Implementations must not throw for delivery failures: they return them.
 */
@FunctionalInterface
public interface Notifier {
  Outcome send(Notification notification);
}
