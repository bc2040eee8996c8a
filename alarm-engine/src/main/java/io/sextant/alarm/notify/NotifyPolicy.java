package io.sextant.alarm.notify;

import io.sextant.common.model.Alarm;

/**
 * Grouped symptoms stay quiet: an alarm with a parent is explained by its root, and the root's
 * notification (which lists its correlated alarms) speaks for it. One page for a lossy link, not
 * one per path crossing it.
 */
public final class NotifyPolicy {
  private NotifyPolicy() {}

  /** True unless the alarm is a symptom grouped under a root cause. */
  public static boolean shouldNotify(Alarm alarm) {
    return alarm.parentAlarmId() == null;
  }
}
