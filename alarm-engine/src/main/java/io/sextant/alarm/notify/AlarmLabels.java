package io.sextant.alarm.notify;

import io.sextant.common.model.Alarm;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The label set routing, silences and inhibition match on: the alarm's own labels (for alarms
 * from Prometheus, the alert's labels) plus {@code alertname} (the probable cause if absent),
 * {@code resource}, {@code severity} (lower case X.733 severity), {@code site} and
 * {@code eventType}. Own labels win, so a Prometheus {@code severity} label stays as sent.
 */
public final class AlarmLabels {
  private AlarmLabels() {}

  public static Map<String, String> of(Alarm alarm) {
    Map<String, String> labels = new TreeMap<>(alarm.labels());
    labels.putIfAbsent("alertname", alarm.probableCause());
    labels.putIfAbsent("resource", alarm.resource());
    labels.putIfAbsent("severity", alarm.perceivedSeverity().name().toLowerCase(Locale.ROOT));
    labels.putIfAbsent("site", alarm.site());
    labels.putIfAbsent("eventType", alarm.eventType().name().toLowerCase(Locale.ROOT));
    return labels;
  }
}
