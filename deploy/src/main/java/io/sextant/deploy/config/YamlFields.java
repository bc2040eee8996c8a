package io.sextant.deploy.config;

import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Typed reads of one YAML mapping's fields, shared by the configuration files (process
 * configuration, topology). Each error names the field by its path ({@code prefix + key}).
 */
final class YamlFields {
  private YamlFields() {}

  /** The top-level mapping of a YAML text (empty for an empty text), with only {@code allowed} keys. */
  static Map<String, Object> topLevel(String text, Set<String> allowed) {
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
  static Map<String, Object> map(Object o, String field) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new ConfigException(field + ": must be a mapping of keys to values");
    }
    return (Map<String, Object>) m;
  }

  /** Refuses a key not in {@code allowed}: a misspelt key silently ignored is worse than a refusal. */
  static void known(Map<String, Object> m, Set<String> allowed, String prefix) {
    for (Object k : m.keySet()) {
      if (!allowed.contains(String.valueOf(k))) {
        throw new ConfigException(prefix + k + ": unknown key (known: "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  static long integer(Map<String, Object> m, String key, String prefix, long dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw new ConfigException(prefix + key + ": must be a whole number, got '" + v + "'");
  }

  static double number(Map<String, Object> m, String key, String prefix, double dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new ConfigException(prefix + key + ": must be a number, got '" + v + "'");
  }

  static boolean bool(Map<String, Object> m, String key, String prefix, boolean dflt) {
    Object v = m.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ConfigException(prefix + key + ": must be true or false, got '" + v + "'");
  }
}
