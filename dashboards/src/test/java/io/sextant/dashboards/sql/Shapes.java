package io.sextant.dashboards.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.sextant.dashboards.model.Panel;
import io.sextant.dashboards.model.Query;
import io.sextant.dashboards.sql.Result.Column;
import io.sextant.dashboards.sql.Result.Kind;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a result has what its panel needs, by Grafana's reading of SQL results: a time series
 * needs a {@code time} column (a timestamp or epoch number, never null, ascending: Grafana refuses
 * an unsorted long frame) and numbers, the other columns naming series; a stat one row with one
 * number; a bar gauge or pie chart per row a label and one number; a bar chart its x field and
 * numbers; a table the columns its overrides and transformations name; an annotation a time and
 * text; a variable its value (and text) columns.
 */
final class Shapes {
  private Shapes() {}

  static List<String> panel(Panel p, Query q, Result r) {
    List<String> out = new ArrayList<>(uniqueNames(r));
    if (q.timeSeries()) {
      out.addAll(timeSeries(r));
      return out;
    }
    switch (p.type()) {
      case "stat", "gauge", "bargauge", "piechart" -> out.addAll(p.valuesPerRow() ? labelled(r) : single(r));
      case "barchart" -> out.addAll(barchart(p, r));
      case "table" -> out.addAll(table(p, r));
      default -> out.add("no shape rule for a " + p.type() + " panel");
    }
    return out;
  }

  static List<String> annotation(Result r) {
    List<String> out = new ArrayList<>(uniqueNames(r));
    require(out, r, "time", Kind.TIME, Kind.NUMBER);
    optional(out, r, "timeend", Kind.TIME, Kind.NUMBER);
    optional(out, r, "text", Kind.TEXT);
    optional(out, r, "tags", Kind.TEXT);
    return out;
  }

  static List<String> variable(Result r) {
    List<String> out = new ArrayList<>(uniqueNames(r));
    if (r.columns().isEmpty()) {
      out.add("no column");
    } else if (r.column("__value") != null || r.column("__text") != null) {
      require(out, r, "__value", Kind.TEXT);
      require(out, r, "__text", Kind.TEXT);
    } else if (r.columns().get(0).kind() != Kind.TEXT) {
      out.add("the first column is the option and must be text, got " + r.columns().get(0));
    }
    return out;
  }

  private static List<String> timeSeries(Result r) {
    List<String> out = new ArrayList<>();
    require(out, r, "time", Kind.TIME, Kind.NUMBER);
    int numbers = 0;
    for (Column c : r.columns()) {
      if (c.name().equals("time")) {
        continue;
      }
      if (c.kind() == Kind.NUMBER) {
        numbers++;
      } else if (c.kind() != Kind.TEXT) {
        out.add("column " + c + ": a time series takes numbers and text (series names) only");
      }
    }
    if (numbers == 0) {
      out.add("no numeric column to plot");
    }
    int t = r.index("time");
    if (t >= 0) {
      Comparable<Object> previous = null;
      for (Object[] row : r.rows()) {
        if (row[t] == null) {
          out.add("a null time");
          break;
        }
        @SuppressWarnings("unchecked")
        Comparable<Object> now = (Comparable<Object>) (row[t] instanceof Timestamp ts ? ts.toInstant() : row[t]);
        if (previous != null && previous.compareTo(now) > 0) {
          out.add("rows not in time order at " + now);
          break;
        }
        previous = now;
      }
    }
    return out;
  }

  private static List<String> single(Result r) {
    List<String> out = new ArrayList<>();
    if (r.rows().size() != 1) {
      out.add("a stat shows one number: expected one row, got " + r.rows().size());
    }
    if (r.columns().size() != 1 || r.columns().get(0).kind() != Kind.NUMBER) {
      out.add("a stat shows one number: expected one numeric column, got " + r.columns());
    }
    return out;
  }

  private static List<String> labelled(Result r) {
    List<String> out = new ArrayList<>();
    long numbers = r.columns().stream().filter(c -> c.kind() == Kind.NUMBER).count();
    if (r.columns().isEmpty() || r.columns().get(0).kind() != Kind.TEXT || numbers != 1
        || r.columns().size() != 2) {
      out.add("one value per row needs a text label then one number, got " + r.columns());
    }
    return out;
  }

  private static List<String> barchart(Panel p, Result r) {
    List<String> out = new ArrayList<>();
    String x = p.json().path("options").path("xField").asText();
    require(out, r, x, Kind.TEXT);
    for (Column c : r.columns()) {
      if (!c.name().equals(x) && c.kind() != Kind.NUMBER) {
        out.add("column " + c + ": a bar chart plots numbers besides its x field " + x);
      }
    }
    if (r.columns().size() < 2) {
      out.add("a bar chart needs at least one numeric column");
    }
    return out;
  }

  private static List<String> table(Panel p, Result r) {
    List<String> out = new ArrayList<>();
    optional(out, r, "time", Kind.TIME);
    for (JsonNode o : p.json().path("fieldConfig").path("overrides")) {
      if (o.path("matcher").path("id").asText().equals("byName")) {
        require(out, r, o.path("matcher").path("options").asText(), Kind.values());
      }
    }
    for (JsonNode t : p.json().path("transformations")) {
      if (t.path("id").asText().equals("groupingToMatrix")) {
        JsonNode o = t.path("options");
        require(out, r, o.path("rowField").asText(), Kind.TEXT);
        require(out, r, o.path("columnField").asText(), Kind.TEXT);
        require(out, r, o.path("valueField").asText(), Kind.NUMBER);
      }
    }
    return out;
  }

  private static List<String> uniqueNames(Result r) {
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    r.columns().forEach(c -> {
      if (!seen.add(c.name())) {
        out.add("column name " + c.name() + " twice");
      }
    });
    return out;
  }

  private static void require(List<String> out, Result r, String name, Kind... kinds) {
    Column c = r.column(name);
    if (c == null) {
      out.add("no column '" + name + "' in " + r.columns());
    } else {
      optional(out, r, name, kinds);
    }
  }

  private static void optional(List<String> out, Result r, String name, Kind... kinds) {
    Column c = r.column(name);
    if (c != null && !List.of(kinds).contains(c.kind())) {
      out.add("column " + c + " should be " + List.of(kinds));
    }
  }
}
