package io.sextant.alarm.ingest;

import io.sextant.alarm.compat.Fingerprint;
import io.sextant.alarm.compat.PostedAlerts;
import io.sextant.common.model.Detection;
import io.sextant.common.model.Labels;
import io.sextant.common.model.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;

/**
 * A posted {@code labels} object, decoded and checked, with everything the intake derives from it
 * alone, computed once: kept in the decoder's cache, so a resent alert reuses all of it.
 * Immutable but for the last detection id, the last alert's other fields and the v2 table's
 * slot, caches of their own.
 */
final class LabelSet extends PostedAlerts.SlotHolder {
  static final LabelSet EMPTY = new LabelSet(Collections.emptySortedMap());

  /** Sorted by name (as the series id and fingerprint need), unmodifiable. */
  final SortedMap<String, String> labels;
  /**
   * The same labels as the detections and alarms keep them ({@link Labels#copyOf}), made once for
   * the set rather than at every detection made from it; null with {@link #alertname}.
   */
  final Map<String, String> kept;
  /** Null when missing or blank: the alert is rejected, and the fields below are null. */
  final String alertname;
  final String site;
  final String resource;
  final String alarmKey;
  final String fingerprint;
  final Severity severity;
  final long seriesId;
  /** The id last made for this series: a resend has the same state and start, so the same id. */
  private volatile LastId last;

  private record LastId(Detection.State state, long millis, String id) {}

  /**
   * The other fields of the last plain alert posted with this set, as the decoder read them: a
   * Prometheus resend repeats its annotations, start and generator URL byte for byte, so the
   * decoder compares them with these instead of hashing and looking each up in its caches.
   */
  volatile Seen seen;

  /** The last {@code startsAt} of an alert with this set, as read ({@code AlertIntake.startOf}). */
  volatile Time start;

  /** A time field's text and the instant it names (null: not set). */
  record Time(String text, Instant at) {}

  /** @param annotationsKey the raw bytes {@code annotations} was read from */
  record Seen(byte[] annotationsKey, AnnotationSet annotations, String startsAt, String generator) {}

  private LabelSet(SortedMap<String, String> labels) {
    this.labels = Collections.unmodifiableSortedMap(labels);
    String name = labels.get("alertname");
    this.alertname = name == null || name.isBlank() ? null : name;
    if (alertname == null) {
      site = resource = alarmKey = fingerprint = null;
      kept = null;
      severity = null;
      seriesId = 0;
      return;
    }
    site = labels.getOrDefault("site", AlertIntake.DEFAULT_SITE);
    resource = AlertIntake.resourceOf(labels);
    alarmKey = resource + "|" + alertname;
    fingerprint = Fingerprint.of(labels);
    severity = AlertIntake.severityOf(labels.get("severity"));
    seriesId = DetectionIds.seriesId(site, alertname, labels);
    kept = Labels.copyOf(labels);
  }

  /** @param labels sorted by name with natural order, decoded for this set alone (wrapped, not copied) */
  static LabelSet of(SortedMap<String, String> labels) {
    return labels.isEmpty() ? EMPTY : new LabelSet(labels);
  }

  /** No labels: {@link #of} gives {@link #EMPTY} for every empty map, so no map is read for it. */
  boolean isEmpty() {
    return this == EMPTY;
  }

  /** Valid enough to keep: an alert with it is not rejected for its labels. */
  boolean valid() {
    return alertname != null;
  }

  /** The detection id of this series in {@code state} at {@code millis}, as {@link Detection} makes it. */
  String detectionId(Detection.State state, long millis) {
    LastId l = last;
    if (l != null && l.millis == millis && l.state == state) {
      return l.id;
    }
    String id = DetectionIds.detectionId(site, alertname, seriesId, state, millis);
    last = new LastId(state, millis, id);
    return id;
  }
}
