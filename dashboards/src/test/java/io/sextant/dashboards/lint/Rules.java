package io.sextant.dashboards.lint;

import io.sextant.dashboards.model.Dashboard;
import java.util.List;
import java.util.function.BiFunction;

/** Every rule, in the order a report lists them. */
public final class Rules {
  private Rules() {}

  /** A rule from a function. */
  record Named(String name, BiFunction<Dashboard, LintContext, List<String>> check) implements Rule {
    @Override
    public List<String> check(Dashboard d, LintContext ctx) {
      return check.apply(d, ctx);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public static List<Rule> all() {
    return List.of(
        new Named("dashboard uid, title and tags", DashboardRules::identity),
        new Named("links point at existing dashboards", DashboardRules::links),
        new Named("panel ids unique, titles and descriptions", PanelRules::titles),
        new Named("units on numeric panels", PanelRules::units),
        new Named("every query on the provisioned data source", QueryRules::datasource),
        new Named("template variables defined, used and known", QueryRules::variables),
        new Named("no hard-coded site", QueryRules::noHardCodedSite),
        new Named("time series filter on time, tables use table format", QueryRules::formats),
        new Named("sample values read through the rollups", QueryRules::rollups),
        new Named("macros known, arguments without parentheses", QueryRules::macros));
  }
}
