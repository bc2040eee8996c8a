package io.sextant.dashboards.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** One dashboard file. */
public record Dashboard(String file, String uid, String title, List<Variable> variables, List<Query> annotations,
    List<Panel> panels, JsonNode json) {

  public Optional<Variable> variable(String name) {
    return variables.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  public Panel panel(String title) {
    return panels.stream().filter(p -> p.title().equals(title)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(uid + " has no panel '" + title + "'"));
  }

  /** Every query of the dashboard: panel targets, annotations, variables. */
  public List<Query> queries() {
    return java.util.stream.Stream.of(
        panels.stream().flatMap(p -> p.targets().stream()),
        annotations.stream(),
        variables.stream().map(Variable::query)).flatMap(s -> s).toList();
  }

  @Override
  public String toString() {
    return uid;
  }
}
