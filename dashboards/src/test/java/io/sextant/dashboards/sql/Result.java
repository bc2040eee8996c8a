package io.sextant.dashboards.sql;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/** A query's columns (name and PostgreSQL type) and rows, as the data source receives them. */
public record Result(List<Column> columns, List<Object[]> rows) {
  /** What Grafana's frame conversion makes of a PostgreSQL type. */
  public enum Kind { TIME, NUMBER, TEXT, BOOL, JSON, OTHER }

  public record Column(String name, String type) {
    public Kind kind() {
      return switch (type) {
        case "timestamptz", "timestamp", "date" -> Kind.TIME;
        case "int2", "int4", "int8", "float4", "float8", "numeric" -> Kind.NUMBER;
        case "text", "varchar", "bpchar", "name", "char" -> Kind.TEXT;
        case "bool" -> Kind.BOOL;
        case "json", "jsonb" -> Kind.JSON;
        default -> Kind.OTHER;
      };
    }
  }

  /** Runs {@code sql} as one simple-protocol statement, as Grafana's pgx Exec does. */
  public static Result of(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Column> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
      }
      List<Object[]> rows = new ArrayList<>();
      while (rs.next()) {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = rs.getObject(i + 1);
        }
        rows.add(row);
      }
      return new Result(List.copyOf(columns), rows);
    }
  }

  public int index(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public Column column(String name) {
    int i = index(name);
    return i < 0 ? null : columns.get(i);
  }

  public List<Object> values(String name) {
    int i = index(name);
    return rows.stream().map(r -> r[i]).toList();
  }
}
