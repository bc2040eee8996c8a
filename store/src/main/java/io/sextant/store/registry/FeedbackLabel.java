package io.sextant.store.registry;

import io.sextant.common.model.Ids;
import java.time.Instant;
import java.util.Objects;

/**
 * What a resource was really doing over {@code [from, to)}: a {@link Kind#FAULT} of kind
 * {@code cause}, or {@link Kind#NORMAL} (an alarm there was false). {@code source} says who
 * knows: {@code simulation}, {@code operator:<name>}, ... The id is stable on the label's content,
 * so recording the same label twice keeps one row.
 */
public record FeedbackLabel(String id, String site, String resource, Instant from, Instant to, Kind kind, String cause,
    String source, String note) {

  public enum Kind {
    FAULT,
    NORMAL
  }

  public FeedbackLabel {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(kind, "kind");
    if (from == null || to == null || !to.isAfter(from)) {
      throw new IllegalArgumentException("label on " + resource + ": needs from < to, got " + from + " .. " + to);
    }
    if (kind == Kind.FAULT && (cause == null || cause.isBlank())) {
      throw new IllegalArgumentException("label on " + resource + ": a FAULT label needs its cause");
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("label on " + resource + ": source must not be blank");
    }
    note = note == null ? "" : note;
    if (id == null) {
      id = Ids.of("lbl", site, resource, Long.toString(from.toEpochMilli()), Long.toString(to.toEpochMilli()),
          kind.name(), cause == null ? "" : cause, source);
    }
  }

  public static FeedbackLabel fault(String site, String resource, Instant from, Instant to, String cause, String source) {
    return new FeedbackLabel(null, site, resource, from, to, Kind.FAULT, cause, source, "");
  }

  public static FeedbackLabel normal(String site, String resource, Instant from, Instant to, String source,
      String note) {
    return new FeedbackLabel(null, site, resource, from, to, Kind.NORMAL, null, source, note);
  }

  /** Whether this label covers {@code resource} at {@code t}. */
  public boolean covers(String resource, Instant t) {
    return this.resource.equals(resource) && !t.isBefore(from) && t.isBefore(to);
  }
}
