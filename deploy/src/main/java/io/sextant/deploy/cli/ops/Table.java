package io.sextant.deploy.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Left-aligned columns, as amtool prints them; a cell is cut at {@link #MAX_CELL} characters. */
final class Table {
  static final int MAX_CELL = 60;

  private final List<String> headers = new ArrayList<>();
  private final List<Function<JsonNode, String>> cells = new ArrayList<>();

  Table column(String header, Function<JsonNode, String> cell) {
    headers.add(header);
    cells.add(cell);
    return this;
  }

  /** A column showing a field, or a dotted path of fields ({@code alarmedObject.id}). */
  Table column(String header, String path) {
    return column(header, n -> text(n, path));
  }

  static String text(JsonNode n, String path) {
    JsonNode v = n;
    for (String part : path.split("\\.")) {
      v = v == null ? null : v.get(part);
    }
    return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
  }

  void print(Iterable<JsonNode> rows, PrintWriter out) {
    List<String[]> lines = new ArrayList<>();
    lines.add(headers.toArray(String[]::new));
    for (JsonNode row : rows) {
      String[] line = new String[cells.size()];
      for (int i = 0; i < line.length; i++) {
        String c = cells.get(i).apply(row).replace('\n', ' ');
        line[i] = c.length() > MAX_CELL ? c.substring(0, MAX_CELL - 1) + "…" : c;
      }
      lines.add(line);
    }
    int[] width = new int[headers.size()];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (String[] line : lines) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        sb.append(i == line.length - 1 ? line[i] : String.format("%-" + width[i] + "s  ", line[i]));
      }
      out.println(sb.toString().stripTrailing());
    }
    out.flush();
  }
}
