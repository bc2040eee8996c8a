package io.sextant.actuator;

import io.sextant.common.action.Step;
import io.sextant.common.model.ActionKind;
import java.util.List;
import java.util.Objects;

/**
 * {@code actuators.routes[]}: the step that carries out an action of {@code kind} (null: any kind)
 * at a site matching {@code sites}, when its runbook names no steps. The first matching route wins.
 */
public record Route(ActionKind kind, List<String> sites, Step step) {
  public Route {
    Objects.requireNonNull(step, "step");
    sites = sites == null || sites.isEmpty() ? List.of("*") : List.copyOf(sites);
  }
}
