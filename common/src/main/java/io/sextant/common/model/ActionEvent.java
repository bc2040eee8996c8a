package io.sextant.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of an action's lifecycle, as recorded in the audit log. Edges publish theirs so the
 * centre's audit log covers local repairs too.
 */
public record ActionEvent(String id, String site, Instant time, Action action, ActionState state, String detail)
    implements Message {

  public ActionEvent {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(state, "state");
    detail = detail == null ? "" : detail;
    if (id == null) {
      id = Ids.of("aev", action.id(), state.name());
    }
  }
}
