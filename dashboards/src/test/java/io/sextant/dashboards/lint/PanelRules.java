package io.sextant.dashboards.lint;

import io.sextant.dashboards.model.Dashboard;
import io.sextant.dashboards.model.Panel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rules on each panel's presentation. */
final class PanelRules {
  private PanelRules() {}

  static List<String> titles(Dashboard d, LintContext ctx) {
    List<String> out = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (Panel p : d.panels()) {
      String where = "panel " + p.id() + " '" + p.title() + "'";
      if (p.id() <= 0 || !ids.add(p.id())) {
        out.add(where + ": id missing or not unique");
      }
      if (p.title().isBlank()) {
        out.add(where + ": no title");
      } else if (!titles.add(p.title())) {
        out.add(where + ": title used twice");
      }
      if (p.json().path("description").asText().isBlank()) {
        out.add(where + ": no description (say what it shows and from which table)");
      }
      if (!p.json().path("gridPos").has("w")) {
        out.add(where + ": no gridPos");
      }
      if (p.type().equals("row")) {
        out.add(where + ": rows are not used (collapsed rows hide panels from the tests' reading of the JSON)");
      }
    }
    return out;
  }

  static List<String> units(Dashboard d, LintContext ctx) {
    List<String> out = new ArrayList<>();
    for (Panel p : d.panels()) {
      if (p.numeric() && p.json().path("fieldConfig").path("defaults").path("unit").asText().isBlank()) {
        out.add("panel '" + p.title() + "' (" + p.type() + "): no unit in fieldConfig.defaults");
      }
    }
    return out;
  }
}
