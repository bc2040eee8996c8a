package io.sextant.dashboards.lint;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.dashboards.grafana.PostgresMacros;
import io.sextant.dashboards.grafana.TemplateVariables;
import io.sextant.dashboards.model.Dashboard;
import io.sextant.dashboards.model.Panel;
import io.sextant.dashboards.model.Query;
import io.sextant.dashboards.model.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rules on the queries: where they run, what they reference, how they read time and samples. */
final class QueryRules {
  private static final Set<String> BUILT_INS = Set.of("__interval", "__interval_ms", "__from", "__to");
  private static final Pattern VARIABLE_REF = Pattern.compile("\\$\\{?(\\w+)|\\[\\[(\\w+)");
  private static final Pattern SITE_LITERAL = Pattern.compile("'(central|edge-\\d+)'|\\bsite\\s*(=|IN\\s*\\()\\s*'",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TIME_MACRO = Pattern.compile("\\$__(timeFilter|timeFrom|timeTo|unixEpochFilter)\\(");
  private static final Pattern RAW_SAMPLES = Pattern.compile("\\bsamples\\b(?!_)");
  private static final Pattern SAMPLE_VALUE = Pattern.compile("\\bvalue\\b");
  private static final Pattern MACRO_CALL = Pattern.compile("\\$(__\\w+)\\(([^)]*)\\)?");

  private QueryRules() {}

  static List<String> datasource(Dashboard d, LintContext ctx) {
    List<String> out = new ArrayList<>();
    for (Panel p : d.panels()) {
      String where = "panel '" + p.title() + "'";
      if (p.type().equals("text")) {
        if (!p.targets().isEmpty()) {
          out.add(where + ": a text panel with queries");
        }
        continue;
      }
      check(out, where, p.json().get("datasource"), ctx);
      if (p.targets().isEmpty()) {
        out.add(where + ": no query");
      }
      p.targets().forEach(t -> check(out, where + " target " + t.refId(), t.datasource(), ctx));
    }
    d.annotations().forEach(a -> check(out, "annotation '" + a.refId() + "'", a.datasource(), ctx));
    d.variables().forEach(v -> check(out, "variable $" + v.name(), v.json().get("datasource"), ctx));
    return out;
  }

  private static void check(List<String> out, String where, JsonNode ds, LintContext ctx) {
    if (ds == null || !ds.isObject()) {
      out.add(where + ": no data source (the default one is not necessarily Sextant's)");
    } else if (!ctx.datasourceUid().equals(ds.path("uid").asText())
        || !ctx.datasourceType().equals(ds.path("type").asText())) {
      out.add(where + ": data source " + ds + ", expected uid " + ctx.datasourceUid() + " of type "
          + ctx.datasourceType());
    }
  }

  static List<String> variables(Dashboard d, LintContext ctx) {
    List<String> out = new ArrayList<>();
    Set<String> defined = new HashSet<>();
    for (Variable v : d.variables()) {
      String where = "variable $" + v.name();
      if (!v.json().path("type").asText().equals("query")) {
        out.add(where + ": only query variables are used");
      }
      if (!v.multi() || !v.includeAll()) {
        out.add(where + ": must allow several values and All (the NOC compares sites)");
      }
      if (v.allValue() != null) {
        out.add(where + ": a custom all value is inserted into SQL unquoted; leave it out (All = every option)");
      }
      int refresh = v.json().path("refresh").asInt();
      if (refresh != 1 && refresh != 2) {
        out.add(where + ": refresh must be 1 (on load) or 2 (on time range change), got " + refresh);
      }
      references(out, where, v.query(), defined);
      defined.add(v.name());
    }
    for (Panel p : d.panels()) {
      p.targets().forEach(t -> references(out, "panel '" + p.title() + "' " + t.refId(), t, defined));
    }
    d.annotations().forEach(a -> references(out, "annotation '" + a.refId() + "'", a, defined));
    String everything = d.json().toString();
    for (Variable v : d.variables()) {
      String rest = everything.replace("\"name\":\"" + v.name() + "\"", "");
      if (!Pattern.compile("\\$\\{?" + v.name() + "\\b|var-" + v.name() + "=").matcher(rest).find()) {
        out.add("variable $" + v.name() + " is defined but never used");
      }
    }
    return out;
  }

  /** Every $name a query uses is a variable defined before it, a built-in, or a macro; formats are emulated. */
  private static void references(List<String> out, String where, Query q, Set<String> defined) {
    Matcher m = VARIABLE_REF.matcher(q.rawSql());
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      if (!defined.contains(name) && !BUILT_INS.contains(name) && !PostgresMacros.NAMES.contains(name)) {
        out.add(where + ": $" + name + " is not a variable defined before it, a built-in or a macro");
      }
    }
    Matcher f = Pattern.compile("\\$\\{\\w+(?:\\.[^:}]+)?:([^}]+)}").matcher(q.rawSql());
    while (f.find()) {
      if (!TemplateVariables.FORMATS.contains(f.group(1))) {
        out.add(where + ": format '" + f.group(1) + "' is not tested; use " + TemplateVariables.FORMATS);
      }
    }
  }

  static List<String> noHardCodedSite(Dashboard d, LintContext ctx) {
    List<String> out = new ArrayList<>();
    for (Query q : d.queries()) {
      Matcher m = SITE_LITERAL.matcher(q.rawSql());
      if (m.find()) {
        out.add("query " + q.refId() + ": hard-coded site '" + m.group() + "'; filter with $site");
      }
    }
    return out;
  }

  static List<String> formats(Dashboard d, LintContext ctx) {
    List<String> out = new ArrayList<>();
    for (Panel p : d.panels()) {
      for (Query t : p.targets()) {
        String where = "panel '" + p.title() + "' " + t.refId();
        if (p.type().equals("timeseries")) {
          if (!t.timeSeries()) {
            out.add(where + ": a time series panel's query must use the time_series format");
          }
          if (!TIME_MACRO.matcher(t.rawSql()).find()) {
            out.add(where + ": a time series must filter on the range ($__timeFilter, $__timeFrom() ...)");
          }
          if (!t.rawSql().toUpperCase().contains("ORDER BY")) {
            out.add(where + ": a time series must be ORDER BY time (Grafana refuses unsorted long frames)");
          }
        } else if (!Query.TABLE.equals(t.format())) {
          out.add(where + ": a " + p.type() + " panel's query must use the table format");
        }
      }
    }
    for (Query a : d.annotations()) {
      if (!TIME_MACRO.matcher(a.rawSql()).find()) {
        out.add("annotation '" + a.refId() + "': must filter on the range");
      }
    }
    return out;
  }

  static List<String> rollups(Dashboard d, LintContext ctx) {
    List<String> out = new ArrayList<>();
    for (Query q : d.queries()) {
      String sql = q.rawSql();
      if (RAW_SAMPLES.matcher(sql).find() && SAMPLE_VALUE.matcher(sql).find()
          && !(sql.contains("samples_1m") && sql.contains("samples_1h") && sql.contains("$__interval_ms"))) {
        out.add("query " + q.refId() + ": reads sample values from samples only; long ranges must read samples_1m "
            + "and samples_1h, chosen by $__interval_ms");
      }
    }
    return out;
  }

  static List<String> macros(Dashboard d, LintContext ctx) {
    List<String> out = new ArrayList<>();
    for (Query q : d.queries()) {
      Matcher m = MACRO_CALL.matcher(q.rawSql());
      while (m.find()) {
        if (!PostgresMacros.NAMES.contains(m.group(1))) {
          out.add("query " + q.refId() + ": unknown macro $" + m.group(1));
        } else if (m.group(2).contains("(")) {
          out.add("query " + q.refId() + ": $" + m.group(1) + "(" + m.group(2) + "...: Grafana ends a macro's "
              + "arguments at the first ')'");
        }
      }
    }
    return out;
  }
}
