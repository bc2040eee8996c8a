package io.sextant.common.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Typed reads of one YAML mapping's fields, shared by every configuration file (the nodes', the
 * topology, the simulation). Each error names the field by its path ({@code prefix + key}), so a
 * caller adds only the file name. Durations are {@code 90s}, {@code 30m}, {@code 2h},
 * {@code 500ms}, {@code 1d} or ISO-8601 ({@code PT30M}); instants are ISO-8601 UTC.
 */
public final class YamlFields {
  private YamlFields() {}

  /** Reads {@code file}; every error (unreadable, not YAML, a field) names the file. */
  public static <T> T load(Path file, java.util.function.BiFunction<String, Path, T> parse) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      return parse.apply(text, file.toAbsolutePath().getParent());
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /** The top-level mapping of a YAML text (empty for an empty text), with only {@code allowed} keys. */
  public static Map<String, Object> topLevel(String text, Set<String> allowed) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new ConfigException("not valid YAML: " + e.getMessage(), e);
    }
    Map<String, Object> top = map(root == null ? Map.of() : root, "(top level)");
    known(top, allowed, "");
    return top;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object o, String field) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new ConfigException(field + ": must be a mapping of keys to values");
    }
    return (Map<String, Object>) m;
  }

  /** A section whose keys are all optional: absent or empty (every key commented out) is empty. */
  public static Map<String, Object> optionalMap(Map<String, Object> m, String key, String prefix) {
    Object v = m.get(key);
    return v == null ? Map.of() : map(v, prefix + key);
  }

  /** A section with only {@code allowed} keys, or null when absent. */
  public static Map<String, Object> section(Map<String, Object> m, String key, String prefix, Set<String> allowed) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    Map<String, Object> s = map(v, prefix + key);
    known(s, allowed, prefix + key + ".");
    return s;
  }

  /** Refuses a key not in {@code allowed}: a misspelt key silently ignored is worse than a refusal. */
  public static void known(Map<String, Object> m, Set<String> allowed, String prefix) {
    for (Object k : m.keySet()) {
      if (!allowed.contains(String.valueOf(k))) {
        throw new ConfigException(prefix + k + ": unknown key (known: "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  public static Object required(Map<String, Object> m, String key, String prefix) {
    Object v = m.get(key);
    if (v == null) {
      throw new ConfigException(prefix + key + ": required");
    }
    return v;
  }

  public static long integer(Map<String, Object> m, String key, String prefix, long dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw new ConfigException(prefix + key + ": must be a whole number, got '" + v + "'");
  }

  public static double number(Map<String, Object> m, String key, String prefix, double dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new ConfigException(prefix + key + ": must be a number, got '" + v + "'");
  }

  public static boolean bool(Map<String, Object> m, String key, String prefix, boolean dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ConfigException(prefix + key + ": must be true or false, got '" + v + "'");
  }

  public static String string(Map<String, Object> m, String key, String prefix, String dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Map || v instanceof List) {
      throw new ConfigException(prefix + key + ": must be a single value");
    }
    return String.valueOf(v);
  }

  /** One of {@code choices} (case-insensitive), lower-cased. */
  public static String choice(Map<String, Object> m, String key, String prefix, String dflt, String... choices) {
    String v = string(m, key, prefix, dflt);
    if (v == null) {
      return null;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (!List.of(choices).contains(lower)) {
      throw new ConfigException(prefix + key + ": must be " + String.join(" or ", choices) + ", got '" + v + "'");
    }
    return lower;
  }

  public static Duration duration(Map<String, Object> m, String key, String prefix, Duration dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return parseDuration(String.valueOf(v));
    } catch (ConfigException e) {
      throw new ConfigException(prefix + key + ": " + e.getMessage());
    }
  }

  public static Instant instant(Map<String, Object> m, String key, String prefix) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof java.util.Date d) {
      return d.toInstant(); // YAML timestamps arrive as dates
    }
    try {
      return Instant.parse(String.valueOf(v));
    } catch (DateTimeParseException e) {
      throw new ConfigException(prefix + key + ": '" + v + "' is not an ISO-8601 UTC instant like 2026-11-23T18:00:00Z");
    }
  }

  /** A path, relative ones resolved against {@code base} (the file's directory); null when absent. */
  public static Path path(Map<String, Object> m, String key, String prefix, Path base) {
    String s = string(m, key, prefix, null);
    if (s == null || s.isBlank()) {
      return null;
    }
    return resolve(s, base);
  }

  public static Path resolve(String s, Path base) {
    Path p = Path.of(s);
    return p.isAbsolute() || base == null ? p : base.resolve(p);
  }

  /** A list of single values, or null when absent. */
  public static List<String> list(Map<String, Object> m, String key, String prefix) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> l)) {
      throw new ConfigException(prefix + key + ": must be a list, e.g. [central, edge-1]");
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (o instanceof Map || o instanceof List) {
        throw new ConfigException(prefix + key + ": must be a list of single values");
      }
      out.add(String.valueOf(o));
    }
    return out;
  }

  /** A list of mappings ({@code - name: ...}), each with only {@code allowed} keys; empty when absent. */
  public static List<Map<String, Object>> mappings(Map<String, Object> m, String key, String prefix,
      Set<String> allowed, String example) {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new ConfigException(prefix + key + ": must be a list (" + example + ")");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      String field = prefix + key + "[" + i + "]";
      Map<String, Object> item = map(l.get(i), field);
      if (allowed != null) {
        known(item, allowed, field + ".");
      }
      out.add(item);
    }
    return out;
  }

  /** {@code host:port}, or null when absent. */
  public static InetSocketAddress address(Map<String, Object> m, String key, String prefix) {
    return parseAddress(string(m, key, prefix, null), prefix + key);
  }

  /** {@code host:port} (e.g. 127.0.0.1:9201), or null for null or blank; {@code field} names it in errors. */
  public static InetSocketAddress parseAddress(String hostPort, String field) {
    if (hostPort == null || hostPort.isBlank()) {
      return null;
    }
    int colon = hostPort.lastIndexOf(':');
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1).strip());
      if (colon < 1 || port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(hostPort.substring(0, colon).strip(), port);
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new ConfigException(field + ": must be host:port (e.g. 127.0.0.1:9201), got '" + hostPort + "'");
    }
  }

  /** Reads a secret (a token) from a file, trimmed; the message never includes the content. */
  public static String readSecret(Path file, String field) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (s.isEmpty()) {
        throw new ConfigException(field + ": " + file + " is empty");
      }
      return s;
    } catch (IOException e) {
      throw new ConfigException(field + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 500ms}, {@code 1d} or ISO-8601. */
  public static Duration parseDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw new ConfigException("'" + text + "' is not a duration (90s, 30m, 2h, 500ms or ISO-8601 like PT30M)");
    }
  }
}
