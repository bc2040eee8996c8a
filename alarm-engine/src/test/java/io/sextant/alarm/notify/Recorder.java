package io.sextant.alarm.notify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An in-memory receiver for timeline tests: records what it was sent, always delivers. */
final class Recorder implements Notifier {
  final List<Notification> sent = Collections.synchronizedList(new ArrayList<>());

  @Override
  public synchronized Outcome send(Notification notification) {
    sent.add(notification);
    return Outcome.delivered("recorded");
  }
}
