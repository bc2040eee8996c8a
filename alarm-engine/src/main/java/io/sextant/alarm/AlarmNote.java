package io.sextant.alarm;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's (or the closed loop's) note on an alarm: an acknowledgement, a clear or a free
 * comment, with who and when. Kept by the engine because the wire {@code Alarm} has no place for
 * them; TMF642 shows the comments.
 */
public record AlarmNote(String alarmId, Instant time, String author, Kind kind, String text) {

  public enum Kind {
    ACKNOWLEDGED,
    UNACKNOWLEDGED,
    CLEARED,
    COMMENT,
    /** An operator grouped the alarm under a parent, or took it out of one; the text names the parent. */
    GROUPED,
    UNGROUPED
  }

  public AlarmNote {
    Objects.requireNonNull(alarmId, "alarmId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(kind, "kind");
    text = text == null ? "" : text;
  }
}
