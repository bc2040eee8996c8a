package io.sextant.alarm.compat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * One alert as {@code GET /api/v2/alerts} shows it (Alertmanager's {@code gettableAlert}).
 *
 * @param state {@code active} or {@code suppressed} (Sextant takes alerts synchronously, so none
 *     is ever {@code unprocessed})
 * @param silencedBy the ids of the silences and maintenance windows muting it
 * @param inhibitedBy the inhibition rule holding it, or the root-cause alarm it is a symptom of
 */
public record AlertView(String fingerprint, SortedMap<String, String> labels, SortedMap<String, String> annotations,
    Instant startsAt, Instant endsAt, Instant updatedAt, String generatorURL, List<String> receivers, String state,
    List<String> silencedBy, List<String> inhibitedBy) {
  public AlertView {
    Objects.requireNonNull(fingerprint, "fingerprint");
    receivers = List.copyOf(receivers);
    silencedBy = List.copyOf(silencedBy);
    inhibitedBy = List.copyOf(inhibitedBy);
  }

  /** One group of {@code GET /api/v2/alerts/groups}: a receiver's alerts with the same group labels. */
  public record Group(SortedMap<String, String> labels, String receiver, List<AlertView> alerts) {
    public Group {
      alerts = List.copyOf(alerts);
    }
  }
}
