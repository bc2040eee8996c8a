package io.sextant.alarm.compat;

import io.sextant.common.match.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The query of {@code GET /api/v2/alerts} and {@code /alerts/groups}, parsed: every
 * {@code filter} matcher must match an alert's labels, the flags say which states to show (all
 * {@code true} by default, as in Alertmanager), and {@code receiver} is a regex, anchored, one of
 * the alert's receivers must match. Bad input throws {@link BadQuery} naming the parameter.
 */
public record AlertQuery(List<Matcher> filter, boolean active, boolean silenced, boolean inhibited,
    boolean unprocessed, Pattern receiver) {
  /** Longest filter matcher taken, in characters (a label value's limit is the intake's). */
  public static final int MAX_MATCHER_CHARS = 16 * 1024;

  public static final AlertQuery ALL = new AlertQuery(List.of(), true, true, true, true, null);

  /** A query parameter Sextant cannot take; {@code reason} is the counter's. */
  public static final class BadQuery extends IllegalArgumentException {
    public final String reason;

    public BadQuery(String reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  public AlertQuery {
    filter = List.copyOf(filter);
  }

  /**
   * @param filters each one matcher or a braced list ({@code {a="b",c=~"d.*"}}), as amtool sends them
   * @param flags the raw {@code active}, {@code silenced}, {@code inhibited}, {@code unprocessed}
   *     values by name, null when absent
   * @param receiver null when absent
   */
  public static AlertQuery parse(List<String> filters, Map<String, String> flags, String receiver) {
    List<Matcher> matchers = new ArrayList<>();
    for (String f : filters == null ? List.<String>of() : filters) {
      matchers.addAll(matchers(f));
    }
    Pattern r = null;
    if (receiver != null && !receiver.isEmpty()) {
      try {
        r = Pattern.compile("^(?:" + receiver + ")$");
      } catch (PatternSyntaxException e) {
        throw new BadQuery("invalid_receiver", "receiver '" + receiver + "' is not a valid regex: " + e.getDescription());
      }
    }
    return new AlertQuery(matchers, flag(flags, "active"), flag(flags, "silenced"), flag(flags, "inhibited"),
        flag(flags, "unprocessed"), r);
  }

  /** One {@code filter} value: a matcher, or several in braces separated by commas. */
  public static List<Matcher> matchers(String text) {
    if (text.length() > MAX_MATCHER_CHARS) {
      throw new BadQuery("matcher_too_large", "filter is " + text.length() + " characters, over the limit of "
          + MAX_MATCHER_CHARS);
    }
    String t = text.strip();
    if (t.startsWith("{") && t.endsWith("}")) {
      t = t.substring(1, t.length() - 1);
    }
    List<Matcher> out = new ArrayList<>();
    for (String part : splitOutsideQuotes(t)) {
      if (part.isBlank()) {
        continue;
      }
      try {
        out.add(Matcher.parse(part));
      } catch (IllegalArgumentException e) {
        throw new BadQuery("invalid_matcher", "bad matcher in filter: " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new BadQuery("invalid_matcher", "bad matcher in filter: '" + text + "' holds no matcher");
    }
    return out;
  }

  public boolean labelsMatch(Map<String, String> labels) {
    return Matcher.all(filter, labels);
  }

  public boolean receiversMatch(List<String> receivers) {
    return receiver == null || receivers.stream().anyMatch(n -> receiver.matcher(n).matches());
  }

  private static List<String> splitOutsideQuotes(String s) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quoted && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  private static boolean flag(Map<String, String> flags, String name) {
    String v = flags == null ? null : flags.get(name);
    if (v == null || v.isEmpty()) {
      return true;
    }
    return switch (v) {
      case "true", "1", "True", "TRUE" -> true;
      case "false", "0", "False", "FALSE" -> false;
      default -> throw new BadQuery("invalid_parameter", name + " must be true or false, got '" + v + "'");
    };
  }
}
