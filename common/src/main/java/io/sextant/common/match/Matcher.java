package io.sextant.common.match;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher with Alertmanager's semantics: a missing label has the value {@code ""};
 * regular expressions are anchored at both ends ({@code job=~"node"} does not match
 * {@code node-exporter}). Immutable; the regex is compiled once.
 */
public record Matcher(String name, Op op, String value, Pattern regex) {
  public enum Op {
    EQ("="),
    NE("!="),
    RE("=~"),
    NRE("!~");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  private static final Pattern SYNTAX = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

  public Matcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(value, "value");
    if (op == Op.RE || op == Op.NRE) {
      try {
        regex = Pattern.compile("^(?:" + value + ")$");
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("matcher " + name + op.symbol + "\"" + value + "\" has an invalid regex: "
            + e.getDescription());
      }
    } else {
      regex = null;
    }
  }

  public static Matcher of(String name, Op op, String value) {
    return new Matcher(name, op, value, null);
  }

  /** Parses {@code name=value}, {@code name!="value"}, {@code name=~regex}, {@code name!~regex}. */
  public static Matcher parse(String text) {
    java.util.regex.Matcher m = SYNTAX.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("matcher '" + text + "' must look like name=value, name!=value, "
          + "name=~regex or name!~regex");
    }
    String value = m.group(3);
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    Op op = switch (m.group(2)) {
      case "=" -> Op.EQ;
      case "!=" -> Op.NE;
      case "=~" -> Op.RE;
      default -> Op.NRE;
    };
    return of(m.group(1), op, value);
  }

  public static List<Matcher> parseAll(List<String> texts) {
    return texts.stream().map(Matcher::parse).toList();
  }

  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    return switch (op) {
      case EQ -> actual.equals(value);
      case NE -> !actual.equals(value);
      case RE -> regex.matcher(actual).matches();
      case NRE -> !regex.matcher(actual).matches();
    };
  }

  /** True when every matcher matches (an empty list matches everything). */
  public static boolean all(List<Matcher> matchers, Map<String, String> labels) {
    for (Matcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return name + op.symbol + "\"" + value + "\"";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Matcher other && name.equals(other.name) && op == other.op && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, op, value);
  }
}
