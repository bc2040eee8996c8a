package io.sextant.dashboards.lint;

import io.sextant.dashboards.model.Dashboard;
import java.util.List;

/** One lint rule: the problems it finds in a dashboard, each naming where (empty when clean). */
public interface Rule {
  String name();

  List<String> check(Dashboard d, LintContext ctx);
}
