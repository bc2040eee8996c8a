package io.sextant.alarm.compat;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An alert as Alertmanager keeps it: the last posted version of a label set, with the times
 * Alertmanager would show ({@code startsAt} defaulted to the receipt time, {@code endsAt} to the
 * receipt time plus the resolve timeout when the sender gave none).
 *
 * @param generatorURL {@code ""} when the sender gave none
 * @param alarmKey the key of the alarm the alert feeds in the engine
 */
public record PostedAlert(String fingerprint, SortedMap<String, String> labels, SortedMap<String, String> annotations,
    Instant startsAt, Instant endsAt, Instant updatedAt, String generatorURL, String alarmKey) {
  private static final Class<?> UNMODIFIABLE = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

  public PostedAlert {
    Objects.requireNonNull(fingerprint, "fingerprint");
    // The intake hands over maps it decoded once, already unmodifiable, or for this alert alone:
    // kept as they are, or wrapped, never copied unless their order is not the natural one.
    labels = unmodifiable(labels);
    annotations = unmodifiable(annotations);
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    generatorURL = generatorURL == null ? "" : generatorURL;
    Objects.requireNonNull(alarmKey, "alarmKey");
  }

  private static SortedMap<String, String> unmodifiable(SortedMap<String, String> map) {
    if (map.comparator() != null) {
      return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
    return map.getClass() == UNMODIFIABLE ? map : Collections.unmodifiableSortedMap(map);
  }

  /** Resolved at {@code now}: its end has come (Alertmanager's {@code Resolved()}). */
  public boolean resolvedAt(Instant now) {
    return !endsAt.isAfter(now);
  }
}
