package io.sextant.runbook.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.serialization.NodeReader;
import com.networknt.schema.utils.JsonNodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The published runbook schema ({@value #RESOURCE}, JSON Schema 2020-12) and its validation of a
 * YAML text, each error with the line it is on: the YAML is read location-aware, and an error's
 * instance path leads back to its node.
 */
public final class RunbookSchema {
  /** The schema on the class path; docs/remediation.md publishes the same file. */
  public static final String RESOURCE = "io/sextant/runbook/runbook.schema.json";

  private static final Schema SCHEMA = load();
  private static final NodeReader READER = NodeReader.builder().locationAware().build();

  private RunbookSchema() {}

  private static Schema load() {
    try (InputStream in = RunbookSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's text, for {@code sextant runbooks schema} and the docs. */
  public static String text() {
    try (InputStream in = RunbookSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A YAML text read with the line of every node, or the syntax error at its line. */
  record Read(JsonNode tree, Problem syntax) {}

  static Read read(String source, String yaml) {
    try {
      JsonNode tree = READER.readTree(yaml, InputFormat.YAML);
      return new Read(tree, null);
    } catch (IOException | RuntimeException e) {
      return new Read(null, syntax(source, yaml, e));
    }
  }

  /** The YAML error with its line: SnakeYAML's own report names the line and the problem. */
  private static Problem syntax(String source, String yaml, Exception readError) {
    try {
      new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
          new org.yaml.snakeyaml.LoaderOptions())).load(yaml);
    } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      return new Problem(source, line, "not valid YAML: " + e.getProblem()
          + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
    } catch (RuntimeException e) {
      return new Problem(source, 0, "not valid YAML: " + e.getMessage());
    }
    JsonLocation at = readError instanceof JsonProcessingException j ? j.getLocation() : null;
    return new Problem(source, at == null ? 0 : at.getLineNr(), "not valid YAML: " + readError.getMessage());
  }

  /** Every schema violation of {@code tree}, ordered by line. */
  static List<Problem> validate(String source, JsonNode tree) {
    List<Problem> out = new ArrayList<>();
    for (Error e : SCHEMA.validate(tree)) {
      NodePath at = e.getInstanceLocation();
      out.add(new Problem(source, line(tree, at, e.getProperty()), describe(e)));
    }
    out.sort(Comparator.comparingInt(Problem::line));
    return out;
  }

  /** {@code field: reason}, in the words the rest of Sextant's configuration errors use. */
  private static String describe(Error e) {
    String field = dotted(e.getInstanceLocation());
    String prop = e.getProperty();
    String named = prop == null ? field : field.isEmpty() ? prop : field + "." + prop;
    JsonNode value = e.getInstanceNode();
    String shown = value == null ? "" : value.isTextual() ? value.asText() : String.valueOf(value);
    String reason = switch (e.getKeyword() == null ? "" : e.getKeyword()) {
      case "additionalProperties" -> "unknown field";
      case "required" -> "is required";
      case "enum" -> "invalid value '" + shown + "' (" + e.getMessage().replaceFirst("^.*enumeration ", "one of ") + ")";
      case "pattern" -> e.getSchemaLocation().toString().contains("duration")
          ? "invalid value '" + shown + "': not a duration (write e.g. 500ms, 45s, 10m, 1h)"
          : "invalid value '" + shown + "': must be letters, digits, '.', '_' or '-'";
      case "oneOf" -> "give exactly one of detection, diagnosis or alarm";
      default -> e.getMessage();
    };
    return (named.isEmpty() ? "(top level)" : named) + ": " + reason;
  }

  /** {@code steps[0].hook}: the path as the other configuration errors name fields. */
  private static String dotted(NodePath path) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      if (el instanceof Number n) {
        b.append('[').append(n).append(']');
      } else {
        b.append(b.length() == 0 ? "" : ".").append(el);
      }
    }
    return b.toString();
  }

  /** The line of the node at {@code path} (of its {@code property} when the error names one), or 0. */
  static int line(JsonNode tree, NodePath path, String property) {
    JsonNode node = JsonNodes.get(tree, path);
    if (node != null && property != null && node.get(property) != null) {
      node = node.get(property);
    }
    JsonLocation loc = node == null ? null : JsonNodes.tokenStreamLocationOf(node);
    return loc == null ? 0 : loc.getLineNr();
  }

  /** The line of the field {@code dotted} ({@code verify.within}), or 0. */
  static int line(JsonNode tree, String dotted) {
    JsonNode node = tree;
    JsonNode last = null;
    for (String part : dotted.split("\\.")) {
      if (node == null || part.isEmpty()) {
        break;
      }
      last = node;
      node = node.get(part);
    }
    JsonNode at = node != null ? node : last;
    JsonLocation loc = at == null ? null : JsonNodes.tokenStreamLocationOf(at);
    return loc == null ? 0 : loc.getLineNr();
  }
}
