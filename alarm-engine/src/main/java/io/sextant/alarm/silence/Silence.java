package io.sextant.alarm.silence;

import io.sextant.common.match.Matcher;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A silence as in Alertmanager: active in [startsAt, endsAt) for alarms matching every matcher. */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
    String comment) {
  public Silence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    matchers = List.copyOf(matchers);
    if (matchers.isEmpty()) {
      // A silence without matchers would mute everything: almost always a mistake.
      throw new IllegalArgumentException("a silence needs at least one matcher");
    }
    if (!endsAt.isAfter(startsAt)) {
      throw new IllegalArgumentException("endsAt " + endsAt + " must be after startsAt " + startsAt);
    }
    if (createdBy == null || createdBy.isBlank()) {
      throw new IllegalArgumentException("createdBy is required and must not be blank");
    }
    comment = comment == null ? "" : comment;
  }

  public boolean activeAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(endsAt);
  }

  /**
   * The silence ended at {@code now}; unchanged if it had ended already. A silence that has not
   * started yet (or starts at this very instant) ends too: its start moves to one millisecond
   * before now, as a silence must last (Alertmanager sets both to now).
   */
  public Silence expiredAt(Instant now) {
    if (!now.isBefore(endsAt)) {
      return this;
    }
    return new Silence(id, matchers, now.isAfter(startsAt) ? startsAt : now.minusMillis(1), now, createdBy, comment);
  }
}
