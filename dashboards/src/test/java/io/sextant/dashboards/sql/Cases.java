package io.sextant.dashboards.sql;

import io.sextant.dashboards.grafana.TemplateVariables;
import io.sextant.dashboards.model.Dashboard;
import io.sextant.dashboards.model.Panel;
import io.sextant.dashboards.model.Query;
import io.sextant.dashboards.model.Variable;
import io.sextant.dashboards.sql.PanelCase.Mode;
import io.sextant.dashboards.sql.PanelCase.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The cases of every query: with no variable, one case per range; with variables, All over the
 * three ranges (raw samples, 1-minute and 1-hour rollups), one value over a short and a long
 * range, two values over a day, and a value with quotes over an hour. A panel with its own
 * relative range ({@code timeFrom}) runs over that range only; a query without time macros once.
 */
final class Cases {
  /** Which ranges each way of setting the variables runs over. */
  private static final Map<Mode, List<Span>> SPANS = Map.of(
      Mode.NONE, List.of(Span.HOUR, Span.DAY, Span.QUARTER),
      Mode.ALL, List.of(Span.HOUR, Span.DAY, Span.QUARTER),
      Mode.ONE, List.of(Span.HOUR, Span.QUARTER),
      Mode.SEVERAL, List.of(Span.DAY),
      Mode.QUOTE, List.of(Span.HOUR));

  private Cases() {}

  static List<PanelCase> of(List<Dashboard> dashboards) {
    List<PanelCase> out = new ArrayList<>();
    for (Dashboard d : dashboards) {
      for (Panel p : d.panels()) {
        for (Query t : p.targets()) {
          add(out, d, PanelCase.PANEL_KIND, p.id(), p.title(), t, p.timeFrom() != null);
        }
      }
      for (Query a : d.annotations()) {
        add(out, d, PanelCase.ANNOTATION, 0, a.refId(), a, false);
      }
      for (Variable v : d.variables()) {
        add(out, d, PanelCase.VARIABLE, 0, v.name(), v.query(), false);
      }
    }
    return out;
  }

  private static void add(List<PanelCase> out, Dashboard d, String kind, int panelId, String title, Query q,
      boolean ownRange) {
    boolean timed = q.rawSql().contains("$__");
    List<Mode> modes = variablesOf(d, q.rawSql()).isEmpty() ? List.of(Mode.NONE)
        : List.of(Mode.ALL, Mode.ONE, Mode.SEVERAL, Mode.QUOTE);
    for (Mode mode : modes) {
      List<Span> spans = !timed ? List.of(Span.NONE) : ownRange ? List.of(Span.PANEL) : SPANS.get(mode);
      for (Span span : spans) {
        out.add(new PanelCase(d.uid(), kind, panelId, title, q.refId(), mode, span));
      }
    }
  }

  /** The dashboard's variables {@code sql} needs, directly or through another variable's query. */
  static Set<String> variablesOf(Dashboard d, String sql) {
    Set<String> needed = new LinkedHashSet<>();
    Matcher m = TemplateVariables.VARIABLE_PATTERN.matcher(sql);
    while (m.find()) {
      for (int g : new int[] {1, 2, 4}) {
        String name = m.group(g);
        if (name != null && d.variable(name).isPresent() && needed.add(name)) {
          needed.addAll(variablesOf(d, d.variable(name).get().query().rawSql()));
        }
      }
    }
    return needed;
  }
}
