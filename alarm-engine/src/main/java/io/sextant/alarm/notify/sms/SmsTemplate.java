package io.sextant.alarm.notify.sms;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with {@code {name}} placeholders. The names are checked when the receiver is configured, so
 * a typo is refused at start rather than sent as it is.
 */
public record SmsTemplate(String text) {
  /** What a message or a field may use. */
  public static final Set<String> ALARM_FIELDS = Set.of("severity", "site", "resource", "summary", "state", "id",
      "alertname", "count");
  /** What a field (not the message) may use besides the alarm's fields. */
  public static final Set<String> FIELD_EXTRAS = Set.of("message", "to", "secret");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

  /** Throws IllegalArgumentException naming a placeholder not in {@code known}. */
  public SmsTemplate check(Set<String> known) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!known.contains(m.group(1))) {
        throw new IllegalArgumentException("'{" + m.group(1) + "}' is not a placeholder (known: "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
    return this;
  }

  public String render(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Cut to {@code max} characters (code points), the last one an ellipsis when it was longer. */
  public static String truncate(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
  }
}
