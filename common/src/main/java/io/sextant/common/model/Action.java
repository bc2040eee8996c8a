package io.sextant.common.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An automated change to the cloud, chosen by a runbook for a trigger (an alarm, a diagnosis or a
 * detection). {@code verifyResource} is the resource whose KPI must recover for the action to
 * count as verified.
 */
public record Action(
    String id,
    String site,
    Instant time,
    ActionKind kind,
    String target,
    Map<String, String> params,
    String runbook,
    String trigger,
    String verifyResource)
    implements Message {

  public Action {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(runbook, "runbook");
    Objects.requireNonNull(trigger, "trigger");
    params = Labels.copyOf(params);
    verifyResource = verifyResource == null ? target : verifyResource;
    if (id == null) {
      id = Ids.of("act", runbook, kind.name(), target, trigger, Long.toString(time.toEpochMilli()));
    }
  }

  public String param(String name) {
    String v = params.get(name);
    if (v == null) {
      throw new IllegalArgumentException("action " + id + " (" + kind + ") has no parameter '" + name + "'");
    }
    return v;
  }
}
