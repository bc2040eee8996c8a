package io.sextant.alarm.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of the parsed YAML with its path, so every error names the field
 * ({@code receivers[2].url is required}). Unknown keys are rejected: a typo in an operator's
 * file must not silently drop a route.
 */
final class ConfigNode {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final String path;
  private final Map<?, ?> map;

  ConfigNode(String path, Map<?, ?> map) {
    this.path = path;
    this.map = map;
  }

  String path() {
    return path;
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  /** Rejects keys other than {@code allowed}. */
  ConfigNode only(String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Object key : map.keySet()) {
      if (!ok.contains(String.valueOf(key))) {
        throw new ConfigException(field(String.valueOf(key)) + " is not a known setting (known: "
            + String.join(", ", allowed) + ")");
      }
    }
    return this;
  }

  String text(String key) {
    Object v = map.get(key);
    if (v == null) {
      throw new ConfigException(field(key) + " is required");
    }
    if (v instanceof Map || v instanceof List) {
      throw new ConfigException(field(key) + " must be a single value");
    }
    // YAML reads an unquoted 2025-03-01T22:00:00Z as a timestamp: give it back as ISO-8601 text.
    String s = v instanceof java.util.Date d ? d.toInstant().toString() : String.valueOf(v);
    if (s.isBlank()) {
      throw new ConfigException(field(key) + " must not be blank");
    }
    return s;
  }

  String text(String key, String otherwise) {
    return has(key) ? text(key) : otherwise;
  }

  int integer(String key, int otherwise) {
    if (!has(key)) {
      return otherwise;
    }
    try {
      return Integer.parseInt(text(key));
    } catch (NumberFormatException e) {
      throw new ConfigException(field(key) + " must be an integer, got '" + map.get(key) + "'");
    }
  }

  boolean flag(String key, boolean otherwise) {
    if (!has(key)) {
      return otherwise;
    }
    Object v = map.get(key);
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ConfigException(field(key) + " must be true or false, got '" + v + "'");
  }

  /** Prometheus-style: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 0}. */
  Duration duration(String key, Duration otherwise) {
    if (!has(key)) {
      return otherwise;
    }
    String s = text(key).trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      throw new ConfigException(field(key) + " '" + s + "' is not a duration like 30s, 5m, 1h30m");
    }
    return total;
  }

  List<String> texts(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new ConfigException(field(key) + " must be a list");
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (o == null || o instanceof Map || o instanceof List) {
        throw new ConfigException(field(key) + " must be a list of strings");
      }
      out.add(String.valueOf(o));
    }
    return out;
  }

  /** A mapping of names to single values, in file order ({@code headers: {X-Api-Key: ...}}). */
  java.util.Map<String, String> textMap(String key) {
    ConfigNode c = child(key);
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Object k : c.map.keySet()) {
      out.put(String.valueOf(k), c.text(String.valueOf(k)));
    }
    return out;
  }

  ConfigNode child(String key) {
    Object v = map.get(key);
    if (v == null) {
      return new ConfigNode(field(key), Map.of());
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new ConfigException(field(key) + " must be a mapping");
    }
    return new ConfigNode(field(key), m);
  }

  List<ConfigNode> children(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new ConfigException(field(key) + " must be a list");
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw new ConfigException(field(key) + "[" + i + "] must be a mapping");
      }
      out.add(new ConfigNode(field(key) + "[" + i + "]", m));
    }
    return out;
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
