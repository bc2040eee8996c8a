package io.sextant.alarm.service.alertmanager;

import io.sextant.alarm.service.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mapping of {@code alertmanager.yml} with its path, so errors name the field as the file
 * spells it ({@code receivers[2].webhook_configs[0].url}).
 */
record AmNode(String source, String path, Map<?, ?> map) {

  List<String> keys() {
    return map.keySet().stream().map(String::valueOf).toList();
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  ConfigException error(String key, String message) {
    return new ConfigException(source + ": " + field(key) + " " + message);
  }

  String text(String key, String otherwise) {
    Object v = map.get(key);
    if (v == null) {
      return otherwise;
    }
    if (v instanceof Map || v instanceof List) {
      throw error(key, "must be a single value");
    }
    return String.valueOf(v);
  }

  boolean flag(String key, boolean otherwise) {
    Object v = map.get(key);
    if (v == null) {
      return otherwise;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw error(key, "must be true or false, got '" + v + "'");
  }

  List<String> texts(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw error(key, "must be a list");
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (o == null || o instanceof Map || o instanceof List) {
        throw error(key, "must be a list of strings");
      }
      out.add(String.valueOf(o));
    }
    return out;
  }

  /** A mapping of label names to values ({@code match:}, {@code match_re:}), in file order. */
  Map<String, String> labels(String key) {
    Object v = map.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw error(key, "must be a mapping of label names to values");
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : String.valueOf(val)));
    return out;
  }

  AmNode child(String key) {
    Object v = map.get(key);
    if (v == null) {
      return new AmNode(source, field(key), Map.of());
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw error(key, "must be a mapping");
    }
    return new AmNode(source, field(key), m);
  }

  List<AmNode> children(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw error(key, "must be a list");
    }
    List<AmNode> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw error(key + "[" + i + "]", "must be a mapping");
      }
      out.add(new AmNode(source, field(key) + "[" + i + "]", m));
    }
    return out;
  }

  /** Alertmanager's durations: {@code 1y2w3d4h5m6s7ms} (any part may be left out) or {@code 0}. */
  java.time.Duration duration(String key, java.time.Duration otherwise) {
    String s = text(key, null);
    if (s == null) {
      return otherwise;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?").matcher(s);
    if (s.equals("0")) {
      return java.time.Duration.ZERO;
    }
    if (s.isEmpty() || !m.matches()) {
      throw error(key, "'" + s + "' is not a duration like 30s, 5m, 1h30m");
    }
    long[] millis = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
    long total = 0;
    for (int i = 0; i < millis.length; i++) {
      if (m.group(i + 1) != null) {
        total += Long.parseLong(m.group(i + 1)) * millis[i];
      }
    }
    return java.time.Duration.ofMillis(total);
  }
}
