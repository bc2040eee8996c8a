package io.sextant.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What the centre asks one site's edge to do, on that site's {@code commands} topic: apply an
 * action, roll one back, or (when a centre starts) just say hello. The action keeps its own id, so
 * an edge rolls back what it applied under that id, and a redelivered command has the command's
 * same id (apply and rollback of one action differ by kind).
 *
 * @param site the site the command is for (the topic's key), not the site the action targets
 * @param action the action to apply or roll back; null only for {@link Kind#HELLO}
 */
public record Command(String id, String site, Instant time, Kind kind, Action action) implements Message {
  /** What to do with {@link #action()}. */
  public enum Kind {
    APPLY,
    ROLLBACK,
    /**
     * Sent by a centre when it starts: edges only log it. It also creates the centre's producer
     * for the site's topic, so the first real command is not held up by that.
     */
    HELLO
  }

  public Command {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    if ((action == null) != (kind == Kind.HELLO)) {
      throw new IllegalArgumentException("action: required for " + kind + (kind == Kind.HELLO ? " (must be absent)" : ""));
    }
    if (id == null) {
      id = Ids.of("cmd", site, kind.name(), action == null ? Long.toString(time.toEpochMilli()) : action.id());
    }
  }

  public static Command apply(String site, Action action) {
    return new Command(null, site, action.time(), Kind.APPLY, action);
  }

  public static Command rollback(String site, Action action, Instant time) {
    return new Command(null, site, time, Kind.ROLLBACK, action);
  }

  public static Command hello(String site, Instant time) {
    return new Command(null, site, time, Kind.HELLO, null);
  }
}
