package io.sextant.store.query;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label condition, with Prometheus semantics: a missing label reads as the empty string, and
 * regular expressions are anchored (they must match the whole value). The pseudo-label
 * {@value #SITE} matches the series' site. Regexes run in PostgreSQL (its ARE syntax, which
 * shares the common subset with RE2: classes, alternation, repetition).
 */
public record LabelMatcher(String name, Op op, String value) {
  public static final String SITE = "__site__";

  public enum Op {
    EQ("="), NEQ("<>"), RE("~"), NRE("!~");

    final String sql;

    Op(String sql) {
      this.sql = sql;
    }
  }

  public LabelMatcher {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(value, "value");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("label matcher needs a label name");
    }
    if (op == Op.RE || op == Op.NRE) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("label matcher " + name + " has an invalid regex '" + value + "': "
            + e.getDescription(), e);
      }
    }
  }

  public static LabelMatcher eq(String name, String value) {
    return new LabelMatcher(name, Op.EQ, value);
  }

  public static LabelMatcher neq(String name, String value) {
    return new LabelMatcher(name, Op.NEQ, value);
  }

  public static LabelMatcher re(String name, String regex) {
    return new LabelMatcher(name, Op.RE, regex);
  }

  public static LabelMatcher nre(String name, String regex) {
    return new LabelMatcher(name, Op.NRE, regex);
  }

  /** The SQL condition; its parameters are {@link #parameters()}, in order. */
  String sql() {
    String subject = SITE.equals(name) ? "site" : "coalesce(labels ->> ?, '')";
    return subject + " " + op.sql + " ?";
  }

  Object[] parameters() {
    String v = op == Op.RE || op == Op.NRE ? "^(?:" + value + ")$" : value;
    return SITE.equals(name) ? new Object[] {v} : new Object[] {name, v};
  }
}
