package io.sextant.dashboards.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads dashboard JSON files. */
public final class Dashboards {
  /** The dashboards' one home, relative to the module (the tests' working directory). */
  public static final Path SOURCE = Path.of("grafana", "dashboards");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Dashboards() {}

  /** Every {@code *.json} in {@code dir}, sorted by file name. */
  public static List<Dashboard> load(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().map(Dashboards::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  public static List<Dashboard> source() {
    return load(SOURCE);
  }

  public static Dashboard read(Path file) {
    try {
      return parse(file.getFileName().toString(), JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard " + file, e);
    }
  }

  public static Dashboard parse(String file, JsonNode json) {
    List<Variable> variables = new ArrayList<>();
    for (JsonNode v : json.path("templating").path("list")) {
      JsonNode q = v.path("query");
      String sql = q.isObject() ? q.path("rawSql").asText() : q.asText();
      variables.add(new Variable(v.path("name").asText(), new Query(v.path("name").asText(), Query.TABLE, sql,
          v.get("datasource")), v.path("multi").asBoolean(), v.path("includeAll").asBoolean(),
          v.path("allValue").isTextual() && !v.path("allValue").asText().isEmpty() ? v.path("allValue").asText() : null,
          v));
    }
    List<Query> annotations = new ArrayList<>();
    for (JsonNode a : json.path("annotations").path("list")) {
      JsonNode t = a.path("target");
      annotations.add(new Query(a.path("name").asText(), t.path("format").asText(Query.TABLE),
          t.path("rawSql").asText(), a.get("datasource")));
    }
    List<Panel> panels = new ArrayList<>();
    for (JsonNode p : json.path("panels")) {
      List<Query> targets = new ArrayList<>();
      for (JsonNode t : p.path("targets")) {
        targets.add(new Query(t.path("refId").asText(), t.path("format").asText(Query.TIME_SERIES),
            t.path("rawSql").asText(), t.get("datasource")));
      }
      panels.add(new Panel(p.path("id").asInt(), p.path("type").asText(), p.path("title").asText(),
          List.copyOf(targets), p));
    }
    return new Dashboard(file, json.path("uid").asText(), json.path("title").asText(), List.copyOf(variables),
        List.copyOf(annotations), List.copyOf(panels), json);
  }
}
