package io.sextant.alarm.ingest;

import java.util.Collections;
import java.util.SortedMap;

/**
 * A posted {@code annotations} object, decoded and checked, kept in the decoder's cache like a
 * {@link LabelSet}.
 *
 * @param annotations sorted by name, unmodifiable
 * @param summary the {@code summary} annotation, else {@code description}, else null: the problem text
 */
record AnnotationSet(SortedMap<String, String> annotations, String summary) {
  static final AnnotationSet EMPTY = new AnnotationSet(Collections.emptySortedMap(), null);

  /** @param annotations decoded for this set alone (wrapped, not copied) */
  static AnnotationSet of(SortedMap<String, String> annotations) {
    if (annotations.isEmpty()) {
      return EMPTY;
    }
    return new AnnotationSet(Collections.unmodifiableSortedMap(annotations),
        annotations.getOrDefault("summary", annotations.get("description")));
  }

  /** The alarm's specific problem for an alert named {@code alertname}. */
  String problem(String alertname) {
    return summary == null || summary.isBlank() ? alertname : alertname + ": " + summary;
  }
}
