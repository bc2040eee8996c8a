package io.sextant.alarm.service.alertmanager;

import io.sextant.common.match.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Alertmanager's three ways to write matchers: {@code matchers:} (a list of strings, each one
 * matcher or several separated by commas, braces optional, values quoted or not, with {@code \"},
 * {@code \\} and {@code \n} escapes inside quotes) and the deprecated {@code match:} (equality)
 * and {@code match_re:} (anchored regex) mappings.
 */
final class AmMatchers {
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private AmMatchers() {}

  /** Every matcher of the node's {@code <prefix>matchers}, {@code <prefix>match} and {@code <prefix>match_re}. */
  static List<Matcher> of(AmNode n, String prefix) {
    List<Matcher> out = new ArrayList<>();
    for (Map.Entry<String, String> e : n.labels(prefix + "match").entrySet()) {
      out.add(matcher(n, prefix + "match", e.getKey(), Matcher.Op.EQ, e.getValue()));
    }
    for (Map.Entry<String, String> e : n.labels(prefix + "match_re").entrySet()) {
      out.add(matcher(n, prefix + "match_re", e.getKey(), Matcher.Op.RE, e.getValue()));
    }
    List<String> texts = n.texts(prefix + "matchers");
    for (int i = 0; i < texts.size(); i++) {
      out.addAll(parse(n, prefix + "matchers[" + i + "]", texts.get(i)));
    }
    return out;
  }

  private static Matcher matcher(AmNode n, String key, String name, Matcher.Op op, String value) {
    if (!LABEL.matcher(name).matches()) {
      throw n.error(key, "has '" + name + "', which is not a label name");
    }
    try {
      return Matcher.of(name, op, value);
    } catch (IllegalArgumentException e) {
      throw n.error(key, "is invalid: " + e.getMessage());
    }
  }

  /** One {@code matchers:} entry: {@code a="b", c=~"d|e"} or {@code {a="b"}}. */
  static List<Matcher> parse(AmNode n, String key, String text) {
    String s = text.strip();
    if (s.startsWith("{") != s.endsWith("}")) {
      throw n.error(key, "'" + text + "' has an unbalanced brace");
    }
    if (s.startsWith("{")) {
      s = s.substring(1, s.length() - 1);
    }
    List<Matcher> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i == s.length()) {
        break;
      }
      int start = i;
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
      }
      String name = s.substring(start, i);
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      Matcher.Op op = null;
      for (Matcher.Op candidate : new Matcher.Op[] {Matcher.Op.RE, Matcher.Op.NRE, Matcher.Op.NE, Matcher.Op.EQ}) {
        String sym = switch (candidate) {
          case RE -> "=~";
          case NRE -> "!~";
          case NE -> "!=";
          case EQ -> "=";
        };
        if (s.startsWith(sym, i)) {
          op = candidate;
          i += sym.length();
          break;
        }
      }
      if (name.isEmpty() || op == null) {
        throw n.error(key, "'" + text + "' is not a matcher like name=\"value\", name=~\"regex\"");
      }
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < s.length()) {
          char c = s.charAt(i++);
          if (c == '"') {
            closed = true;
            break;
          }
          if (c == '\\' && i < s.length()) {
            char e = s.charAt(i++);
            value.append(switch (e) {
              case 'n' -> "\n";
              case '"' -> "\"";
              case '\\' -> "\\";
              default -> "\\" + e;
            });
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          throw n.error(key, "'" + text + "' has an unterminated quote");
        }
      } else {
        int from = i;
        while (i < s.length() && s.charAt(i) != ',') {
          i++;
        }
        value.append(s.substring(from, i).strip());
      }
      out.add(matcher(n, key, name, op, value.toString()));
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i < s.length()) {
        if (s.charAt(i) != ',') {
          throw n.error(key, "'" + text + "': expected a comma after the matcher on " + name);
        }
        i++;
      }
    }
    return out;
  }
}
