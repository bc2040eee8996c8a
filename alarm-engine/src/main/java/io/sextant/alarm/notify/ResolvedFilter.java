package io.sextant.alarm.notify;

import io.sextant.common.model.Alarm;
import java.util.List;
import java.util.Objects;

/**
 * Alertmanager's {@code send_resolved: false}: cleared alarms are taken out of a notification, and
 * one with nothing left firing is not sent at all (counted as delivered: there was nothing to say).
 */
public final class ResolvedFilter implements Notifier {
  private final Notifier inner;

  public ResolvedFilter(Notifier inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  @Override
  public Outcome send(Notification n) {
    List<Alarm> firing = n.alarms().stream().filter(a -> !a.cleared()).toList();
    if (firing.isEmpty()) {
      return Outcome.delivered("not sent: only cleared alarms, and this integration does not send resolved ones");
    }
    if (firing.size() == n.alarms().size()) {
      return inner.send(n);
    }
    return inner.send(new Notification(n.receiver(), n.groupKey(), n.groupLabels(), firing, n.reason(), n.at()));
  }
}
