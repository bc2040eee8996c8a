package io.sextant.alarm.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What each aggregation group last told its receiver, and when (Alertmanager's nflog). The
 * pipeline writes an entry after every delivered group notification and reads them all once, when
 * it is built, so a restarted centre knows what its receivers already have: an unchanged group is
 * not re-sent before its route's repeat interval. Delivery is at least once: a process killed
 * between a send and its entry sends that notification again after the restart.
 */
public interface NotificationLog {
  /**
   * @param groupKey the group ({@link Notification#groupKey()}: route name and group labels)
   * @param firing the open alarms the last notification carried; empty when it carried none
   * @param resolved the cleared alarms it carried
   */
  record Entry(String groupKey, String receiver, Instant sentAt, Set<String> firing, Set<String> resolved) {
    public Entry {
      Objects.requireNonNull(groupKey, "groupKey");
      Objects.requireNonNull(receiver, "receiver");
      Objects.requireNonNull(sentAt, "sentAt");
      firing = Set.copyOf(firing);
      resolved = Set.copyOf(resolved);
    }
  }

  /** Every entry kept; read once when the pipeline is built. */
  List<Entry> entries();

  /**
   * Records a delivered notification, replacing the group's entry. An entry with nothing firing
   * may be dropped instead: the group's next alarm is news whatever the log says.
   */
  void delivered(Entry entry);

  /** Keeps nothing: a restart re-notifies every open alarm after its group wait. */
  NotificationLog NONE = new NotificationLog() {
    @Override
    public List<Entry> entries() {
      return List.of();
    }

    @Override
    public void delivered(Entry entry) {
      // nothing kept
    }
  };
}
